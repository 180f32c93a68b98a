/**
 * The Uploads port on S3: presigned PUT URLs (`@aws-sdk/s3-request-presigner`) and the size of what
 * was uploaded (HeadObject). A presigned PUT cannot cap the size, so whoever reads the upload checks
 * `size` against its limit first.
 */
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { RetryableError } from '#domain/errors.ts';
import type { Uploads } from '#domain/ports/uploads.ts';
import { makeS3Client, type S3BlobStoreOptions } from './s3-blob-store.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export function makeS3Uploads(options: S3BlobStoreOptions): Uploads {
  const client = makeS3Client(options);
  const Bucket = options.bucket;
  return {
    async presignPut(key, { contentType, maxBytes, expiresInSeconds, now }) {
      const uploadUrl = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket, Key: key, ContentType: contentType }),
        {
          expiresIn: expiresInSeconds,
          signingDate: now,
        },
      );
      const expiresAt = new Date(now.getTime() + expiresInSeconds * 1000).toISOString();
      return { uploadUrl, key, expiresAt, maxBytes, contentType };
    },
    async size(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return out.ContentLength ?? 0;
      } catch (error) {
        const e = sdkError(error);
        if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
          return undefined;
        if (isTransient(error)) throw new RetryableError(`S3 head ${key}: ${e.message}`, { cause: error });
        throw error;
      }
    },
  };
}
