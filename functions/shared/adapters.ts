import { suppressionSecretOf } from '#adapters/dynamo/suppressions.ts';
import { type DynamoStoreOptions, makeDynamoSendingStore, makeDynamoStore } from '#adapters/dynamo-store.ts';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { makeS3BlobEraser, makeS3BlobStore, type S3BlobStoreOptions } from '#adapters/s3-blob-store.ts';
import { makeS3Uploads } from '#adapters/s3-uploads.ts';
import type { OnSdkCall } from '#adapters/sdk-calls.ts';
import { makeExtensionSecret } from '#adapters/secrets-extension.ts';
import { makeSesMailer } from '#adapters/ses-mailer.ts';
import { type KeyRingSource, keyRingFrom } from '#mail/key-ring.ts';
import type { Config } from './config.ts';
import { systemClock } from './system-clock.ts';

export interface AdapterOptions {
  s3Credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Told of every AWS call the adapters' clients send (tests only: the IAM contract). */
  onCall?: OnSdkCall;
}

/**
 * The unsubscribe key ring, from its secret through the Parameters and Secrets extension (cached 5
 * minutes): fetched on first use only, so a function that never signs, verifies or touches the
 * suppression list never asks (and is not granted it).
 */
export function unsubscribeKeysOf(config: Config, onCall?: OnSdkCall): KeyRingSource {
  return keyRingFrom(
    makeExtensionSecret({
      secretId: config.unsubscribeKeys.secretId,
      endpoint: config.endpoints.secrets,
      sessionToken: config.unsubscribeKeys.sessionToken,
      clock: systemClock,
      ...(onCall ? { onCall } : {}),
    }),
  );
}

/** The adapters of one deployment, built once per Lambda container from the parsed config. */
export function makeAdapters(config: Config, options: AdapterOptions = {}) {
  const keys = unsubscribeKeysOf(config, options.onCall);
  return {
    ...adaptersAround(makeDynamoStore(storeOptions(config, keys, options.onCall)), config, keys, options),
    /** GDPR erasure of stored mail (every version): not in the dispatch function's adapters. */
    blobEraser: makeS3BlobEraser(blobOptions(config, options)),
    // Presigned uploads (resumes): not in the sending adapters, the dispatch function never takes one.
    uploads: makeS3Uploads(blobOptions(config, options)),
  };
}

/** The same with the store's sending parts only: what the dispatch function ships. */
export function makeSendingAdapters(config: Config, options: AdapterOptions = {}) {
  const keys = unsubscribeKeysOf(config, options.onCall);
  return adaptersAround(
    makeDynamoSendingStore(storeOptions(config, keys, options.onCall)),
    config,
    keys,
    options,
  );
}

export function storeOptions(config: Config, keys: KeyRingSource, onCall?: OnSdkCall): DynamoStoreOptions {
  return {
    tableName: config.tableName,
    endpoint: config.endpoints.dynamo,
    suppressionSecret: async () => suppressionSecretOf(await keys.ring()),
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

function adaptersAround<S>(store: S, config: Config, keys: KeyRingSource, options: AdapterOptions) {
  return {
    store,
    /** The unsubscribe key ring (signing and verifying links; the suppression list's key). */
    unsubscribeKeys: keys,
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
