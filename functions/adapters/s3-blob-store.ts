/** The BlobStore port on S3 (s3rver locally). NoSuchKey → NotFound; 5xx/network → RetryableError. */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NotFound, RetryableError } from '#domain/errors.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
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
}

function translate(error: unknown, key: string): unknown {
  const e = sdkError(error);
  if (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
    return new NotFound('blob', key);
  }
  if (isTransient(error) || e.code) {
    return new RetryableError(`S3 failed for ${key}: ${(error as Error).message}`, { cause: error });
  }
  return error;
}

/** The S3 client of these options (`options.client` when given): path-style with an emulator. */
export function makeS3Client(options: Omit<S3BlobStoreOptions, 'bucket'>): S3Client {
  const timeout = options.requestTimeoutMs ?? 10_000;
  return (
    options.client ??
    new S3Client({
      endpoint: options.endpoint,
      forcePathStyle: options.endpoint !== undefined,
      credentials: options.credentials,
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      requestHandler: {
        requestTimeout: timeout,
        connectionTimeout: Math.min(timeout, 3_000),
        throwOnRequestTimeout: true,
      },
    })
  );
}

export function makeS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const client = makeS3Client(options);
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
