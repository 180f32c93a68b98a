import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/**
 * aws-ses-v2-local names a message `ses-` and nine random digits: two of a thousand sends meet about
 * once in 3,600 runs, and a MessageId is a key here (the reply lookup, the feedback marker). Given a
 * UUID instead, as unique as SES's own (its handlers read the function from the module each call).
 */
function uniqueMessageIds(): void {
  const require = createRequire(import.meta.url);
  const util = require('aws-ses-v2-local/dist/util.js') as { getMessageId: () => string };
  util.getMessageId = () => `ses-${randomUUID()}`;
}

/** One email a line; a line cut short by a crash mid-append is the only one lost. */
function loadOutbox(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const emails: unknown[] = [];
  let torn = text !== '' && !text.endsWith('\n');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      emails.push(JSON.parse(line));
    } catch {
      torn = true;
    }
  }
  // Rewritten without the torn line, so the next append starts on a line of its own.
  if (torn) replaceOutbox(file, emails);
  return emails;
}

const asLines = (emails: unknown[]) => emails.map((e) => `${JSON.stringify(e)}\n`).join('');

/** The whole outbox, written aside then renamed over the file: never half a file. */
function replaceOutbox(file: string, emails: unknown[]): void {
  writeFileSync(`${file}.tmp`, asLines(emails));
  renameSync(`${file}.tmp`, file);
}

/**
 * Starts aws-ses-v2-local in this process. Its UI at `/` shows every email sent. With `outboxFile`
 * (JSON lines), each email it accepts is appended there as the request ends, a cleared outbox
 * empties it (rewritten whole, then renamed), and the next start loads it back: the outbox survives
 * a restart like the rest of the local data.
 */
export async function startSesLocal(
  options: { port?: number; outboxFile?: string } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const mod = (await import('aws-ses-v2-local')) as { default: Start | { default: Start } };
  const start: Start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  uniqueMessageIds();
  const store = options.outboxFile ? sesStore() : undefined;
  const file = options.outboxFile;
  // The saved outbox is the outbox (a second start in one process does not double it).
  if (store && file) store.emails.splice(0, store.emails.length, ...loadOutbox(file));
  const server = await start({ host: '127.0.0.1', port });
  let saved = { emails: store?.emails, count: store?.emails.length ?? 0 };
  const save = () => {
    if (!store || !file) return;
    if (saved.emails === store.emails && saved.count === store.emails.length) return;
    if (saved.emails === store.emails && saved.count < store.emails.length) {
      appendFileSync(file, asLines(store.emails.slice(saved.count)));
    } else {
      replaceOutbox(file, store.emails);
    }
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
