import type { Clock } from '#domain/ports/clock.ts';

/** The Clock port on the machine's clock: what the Lambda handlers use. */
export const systemClock: Clock = { now: () => new Date() };
