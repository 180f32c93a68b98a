import { NotFound } from '#domain/errors.ts';
import { transition } from '#domain/lifecycle.ts';
import type { Store, Suppression } from '#domain/ports/store.ts';
import type { Contact, ContactEvent, SuppressionReason } from '#domain/types.ts';
import { DEMO_KEY_RING } from '#local/demo-data.ts';
import { fixedKeyRing, type KeyRing, signingKey } from '#mail/key-ring.ts';
import { makeUnsubscribe } from '#usecases/unsubscribe.ts';
import { NOW, policy } from '../domain/fixtures.ts';

/** The key the fakes' links are signed with (the demo ring's newest). */
export const KEY = signingKey(DEMO_KEY_RING);
/** The secret of earlier versions, honoured by the fakes' ring. */
export const LEGACY_SECRET = 'the-secret-of-earlier-versions-0123456789';
export const RING: KeyRing = { ...DEMO_KEY_RING, legacySecret: LEGACY_SECRET };

/** In-memory store (suppression list) and a workflow running the real lifecycle, counting every call. */
export function unsubscribeFakes(contacts: Contact[]) {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const suppressions = new Map<string, Suppression>();
  const calls: string[] = [];
  const store: Pick<Store, 'suppress' | 'getContact'> = {
    async getContact(id) {
      return byId.get(id);
    },
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
  const unsubscribe = makeUnsubscribe({
    store,
    workflow,
    clock: { now: () => NOW },
    keys: fixedKeyRing(RING),
  });
  return { unsubscribe, suppressions, calls, contact: (id: string) => byId.get(id) };
}
