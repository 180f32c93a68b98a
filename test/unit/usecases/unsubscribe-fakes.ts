import { NotFound } from '#domain/errors.ts';
import { transition } from '#domain/lifecycle.ts';
import type { Store, Suppression } from '#domain/ports/store.ts';
import type { Contact, ContactEvent, SuppressionReason } from '#domain/types.ts';
import { DEMO_MAIL_CONFIG } from '#local/demo-data.ts';
import { makeUnsubscribe } from '#usecases/unsubscribe.ts';
import { NOW, policy } from '../domain/fixtures.ts';

export const SECRET = DEMO_MAIL_CONFIG.unsubscribeSecret;

/** In-memory store (suppression list) and a workflow running the real lifecycle, counting every call. */
export function unsubscribeFakes(contacts: Contact[]) {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const suppressions = new Map<string, Suppression>();
  const calls: string[] = [];
  const store: Pick<Store, 'suppress'> = {
    async suppress(email, reason: SuppressionReason, at) {
      calls.push(`suppress ${email}`);
      if (suppressions.has(email)) return 'already_suppressed';
      suppressions.set(email, { email, reason, at });
      return 'suppressed';
    },
  };
  const workflow = {
    async apply(contactId: string, event: ContactEvent) {
      calls.push(`apply ${contactId}`);
      const contact = byId.get(contactId);
      if (!contact) throw new NotFound('contact', contactId);
      const result = transition(contact, event, NOW, policy); // throws TransitionRefused
      byId.set(contactId, result.contact);
      return result;
    },
  };
  const unsubscribe = makeUnsubscribe({ store, workflow, clock: { now: () => NOW }, secret: SECRET });
  return { unsubscribe, suppressions, calls, contact: (id: string) => byId.get(id) };
}
