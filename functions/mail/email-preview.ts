/**
 * Previews: the email of a step built exactly as the dispatch function builds it (the same
 * `buildContactEmail`, the same composed message), shown as its recipient gets it. The MIME bytes are
 * built too — a preview is refused wherever the send would be (too large, a missing resume).
 */
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { EmailPreview, EmailPreviewer } from '#domain/ports/email-preview.ts';
import { buildContactEmail } from './build-email.ts';
import { type Address, addedHeaders } from './compose.ts';
import type { MailConfig } from './config.ts';
import { signingConfig } from './email-builder.ts';
import type { KeyRingSource } from './key-ring.ts';

function shown(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

export function makeEmailPreviewer(
  config: MailConfig,
  blobs: BlobStore,
  keys: KeyRingSource,
): EmailPreviewer {
  const settings = signingConfig(config, keys);
  return {
    async step(input) {
      const { message } = await buildContactEmail({ ...input, config: await settings(), blobs });
      const added = addedHeaders(message);
      const headers: EmailPreview['headers'] = {
        from: shown(message.from),
        to: message.to.map(shown).join(', '),
      };
      if (message.replyTo) headers.replyTo = shown(message.replyTo);
      if (added['List-Unsubscribe']) headers.listUnsubscribe = added['List-Unsubscribe'];
      if (added['List-Unsubscribe-Post']) headers.listUnsubscribePost = added['List-Unsubscribe-Post'];
      if (message.inReplyTo) headers.inReplyTo = message.inReplyTo;
      if (message.references?.length) headers.references = message.references.join(' ');
      if (added['Auto-Submitted']) headers.autoSubmitted = added['Auto-Submitted'];
      return {
        step: input.step,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: (message.attachments ?? []).map((a) => a.filename),
        headers,
      };
    },
  };
}
