import { suppressionSecretFrom } from '#adapters/dynamo/suppressions.ts';
import { type DynamoStoreOptions, makeDynamoSendingStore, makeDynamoStore } from '#adapters/dynamo-store.ts';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { makeS3BlobEraser, makeS3BlobStore, type S3BlobStoreOptions } from '#adapters/s3-blob-store.ts';
import { makeS3Uploads } from '#adapters/s3-uploads.ts';
import type { OnSdkCall } from '#adapters/sdk-calls.ts';
import { makeSesMailer } from '#adapters/ses-mailer.ts';
import type { Config } from './config.ts';
import { systemClock } from './system-clock.ts';

export interface AdapterOptions {
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Told of every AWS call the adapters' clients send (tests only: the IAM contract). */
  onCall?: OnSdkCall;
}

/** The adapters of one deployment, built once per Lambda container from the parsed config. */
export function makeAdapters(config: Config, options: AdapterOptions = {}) {
  return {
    ...adaptersAround(makeDynamoStore(storeOptions(config, options.onCall)), config, options),
    /** GDPR erasure of stored mail (every version): not in the dispatch function's adapters. */
    blobEraser: makeS3BlobEraser(blobOptions(config, options)),
    // Presigned uploads (resumes): not in the sending adapters, the dispatch function never takes one.
    uploads: makeS3Uploads(blobOptions(config, options)),
  };
}

/** The same with the store's sending parts only: what the dispatch function ships. */
export function makeSendingAdapters(config: Config, options: AdapterOptions = {}) {
  return adaptersAround(makeDynamoSendingStore(storeOptions(config, options.onCall)), config, options);
}

export function storeOptions(config: Config, onCall?: OnSdkCall): DynamoStoreOptions {
  return {
    tableName: config.tableName,
    endpoint: config.endpoints.dynamo,
    suppressionSecret: suppressionSecretFrom(config.mail.unsubscribeSecret),
    ...(onCall ? { onCall } : {}),
  };
}

function blobOptions(config: Config, options: AdapterOptions): S3BlobStoreOptions {
  return {
    bucket: config.bucketName,
    endpoint: config.endpoints.s3,
    ...(options.s3Credentials ? { credentials: options.s3Credentials } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
  };
}

function adaptersAround<S>(store: S, config: Config, options: AdapterOptions) {
  return {
    store,
    scheduler: makeEventBridgeScheduler({
      endpoint: config.endpoints.scheduler,
      groupName: config.scheduler.groupName,
      targetArn: config.scheduler.targetArn,
      roleArn: config.scheduler.roleArn,
      deadLetterArn: config.scheduler.deadLetterArn,
      ...(options.onCall ? { onCall: options.onCall } : {}),
    }),
    mailer: makeSesMailer({
      endpoint: config.endpoints.ses,
      configurationSet: config.configurationSet,
      ...(options.onCall ? { onCall: options.onCall } : {}),
    }),
    blobs: makeS3BlobStore(blobOptions(config, options)),
    clock: systemClock,
  };
}
