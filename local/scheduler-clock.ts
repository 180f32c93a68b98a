/**
 * The scheduler emulator's clock: frozen virtual time that tests move by hand, or — while ticking —
 * the system clock plus an offset, with a timer that fires whatever falls due (`npm start`).
 */
import type { Clock } from '#domain/ports/clock.ts';

export interface EmulatorClock extends Clock {
  now(): Date;
}

export function makeVirtualClock(initialMs: number) {
  let ticking = false;
  let frozenAt = initialMs;
  let offsetMs = 0;
  let tickTimer: NodeJS.Timeout | undefined;
  const nowMs = () => (ticking ? Date.now() + offsetMs : frozenAt);
  const clock: EmulatorClock = { now: () => new Date(nowMs()) };

  return {
    clock,
    nowMs,
    /** Moves the clock (either mode). */
    setNow(ms: number): void {
      if (ticking) offsetMs = ms - Date.now();
      else frozenAt = ms;
    },
    /** Follows the system clock, keeping the current offset, and calls `tick` every interval. */
    startTicking(intervalMs: number, tick: () => void): void {
      if (!ticking) {
        offsetMs = frozenAt - Date.now();
        ticking = true;
      }
      if (tickTimer) clearInterval(tickTimer);
      tickTimer = setInterval(tick, intervalMs);
      tickTimer.unref();
    },
    /** Back to a frozen clock at the current time. */
    stopTicking(): void {
      if (tickTimer) clearInterval(tickTimer);
      tickTimer = undefined;
      if (ticking) {
        frozenAt = Date.now() + offsetMs;
        ticking = false;
      }
    },
  };
}

export type VirtualClock = ReturnType<typeof makeVirtualClock>;
