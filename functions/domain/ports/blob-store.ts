/** Binary objects: resumes, raw inbound mail. S3 in AWS, s3rver locally. */
export interface BlobStore {
  put(key: string, body: Buffer, contentType?: string): Promise<void>;
  /** Throws NotFound when there is no such object. */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}
