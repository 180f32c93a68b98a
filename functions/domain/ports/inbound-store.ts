import type { HoldReason } from '../reply/hold-check.ts';
import type { ReplyIntent } from '../types.ts';

/**
 * What the inbound function keeps beyond the contact lifecycle: messages held for review and how
 * many people each contact's replies referred. The same table as the `Store` (see
 * `#adapters/dynamo-inbound-store.ts`), a port of its own so that only the inbound function (and
 * later the review API) carries it. Same conventions as the `Store`: throttling and network trouble
 * throw RetryableError, anything else from the database PermanentError.
 */
export interface InboundStore {
  /**
   * Records a message that reached a contact's reply address but was not taken as the contact's
   * reply. Idempotent: a repeat delivery of the same message keeps the first record.
   */
  holdReply(held: HeldReply): Promise<void>;
  /** The held messages of a campaign, oldest first: what the reply review queue lists. */
  listHeldReplies(campaignId: string): Promise<HeldReply[]>;
  /**
   * Counts one more person referred by a contact's replies, if fewer than `cap` were counted:
   * true when counted (the referral may be added), false when the contact has reached the cap.
   * Atomic: concurrent replies cannot overshoot.
   */
  countReferral(contactId: string, cap: number): Promise<boolean>;
  /**
   * Records that the bucket keeps a message of this contact at `objectKey` (raw mail matched to it),
   * in the contact's partition: erasure deletes every version of the object. Idempotent.
   */
  keepObject(contactId: string, objectKey: string): Promise<void>;
}

/**
 * A message held for review: matched to a contact, kept in the bucket (`objectKey`), and changing
 * nothing else — no stage change, no forward, no referral. Lives with its contact (erased with it),
 * listed per campaign in the order received.
 */
export interface HeldReply {
  contactId: string;
  campaignId: string;
  clientId: string;
  /** SES's id of the received message: one record per message. */
  sesMessageId: string;
  /** Where the raw message is in the bucket. */
  objectKey: string;
  reason: HoldReason;
  /** Human-readable, e.g. "sent from the client's own address". */
  detail: string;
  /** ISO instant it was received (the inbound function's clock). */
  receivedAt: string;
  /** The From address, when there was one (kept for the reviewer, never logged). */
  from?: string;
  subject?: string;
  /** How the reply reader classified it: an `unsubscribe` is the first thing a reviewer should see. */
  intent?: ReplyIntent;
}
