import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { RunningEmulator } from './dynamodb-local.ts';
import { freePort } from './free-port.ts';

/** Starts s3rver on loopback, keeping objects under `directory` (a temp folder by default). */
export async function startS3Local(
  options: { port?: number; directory?: string } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'rapport-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => server.close() };
}
