import { NotFound, TransitionRefused } from '#domain/errors.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Store } from '#domain/ports/store.ts';
import type { ContactEvent } from '#domain/types.ts';
import { verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';

export interface UnsubscribeDeps {
  store: Pick<Store, 'suppress'>;
  /** `Workflow.apply`: moves the contact named in the token to `unsubscribed` (deleting its schedules). */
  workflow: { apply(contactId: string, event: ContactEvent): Promise<unknown> };
  clock: Clock;
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
 * contact. The token is verified in constant time; a valid one puts its address on the global
 * suppression list (every campaign, every client) FIRST — that alone guarantees nothing is sent
 * again, since every send checks the list — and then moves its contact to `unsubscribed`.
 */
export function makeUnsubscribe(deps: UnsubscribeDeps) {
  async function unsubscribe(token: string): Promise<UnsubscribeOutcome> {
    const payload = verifyUnsubscribeToken(token, deps.secret);
    if (!payload) return INVALID;
    const suppressed = await deps.store.suppress(
      payload.email,
      'unsubscribed',
      deps.clock.now().toISOString(),
    );
    try {
      await deps.workflow.apply(payload.contactId, { type: 'unsubscribed' });
    } catch (error) {
      // Already in a suppression stage (a repeat click, an earlier bounce): nothing left to do.
      // Contact (or its campaign) erased: the suppression above is what still protects the address.
      if (!(error instanceof TransitionRefused) && !(error instanceof NotFound)) throw error;
    }
    return {
      outcome: suppressed === 'suppressed' ? 'unsubscribed' : 'already_unsubscribed',
      email: payload.email,
      contactId: payload.contactId,
    };
  }

  /** For the confirmation page a GET shows: verifies only, reads and writes nothing. */
  function describe(token: string): DescribeOutcome {
    const payload = verifyUnsubscribeToken(token, deps.secret);
    return payload ? { outcome: 'valid', maskedEmail: maskEmail(payload.email) } : INVALID;
  }

  return { unsubscribe, describe };
}

export type Unsubscribe = ReturnType<typeof makeUnsubscribe>;
