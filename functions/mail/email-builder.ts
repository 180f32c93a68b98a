import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { EmailBuilder } from '#domain/ports/email-builder.ts';
import { buildCancellation, buildContactEmail, forwardReply } from './build-email.ts';
import type { MailConfig } from './config.ts';

/** The EmailBuilder of a deployment: its mail settings, and the bucket resumes are read from. */
export function makeEmailBuilder(config: MailConfig, blobs: BlobStore): EmailBuilder {
  return {
    step: (input) => buildContactEmail({ ...input, config, blobs }),
    replyForward: (input) => forwardReply({ ...input, config, blobs }),
    cancellation: (input) => buildCancellation({ ...input, config, blobs }),
  };
}
