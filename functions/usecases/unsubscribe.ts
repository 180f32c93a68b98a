import type { Store } from '#domain/ports/store.ts';
import type { KeyRingSource } from '#mail/key-ring.ts';
import { type UnsubscribePayload, verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import { type UnsubscribeContactDeps, unsubscribeContact } from './unsubscribe-contact.ts';

export interface UnsubscribeDeps extends UnsubscribeContactDeps {
  store: UnsubscribeContactDeps['store'] & Pick<Store, 'getContact'>;
  /** The key ring the links were signed with (fetched at run time, cached). */
  keys: KeyRingSource;
}

/**
 * Anything that is not a token this deployment signed: tampered, truncated, another secret, an
 * expired key, junk. Deliberately one value with no detail, so a caller cannot learn why a forged
 * link failed.
 */
export interface InvalidLink {
  outcome: 'invalid_link';
}

export type UnsubscribeOutcome =
  | { outcome: 'unsubscribed' | 'already_unsubscribed'; email: string; contactId: string }
  | InvalidLink;

export type DescribeOutcome = { outcome: 'valid'; maskedEmail: string } | InvalidLink;

const INVALID: InvalidLink = Object.freeze({ outcome: 'invalid_link' });

/** `priya.raman@lumen-health.example` → `p***@lumen-health.example`: enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/**
 * The one-click unsubscribe (RFC 8058) behind the `List-Unsubscribe` URL of every email to a
 * contact. The token is verified in constant time against the key ring; it names the contact only,
 * whose address is looked up (tokens of earlier versions carry it). A valid one unsubscribes its
 * contact through the one use case the coach's unsubscribe uses too (`unsubscribeContact`: the
 * address suppressed first, then the contact moved to `unsubscribed`). A contact no longer there was
 * erased, and erasure suppressed its address already: that is `already_unsubscribed`.
 */
export function makeUnsubscribe(deps: UnsubscribeDeps) {
  async function verified(token: string): Promise<UnsubscribePayload | null> {
    return verifyUnsubscribeToken(token, await deps.keys.ring(), deps.clock.now());
  }

  /** The address of a verified token: carried by earlier versions' tokens, else the contact's. */
  async function emailOf(payload: UnsubscribePayload): Promise<string | undefined> {
    if (payload.legacy) return payload.legacy.email;
    return (await deps.store.getContact(payload.contactId))?.email;
  }

  async function unsubscribe(token: string): Promise<UnsubscribeOutcome> {
    const payload = await verified(token);
    if (!payload) return INVALID;
    const { contactId } = payload;
    const email = await emailOf(payload);
    if (email === undefined) return { outcome: 'already_unsubscribed', email: '', contactId };
    const outcome = await unsubscribeContact(deps, { contactId, email }, 'contact');
    return { outcome, email, contactId };
  }

  /** For the confirmation page a GET shows: verifies and reads, writes nothing. */
  async function describe(token: string): Promise<DescribeOutcome> {
    const payload = await verified(token);
    if (!payload) return INVALID;
    return { outcome: 'valid', maskedEmail: maskEmail((await emailOf(payload)) ?? '') };
  }

  return { unsubscribe, describe };
}

export type Unsubscribe = ReturnType<typeof makeUnsubscribe>;
