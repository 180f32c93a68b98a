import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '#local/dynamodb-local.ts';
import { type FilesystemStore as Store, startS3Local, writeObjectsWhole } from '#local/s3-local.ts';

const FilesystemStore: new (root: string) => Store = createRequire(import.meta.url)(
  's3rver/lib/stores/filesystem.js',
);

/** An S3 client of the emulator (`maxAttempts: 1`: no retry to hide a failure). */
const clientOf = (endpoint: string, options: { maxAttempts?: number } = {}) =>
  new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    ...options,
  });

// s3rver 3.7 answers a PUT once its hashing stream has seen the body, not once the file holds it:
// a GET right after the 200 could find no object, or half of one (CI failed on it once). The local
// emulator answers only when the object is on disk in full, and never shows a half-written one.
describe('the local S3 (s3rver) keeps what it acknowledged', () => {
  let s3: RunningEmulator;
  let client: S3Client;
  const directory = mkdtempSync(join(tmpdir(), 'rapport-s3-test-'));
  beforeAll(async () => {
    s3 = await startS3Local({ directory });
    client = clientOf(s3.endpoint);
    await client.send(new CreateBucketCommand({ Bucket: 'kept' }));
  });
  afterAll(async () => {
    client.destroy();
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('a PUT is answered only when the whole object is on disk', async () => {
    const body = Buffer.alloc(4 * 1024 * 1024, 7);
    for (let i = 0; i < 5; i++) {
      const key = `inbound/message-${i}`;
      await client.send(new PutObjectCommand({ Bucket: 'kept', Key: key, Body: body }));
      // Read from disk at once, synchronously: nothing may still be on its way.
      const onDisk = readFileSync(join(directory, 'kept', 'inbound', `message-${i}._S3rver_object`));
      expect(onDisk.length).toBe(body.length);
    }
  });

  it('concurrent PUTs and GETs of many objects each read back in full', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => Buffer.alloc(256 * 1024 + i, i));
    await Promise.all(
      bodies.map(async (body, i) => {
        await client.send(new PutObjectCommand({ Bucket: 'kept', Key: `many/${i}`, Body: body }));
        const got = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: `many/${i}` }));
        const read = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
        expect(read.equals(body)).toBe(true);
      }),
    );
  });

  it("the store's PUT resolves only once the object is on disk, even when nothing else is left to wait for", async () => {
    // s3rver's own putObject, with its metadata written in no time, resolved with half the object
    // on disk (2 of 4 MiB): the race CI once lost, made certain.
    const store = new FilesystemStore(directory);
    writeObjectsWhole(store);
    store.putMetadata = async () => undefined;
    const body = Buffer.alloc(4 * 1024 * 1024, 9);
    const content = Readable.from([body.subarray(0, 2 * 1024 * 1024), body.subarray(2 * 1024 * 1024)]);
    const stored = await store.putObject({ bucket: 'kept', key: 'raced', content, metadata: {} });
    expect(stored.size).toBe(body.length);
    expect(readFileSync(store.getResourcePath('kept', 'raced', 'object')).equals(body)).toBe(true);
    // No partial file is left beside it.
    expect(readdirSync(join(directory, 'kept')).filter((f) => f.startsWith('raced.'))).toEqual([
      'raced._S3rver_object',
    ]);
  });

  it('DELETEs and PUTs racing in one folder all succeed, with no retry to hide a failure', async () => {
    // s3rver removed a folder its DELETE left empty: a PUT into it, or a second DELETE, got a 500.
    const once = clientOf(s3.endpoint, { maxAttempts: 1 });
    for (let round = 0; round < 10; round++) {
      const folder = `race-${round}`;
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          once.send(new PutObjectCommand({ Bucket: 'kept', Key: `${folder}/old-${i}`, Body: 'old' })),
        ),
      );
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) =>
          once.send(new DeleteObjectCommand({ Bucket: 'kept', Key: `${folder}/old-${i}` })),
        ),
        ...Array.from({ length: 10 }, (_, i) =>
          once.send(new PutObjectCommand({ Bucket: 'kept', Key: `${folder}/new-${i}`, Body: 'new' })),
        ),
      ]);
      const listed = await once.send(new ListObjectsV2Command({ Bucket: 'kept', Prefix: `${folder}/` }));
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `${folder}/new-${i}`).sort(),
      );
    }
    once.destroy();
  });

  it('listing a folder while objects are written into it never fails (no partial file inside the bucket)', async () => {
    const once = clientOf(s3.endpoint, { maxAttempts: 1 });
    const writes = Array.from({ length: 100 }, (_, i) =>
      once.send(
        new PutObjectCommand({ Bucket: 'kept', Key: `listed/${i}`, Body: Buffer.alloc(64 * 1024, i) }),
      ),
    );
    const lists = Array.from({ length: 100 }, () =>
      once.send(new ListObjectsV2Command({ Bucket: 'kept', Prefix: 'listed/' })),
    );
    await Promise.all([...writes, ...lists]);
    const listed = await once.send(new ListObjectsV2Command({ Bucket: 'kept', Prefix: 'listed/' }));
    expect(listed.KeyCount).toBe(100);
    once.destroy();
  });
});
