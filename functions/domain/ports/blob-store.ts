/** Binary objects: resumes, raw inbound mail. S3 in AWS, s3rver locally. */
export interface BlobStore {
  put(key: string, body: Buffer, contentType?: string): Promise<void>;
  /** Throws NotFound when there is no such object. */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

/** Erasure of stored objects: every version of them (the bucket is versioned in AWS). */
export interface BlobEraser {
  /**
   * Deletes every version (and delete marker) of the object at `key`: nothing of it is left to
   * restore. Idempotent. Answers how many versions were deleted (1 for a store without versions).
   */
  deleteEveryVersion(key: string): Promise<number>;
}
