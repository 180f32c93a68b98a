/**
 * The local stack's lifetime: what was started is stopped once, in reverse order, however the start
 * process is asked to end — a signal (SIGINT, SIGTERM, SIGHUP), its parent going away (npm killed,
 * terminal closed), or a startup failure halfway through.
 */

export interface Lifetime {
  /** Registers something started; stopped before whatever was started earlier. */
  add(name: string, stop: () => Promise<void>): void;
  /** Stops everything started so far (once; later calls wait for the same stop). */
  stopAll(): Promise<void>;
}

export function makeLifetime(log: (line: string) => void = console.error): Lifetime {
  const started: { name: string; stop: () => Promise<void> }[] = [];
  let stopping: Promise<void> | undefined;
  return {
    add(name, stop) {
      // Started while stopping (a signal during startup): stopped at once.
      if (stopping) void stopping.then(stop).catch(() => undefined);
      else started.push({ name, stop });
    },
    stopAll() {
      stopping ??= (async () => {
        for (const { name, stop } of started.reverse()) {
          await stop().catch((error: unknown) => log(`${name} did not stop cleanly: ${String(error)}`));
        }
      })();
      return stopping;
    },
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `shutdown` once when the process is told to end or is orphaned (its parent pid changes:
 * npm or the shell that started it is gone, so nobody would ever send the signal). A second signal
 * while shutting down exits at once.
 */
export function onShutdown(shutdown: (reason: string) => void, options: { pollMs?: number } = {}): void {
  const parent = process.ppid;
  let called = false;
  const once = (reason: string) => {
    if (called) {
      if (SIGNALS.includes(reason as (typeof SIGNALS)[number])) process.exit(1);
      return;
    }
    called = true;
    clearInterval(watch);
    shutdown(reason);
  };
  for (const signal of SIGNALS) process.on(signal, () => once(signal));
  const watch = setInterval(() => {
    if (process.ppid !== parent) once('parent process exited');
  }, options.pollMs ?? 500);
  watch.unref();
  // Writing to a terminal or pipe that has gone away must end the stack cleanly, not crash it.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => once('output closed'));
  }
}
