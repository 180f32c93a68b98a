/** Files a caller uploads straight to the bucket (a presigned PUT), checked before rapport uses them. */
export interface Uploads {
  /** A URL that accepts one HTTP PUT of `key` with `contentType`, until `expiresAt`. */
  presignPut(
    key: string,
    options: { contentType: string; expiresInSeconds: number },
  ): Promise<{ url: string; expiresAt: Date }>;
  /** The object's size and its first `bytes` bytes; undefined when there is no such object. */
  inspect(key: string, bytes: number): Promise<{ size: number; head: Buffer } | undefined>;
  /** Removes a refused upload (nothing when it is already gone). */
  discard(key: string): Promise<void>;
}
