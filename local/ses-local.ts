import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { RunningEmulator } from './dynamodb-local.ts';
import { freePort } from './free-port.ts';

type Outbox = { emails: unknown[] };

/** aws-ses-v2-local's in-memory store: the module its server reads and writes (one per process). */
function sesStore(): Outbox {
  const require = createRequire(import.meta.url);
  const store = require('aws-ses-v2-local/dist/store.js') as { getStoreReadonly(): Outbox };
  return store.getStoreReadonly();
}

function loadOutbox(file: string): unknown[] {
  if (!existsSync(file)) return [];
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { emails?: unknown };
    return Array.isArray(saved.emails) ? saved.emails : [];
  } catch (error) {
    throw new Error(
      `${file} is not a saved SES outbox (${(error as Error).message}): move it away and start again`,
    );
  }
}

/**
 * Starts aws-ses-v2-local in this process. Its UI at `/` shows every email sent. With `outboxFile`,
 * the emails it holds are saved there after every request that changed them (written whole, then
 * renamed: never half a file) and loaded back on the next start, so the outbox survives a restart
 * like the rest of the local data.
 */
export async function startSesLocal(
  options: { port?: number; outboxFile?: string } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const mod = (await import('aws-ses-v2-local')) as { default: Start | { default: Start } };
  const start: Start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const store = options.outboxFile ? sesStore() : undefined;
  const file = options.outboxFile;
  // The saved outbox is the outbox (a second start in one process does not double it).
  if (store && file) store.emails.splice(0, store.emails.length, ...loadOutbox(file));
  const server = await start({ host: '127.0.0.1', port });
  let saved = { emails: store?.emails, count: store?.emails.length };
  const save = () => {
    if (!store || !file) return;
    if (saved.emails === store.emails && saved.count === store.emails.length) return;
    writeFileSync(`${file}.tmp`, JSON.stringify({ emails: store.emails }));
    renameSync(`${file}.tmp`, file);
    saved = { emails: store.emails, count: store.emails.length };
  };
  server.on('request', (_req, res) => res.once('finish', save));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        save();
        server.close(() => resolve());
      }),
  };
}
