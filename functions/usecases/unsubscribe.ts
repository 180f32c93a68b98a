import { verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import { type UnsubscribeContactDeps, unsubscribeContact } from './unsubscribe-contact.ts';

export interface UnsubscribeDeps extends UnsubscribeContactDeps {
  /** The HMAC key the links were signed with (`MailConfig.unsubscribeSecret`). */
  secret: string;
}

/**
 * Anything that is not a token this deployment signed: tampered, truncated, another secret, junk.
 * Deliberately one value with no detail, so a caller cannot learn why a forged link failed.
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
 * contact. The token is verified in constant time; a valid one unsubscribes its contact through
 * the one use case the coach's unsubscribe uses too (`unsubscribeContact`: the address suppressed
 * first, then the contact moved to `unsubscribed`).
 */
export function makeUnsubscribe(deps: UnsubscribeDeps) {
  async function unsubscribe(token: string): Promise<UnsubscribeOutcome> {
    const payload = verifyUnsubscribeToken(token, deps.secret);
    if (!payload) return INVALID;
    const outcome = await unsubscribeContact(deps, payload, 'contact');
    return { outcome, email: payload.email, contactId: payload.contactId };
  }

  /** For the confirmation page a GET shows: verifies only, reads and writes nothing. */
  function describe(token: string): DescribeOutcome {
    const payload = verifyUnsubscribeToken(token, deps.secret);
    return payload ? { outcome: 'valid', maskedEmail: maskEmail(payload.email) } : INVALID;
  }

  return { unsubscribe, describe };
}

export type Unsubscribe = ReturnType<typeof makeUnsubscribe>;
