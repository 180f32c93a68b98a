/** The BlobStore port on S3 (s3rver locally). NoSuchKey → NotFound; 5xx/network → RetryableError. */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { NotFound, RetryableError } from '#domain/errors.ts';
import type { BlobEraser, BlobStore } from '#domain/ports/blob-store.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Emulator endpoint (s3rver): path-style addressing is used with it. */
  endpoint?: string;
  region?: string;
  requestTimeoutMs?: number;
  /** s3rver only accepts its own key pair (`S3RVER`/`S3RVER`); AWS uses the default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  client?: S3Client;
  /** Told of every call the client sends (tests: the IAM contract); nothing when absent. */
  onCall?: OnSdkCall;
}

export function translate(error: unknown, key: string): unknown {
  const e = sdkError(error);
  if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
    return new NotFound('blob', key);
  }
  if (isTransient(error) || e.code) {
    return new RetryableError(`S3 failed for ${key}: ${(error as Error).message}`, { cause: error });
  }
  return error;
}

/** The S3 client of these options (path-style against an emulator, bounded timeouts). */
export function s3ClientFor(options: S3BlobStoreOptions, extra: S3ClientConfig = {}): S3Client {
  const timeout = options.requestTimeoutMs ?? 10_000;
  return watchCalls(
    options.client ??
      new S3Client({
        ...extra,
        endpoint: options.endpoint,
        forcePathStyle: options.endpoint !== undefined,
        credentials: options.credentials,
        region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
        requestHandler: {
          requestTimeout: timeout,
          connectionTimeout: Math.min(timeout, 3_000),
          throwOnRequestTimeout: true,
        },
      }),
    options.onCall,
  );
}

export function makeS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = s3ClientFor(options);
  const Bucket = options.bucket;

  return {
    async put(key, body, contentType) {
      try {
        await client.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType }));
      } catch (error) {
        throw translate(error, key);
      }
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!out.Body) throw new NotFound('blob', key);
        return Buffer.from(await out.Body.transformToByteArray());
      } catch (error) {
        throw translate(error, key);
      }
    },
    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        const translated = translate(error, key);
        if (translated instanceof NotFound) return; // already gone
        throw translated;
      }
    },
  };
}

/**
 * The BlobEraser on S3: ListObjectVersions of the key, then DeleteObject of each VersionId (object
 * versions and delete markers alike), so nothing of the object can be restored. A store that does
 * not keep versions (s3rver answers ListObjectVersions with MethodNotAllowed) gets a plain DeleteObject. In AWS the function
 * needs s3:ListBucketVersions and s3:DeleteObjectVersion.
 */
/** How a store without versions (s3rver) refuses ListObjectVersions. */
const UNVERSIONED = new Set(['MethodNotAllowed', 'NotImplemented']);

export function makeS3BlobEraser(options: S3BlobStoreOptions): BlobEraser {
  const client = s3ClientFor(options);
  const Bucket = options.bucket;

  /** Every VersionId of exactly `key`; undefined when the store keeps no versions. */
  async function versionsOf(key: string): Promise<string[] | undefined> {
    const ids: string[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    do {
      let page: ListObjectVersionsCommandOutput;
      try {
        page = await client.send(
          new ListObjectVersionsCommand({ Bucket, Prefix: key, KeyMarker, VersionIdMarker }),
        );
      } catch (error) {
        if (UNVERSIONED.has(sdkError(error).name ?? '')) return undefined;
        throw translate(error, key);
      }
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (v.Key === key && v.VersionId) ids.push(v.VersionId);
      }
      const more = page.IsTruncated === true;
      KeyMarker = more ? page.NextKeyMarker : undefined;
      VersionIdMarker = more ? page.NextVersionIdMarker : undefined;
    } while (KeyMarker !== undefined);
    return ids;
  }

  async function deleteOne(key: string, VersionId?: string): Promise<void> {
    try {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key, ...(VersionId ? { VersionId } : {}) }));
    } catch (error) {
      const translated = translate(error, key);
      if (!(translated instanceof NotFound)) throw translated; // already gone
    }
  }

  return {
    async deleteEveryVersion(key) {
      const versions = await versionsOf(key);
      if (versions === undefined) {
        await deleteOne(key);
        return 1;
      }
      for (const id of versions) await deleteOne(key, id);
      return versions.length;
    },
  };
}
