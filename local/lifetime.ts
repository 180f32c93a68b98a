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

/** How long one thing may take to stop before the next is stopped anyway (an open connection, say). */
const STOP_TIMEOUT_MS = 5000;

function withTimeout(stop: () => Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still stopping after ${ms} ms`)), ms);
  });
  return Promise.race([stop(), late]).finally(() => clearTimeout(timer));
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
          await withTimeout(stop, STOP_TIMEOUT_MS).catch((error: unknown) =>
            log(`${name} did not stop cleanly: ${String(error)}`),
          );
        }
      })();
      return stopping;
    },
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Calls `shutdown` once when the process is told to end or is orphaned (its parent pid changes:
 * npm or the shell that started it is gone, so nobody would ever send the signal). Ctrl-C reaches
 * both npm and this process, and npm forwards it too: a repeat within a few seconds is that echo and
 * is ignored; a later one (the user insisting) exits at once.
 */
export function onShutdown(
  shutdown: (reason: string) => void,
  options: { pollMs?: number; echoMs?: number } = {},
): void {
  const parent = process.ppid;
  let calledAt: number | undefined;
  const once = (reason: string) => {
    if (calledAt !== undefined) {
      const insisting = Date.now() - calledAt > (options.echoMs ?? 3000);
      if (insisting && SIGNALS.includes(reason as (typeof SIGNALS)[number])) process.exit(1);
      return;
    }
    calledAt = Date.now();
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
