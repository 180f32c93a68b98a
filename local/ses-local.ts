import type { Server } from 'node:http';
import type { RunningEmulator } from './dynamodb-local.ts';
import { freePort } from './free-port.ts';

/** Starts aws-ses-v2-local in this process. Its UI at `/` shows every email sent. */
export async function startSesLocal(options: { port?: number } = {}): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const mod = (await import('aws-ses-v2-local')) as { default: Start | { default: Start } };
  const start: Start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server = await start({ host: '127.0.0.1', port });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
