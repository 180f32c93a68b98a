/**
 * An unmatched message forwarded to the operations address (issue 13 item 3), by the inbound
 * function itself (a plain-text notice: no mail rendering in its bundle): once per message. The
 * claim (`UnmatchedForwards`) is taken before SES is called, finished after it accepted the
 * notice and released when it did not (the error is thrown: Lambda delivers the message again).
 * A delivery finding another's live claim leaves the send to it — were that one to die, its own
 * retry comes after the lease (shorter than Lambda's first retry delay) and takes the claim over.
 */
import type { Clock } from '#domain/ports/clock.ts';
import type { OperationsNotices } from '#domain/ports/reputation.ts';
import type { UnmatchedForwards } from '#domain/ports/unmatched-forwards.ts';
import { type UnmatchedMessage, unmatchedNotice } from '#mail/unmatched-notice.ts';

/** The inbound function's timeout (30 s) and a margin: over before Lambda retries a failed delivery (≥ 1 min). */
export const FORWARD_LEASE_MS = 35_000;

export interface ForwardUnmatchedDeps {
  forwards: UnmatchedForwards;
  notices: OperationsNotices;
  clock: Clock;
  leaseMs?: number;
}

export type UnmatchedForward = 'sent' | 'already_sent' | 'in_progress';

export function makeForwardUnmatched(deps: ForwardUnmatchedDeps) {
  return async function forwardUnmatched(
    replyKey: string,
    message: UnmatchedMessage,
  ): Promise<UnmatchedForward> {
    const claim = await deps.forwards.claim(
      replyKey,
      deps.clock.now().toISOString(),
      deps.leaseMs ?? FORWARD_LEASE_MS,
    );
    if (claim === 'sent') return 'already_sent';
    if (claim === 'in_progress') return 'in_progress';
    try {
      await deps.notices.notify(unmatchedNotice(message));
    } catch (error) {
      await deps.forwards.release(replyKey);
      throw error;
    }
    await deps.forwards.finish(replyKey, deps.clock.now().toISOString());
    return 'sent';
  };
}

export type ForwardUnmatched = ReturnType<typeof makeForwardUnmatched>;
