import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver from 's3rver';
import type { RunningEmulator } from './dynamodb-local.ts';
import { freePort } from './free-port.ts';

/** An object as s3rver's filesystem store is given it. */
interface StoreObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

/** s3rver's filesystem store: as much of it as `writeObjectsWhole` uses. */
export interface FilesystemStore {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: StoreObject): Promise<{ size: number; md5: string }>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

/**
 * Two races of s3rver 3.7's filesystem store, closed. It answers a PUT once its hashing stream has seen the body, not once the file is written:
 * on a busy machine a GET just after the 200 found no object (or would read half of one). Here an
 * object is written in full to a file of its own, then renamed into place: a PUT is answered only
 * when the object is on disk, and a reader sees the old object or the new one, never a part.
 * And its DELETE removed a folder left empty (`readdirSync`, then `rmdir`): a PUT into the folder
 * at that moment, or a second DELETE there, failed with a 500. Here a DELETE removes the object's
 * files and leaves folders be (S3 has none: an empty one lists nothing).
 */
export function writeObjectsWhole(store: FilesystemStore): void {
  store.putObject = async (object) => {
    const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
    // Beside the store's folder, not in it: a listing walks the bucket's folders file by file (a
    // file renamed away under it failed the listing), and on the same disk, so the rename is atomic.
    const partials = `${store.rootDirectory}.partial`;
    const partialPath = join(partials, randomUUID());
    await Promise.all([
      mkdir(dirname(objectPath), { recursive: true }),
      mkdir(partials, { recursive: true }),
    ]);
    const md5 = createHash('md5');
    let size = 0;
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(
        content,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            md5.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(partialPath),
      );
      const digest = md5.digest('hex');
      await store.putMetadata(object.bucket, object.key, object.metadata, digest);
      await rename(partialPath, objectPath);
      return { size, md5: digest };
    } finally {
      await rm(partialPath, { force: true });
    }
  };
  store.deleteObject = async (bucket, key) => {
    await Promise.all(
      ['object', 'object.md5', 'metadata.json'].map((resource) =>
        rm(store.getResourcePath(bucket, key, resource), { force: true }),
      ),
    );
  };
}

/** Starts s3rver on loopback, keeping objects under `directory` (a temp folder by default). */
export async function startS3Local(
  options: { port?: number; directory?: string } = {},
): Promise<RunningEmulator> {
  const port = options.port ?? (await freePort());
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'rapport-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
  writeObjectsWhole((server as unknown as { store: FilesystemStore }).store);
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => server.close() };
}
