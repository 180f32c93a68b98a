/** Files a caller uploads straight to the bucket (S3 presigned PUT; s3rver locally). */
export interface UploadTarget {
  /** PUT the file here, with the `Content-Type` given. */
  uploadUrl: string;
  key: string;
  /** ISO instant the URL stops working. */
  expiresAt: string;
  maxBytes: number;
  contentType: string;
}

export interface Uploads {
  /** A presigned PUT of `key` with `contentType`, valid for `expiresInSeconds` from `now`. */
  presignPut(
    key: string,
    options: { contentType: string; maxBytes: number; expiresInSeconds: number; now: Date },
  ): Promise<UploadTarget>;
  /** The size of the object at `key` in bytes, or `undefined` when nothing was uploaded there. */
  size(key: string): Promise<number | undefined>;
}
