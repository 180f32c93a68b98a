import type { Mailer } from '#domain/ports/mailer.ts';
import type { Store } from '#domain/ports/store.ts';

/**
 * aws-ses-v2-local publishes no events. In AWS, SES publishes a `Send` event through the
 * configuration set for every accepted message, and the feedback handler records it against the
 * idempotency key (the `key` tag) — that record is what lets a retry tell "SES accepted it, the
 * worker died before the commit" from "it never went out". This decorator plays SES's part
 * locally: once the emulator accepted a message, it records the Send event the same way.
 */
export function withLocalSendEvents(mailer: Mailer, store: Pick<Store, 'recordSendEvent'>): Mailer {
  return {
    async sendRaw(input) {
      const accepted = await mailer.sendRaw(input);
      const key = input.tags.key;
      if (key) await store.recordSendEvent(key, accepted.messageId);
      return accepted;
    },
  };
}
