/**
 * The claims of the unmatched-message forwards (issue 13 item 3): a message that matches no contact
 * is e-mailed to the operations address once, however often and however concurrently it is
 * delivered. One claim per message (its `replyKey`), with a lease: a delivery that died holding it
 * leaves it to the next delivery once the lease is over (`#adapters/dynamo-unmatched-forwards.ts`).
 */
export type ForwardClaim =
  /** This delivery sends it. */
  | 'claimed'
  /** Sent already (by an earlier delivery). */
  | 'sent'
  /** Another delivery holds a live claim: it sends it (or, dying, leaves it to a retry). */
  | 'in_progress';

export interface UnmatchedForwards {
  /** Claims the forward of `replyKey` until `now + leaseMs`; an expired claim is taken over. */
  claim(replyKey: string, now: string, leaseMs: number): Promise<ForwardClaim>;
  /** The forward went out: the claim is done for good. */
  finish(replyKey: string, at: string): Promise<void>;
  /** Nothing went out: the claim is dropped, so a retry sends it. */
  release(replyKey: string): Promise<void>;
}
