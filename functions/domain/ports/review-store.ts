import type { Referral } from '../reply/find-referrals.ts';
import type { HoldReason } from '../reply/hold-check.ts';
import type { ReplyIntent, Stage } from '../types.ts';
import type { Page, PageRequest } from './store.ts';

/**
 * The reply review queue (`#usecases/review-replies.ts`): replies a person must look at — an unsure
 * reading, a message inbound held (not from the contact, no text), a message matching no contact —
 * and what the person decided. Items of a contact live in its partition (erased with it); a
 * queue is listed by state with a Query (`#adapters/dynamo-review-store.ts`), never a Scan.
 * Same error conventions as the `Store`.
 */
export interface ReviewStore {
  /** Writes a new item; a repeat (same `replyId`) keeps the first: 'exists'. */
  add(item: ReviewItem): Promise<'added' | 'exists'>;
  get(replyId: string): Promise<ReviewItem | undefined>;
  /**
   * The items in a state (`open` lists `resolving` too, `unmatched` lists `attaching`), oldest first;
   * with `coach`, only the replies of that coach's clients (as the client was assigned when the item
   * was last written; messages matching no contact are never in a coach's list).
   */
  list(state: ReviewListState, page?: PageRequest, filter?: { coach?: string }): Promise<Page<ReviewItem>>;
  /** Replaces the item if its `version` is still `expectedVersion`: false when someone changed it first. */
  replace(item: ReviewItem, expectedVersion: number): Promise<boolean>;
  /** Takes the address off the suppression list if it is there for an unsubscribe (not a bounce or complaint). */
  liftUnsubscribe(email: string): Promise<'lifted' | 'not_unsubscribed'>;
}

export type ReviewState =
  /** Read with confidence and applied: not waiting for anyone, but a person may still correct it. */
  'read' | 'open' | 'resolving' | 'confirmed' | 'corrected' | 'unmatched' | 'attaching' | 'attached';

export type ReviewListState = 'open' | 'read' | 'unmatched' | 'confirmed' | 'corrected' | 'attached';

export const REVIEW_LIST_STATES: readonly ReviewListState[] = [
  'open',
  'read',
  'unmatched',
  'confirmed',
  'corrected',
  'attached',
];

/** Which list an item in `state` appears in. */
export function listOf(state: ReviewState): ReviewListState {
  return state === 'resolving' ? 'open' : state === 'attaching' ? 'unmatched' : state;
}

/**
 * Why a reply is listed: the reading is unsure, inbound held it (`HoldReason`), it matched no
 * contact — or `read`: read with confidence and applied (listed so a misreading can be corrected).
 */
export type ReviewReason = 'unsure' | HoldReason | 'unmatched' | 'read';

/** How the reader read the reply (absent for an unmatched message: no contact, no zone to read it in). */
export interface ReviewReading {
  intent: ReplyIntent;
  confidence?: number;
  returnDate?: string;
  proposedTimes: string[];
  referrals: Referral[];
  /** What made the reader doubt it, for the person deciding (the reader's `doubt`). */
  doubt?: string;
}

/** A person's decision on a reply: the reading it is to be taken as. */
export interface ReviewResolution {
  by: 'confirm' | 'correct';
  intent: ReplyIntent;
  returnDate?: string;
  proposedTimes?: string[];
  referrals?: Referral[];
  /** The intent applied before this resolution (what the reply was taken as so far), if any. */
  previous?: ReplyIntent;
  /** Undoing an unsubscribe: the coach confirmed the contact did not ask. */
  confirmNotAsked?: boolean;
  at: string;
}

export interface ReviewItem {
  /** `<contactId>.<replyKey>`, or `unmatched.<replyKey>`. */
  replyId: string;
  /** `replyKeyOf` the message: From, Date, Message-ID and text, hashed. */
  replyKey: string;
  state: ReviewState;
  reason: ReviewReason;
  detail?: string;
  contactId?: string;
  campaignId?: string;
  clientId?: string;
  sesMessageId: string;
  /** The raw message in the bucket. */
  objectKey: string;
  receivedAt: string;
  from?: string;
  subject?: string;
  /** The new text (capped): what the reviewer reads, and what an export writes. */
  text?: string;
  reading?: ReviewReading;
  /** What inbound did with it: held the reminders, applied an intent (unsubscribe), or nothing. */
  applied: 'held' | 'none' | ReplyIntent;
  /** The contact's stage when the reply arrived (undoing an unsubscribe goes back from it). */
  stageBefore?: Stage;
  /** The last decision applied. */
  resolution?: ReviewResolution;
  /** A decision being applied (state `resolving`): a retry finishes it. */
  pending?: ReviewResolution;
  /** An unmatched message attached to a contact. */
  attachedTo?: { contactId: string; replyId: string };
  version: number;
}

/** The id of a reply in the queue. */
export function replyIdOf(contactId: string | undefined, replyKey: string): string {
  return `${contactId ?? UNMATCHED}.${replyKey}`;
}

export const UNMATCHED = 'unmatched';

/** `replyId` → its owner (a contact id, or `unmatched`) and key; undefined for anything else. */
export function parseReplyId(replyId: string): { owner: string; replyKey: string } | undefined {
  const match = /^([A-Za-z0-9-]{1,64})\.([A-Za-z0-9_-]{1,64})$/.exec(replyId);
  return match ? { owner: match[1] as string, replyKey: match[2] as string } : undefined;
}
