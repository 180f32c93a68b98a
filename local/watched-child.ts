/**
 * A child process that cannot outlive this one: started by a small POSIX shell in a process group of
 * its own, which keeps a watcher on a pipe from this process and `exec`s the command. When this
 * process ends in any way (even killed with SIGKILL) the pipe closes and the watcher kills the
 * group. DynamoDB Local's JVM and cognito-local run this way.
 */
import { type ChildProcess, spawn } from 'node:child_process';

const WATCHDOG = 'exec 3<&0; (cat <&3 >/dev/null; kill 0) & exec "$@" 3<&- </dev/null';

export interface WatchedChild {
  child: ChildProcess;
  /** Rejects (with its stderr) when the child exits before `stop`. */
  exited: Promise<never>;
  /** SIGTERM to its process group; resolves once it has exited. */
  stop(): Promise<void>;
}

export function spawnWatched(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): WatchedChild {
  const child = spawn('sh', ['-c', WATCHDOG, name, command, ...args], {
    ...options,
    stdio: ['pipe', 'ignore', 'pipe'],
    detached: true,
  });
  // The pipe only says "this process is alive": it must not keep it alive.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exited = gone.then((): never => {
    throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode}: ${stderr}`);
  });
  exited.catch(() => undefined);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      child.ref();
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await gone;
    }
    child.stdin?.destroy();
    child.stderr?.destroy();
  };
  return { child, exited, stop };
}
