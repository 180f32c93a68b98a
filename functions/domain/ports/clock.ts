/**
 * The only way the shell learns the time; the domain takes `now` as an argument instead. The
 * implementation that reads the system clock is `#shared/system-clock.ts`.
 */
export interface Clock {
  now(): Date;
}
