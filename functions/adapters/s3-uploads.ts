/**
 * The Uploads port on S3 (s3rver locally): presigned PUT URLs (`@aws-sdk/s3-request-presigner`;
 * the content type is signed, so the upload must send it) and the checks of what arrived.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NotFound } from '#domain/errors.ts';
import type { Uploads } from '#domain/ports/uploads.ts';
import { type S3BlobStoreOptions, s3ClientFor, translate } from './s3-blob-store.ts';

export function makeS3Uploads(options: S3BlobStoreOptions, now: () => Date = () => new Date()): Uploads {
  // No checksum in the URL: the SDK would sign the CRC32 of an empty body, and S3 would refuse the upload.
  const client = s3ClientFor(options, { requestChecksumCalculation: 'WHEN_REQUIRED' });
  const Bucket = options.bucket;
  return {
    async presignPut(key, { contentType, expiresInSeconds }) {
      const issued = now();
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket, Key: key, ContentType: contentType }),
        {
          expiresIn: expiresInSeconds,
          signingDate: issued,
          // Signed: an upload with another Content-Type is refused by S3.
          signableHeaders: new Set(['content-type']),
        },
      );
      return { url, expiresAt: new Date(issued.getTime() + expiresInSeconds * 1000) };
    },
    async inspect(key, bytes) {
      let size: number;
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        size = head.ContentLength ?? 0;
      } catch (error) {
        const translated = translate(error, key);
        if (translated instanceof NotFound) return undefined;
        throw translated;
      }
      // Only the size asked for (or nothing to read): no second request.
      if (size === 0 || bytes === 0) return { size, head: Buffer.alloc(0) };
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket, Key: key, Range: `bytes=0-${Math.min(bytes, size) - 1}` }),
        );
        const body = out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
        return { size, head: body.subarray(0, bytes) };
      } catch (error) {
        const translated = translate(error, key);
        if (translated instanceof NotFound) return undefined;
        throw translated;
      }
    },
    async discard(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        const translated = translate(error, key);
        if (!(translated instanceof NotFound)) throw translated;
      }
    },
  };
}
