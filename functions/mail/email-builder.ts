import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { EmailBuilder } from '#domain/ports/email-builder.ts';
import { buildCancellation, buildContactEmail, forwardReply } from './build-email.ts';
import { buildClientAnswer } from './client-answer.ts';
import type { MailConfig, SigningMailConfig } from './config.ts';
import { type KeyRingSource, signingKey } from './key-ring.ts';

/** The settings of one build: the deployment's and the newest key of the ring (fetched, cached). */
export function signingConfig(config: MailConfig, keys: KeyRingSource) {
  return async (): Promise<SigningMailConfig> => ({
    ...config,
    unsubscribeKey: signingKey(await keys.ring()),
  });
}

/**
 * The EmailBuilder of a deployment: its mail settings, the bucket resumes are read from, and the
 * key ring its unsubscribe links are signed with.
 */
export function makeEmailBuilder(config: MailConfig, blobs: BlobStore, keys: KeyRingSource): EmailBuilder {
  const settings = signingConfig(config, keys);
  return {
    step: async (input) => buildContactEmail({ ...input, config: await settings(), blobs }),
    replyForward: async (input) => forwardReply({ ...input, config: await settings(), blobs }),
    cancellation: async (input) => buildCancellation({ ...input, config: await settings(), blobs }),
    clientAnswer: async (input) => buildClientAnswer({ ...input, config: await settings(), blobs }),
  };
}
