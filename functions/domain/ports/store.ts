import type {
  Campaign,
  Client,
  Contact,
  Stage,
  Step,
  SuppressionReason,
  TimelineEntry,
  TransitionResult,
} from '../types.ts';

/**
 * The store: everything rapport keeps about clients, campaigns, contacts, sends and suppressions.
 * DynamoDB (one table) in AWS and DynamoDB Local on a laptop; see `#adapters/dynamo-store.ts`.
 *
 * Conventions, the same for every method:
 * - Getters (`get…`, `find…`) answer `undefined` for a missing item; they never throw NotFound.
 * - Updates of an item that must exist (`updateCampaign`) throw NotFound.
 * - Contact writes are optimistic: a write based on an old version throws VersionConflict and
 *   writes nothing. Reload, re-run the domain, retry.
 * - Throttling, 5xx and network trouble throw RetryableError; anything else from the database
 *   (missing table, invalid request) throws PermanentError. Nothing else leaks out of the adapter.
 * - Emails are normalised (`normaliseEmail`) before they become keys; Message-IDs are stored
 *   without angle brackets.
 */
export interface Store {
  putClient(client: Client): Promise<void>;
  getClient(clientId: string): Promise<Client | undefined>;
  /** Every client (or only those of `coach`, their email), oldest first, one page at a time. */
  listClients(page?: PageRequest, filter?: { coach?: string }): Promise<Page<Client>>;

  /** Creates or replaces a campaign, and creates its counters item (all zero) if it has none. */
  putCampaign(campaign: Campaign): Promise<void>;
  getCampaign(campaignId: string): Promise<Campaign | undefined>;
  /** Campaigns of a client, oldest first. */
  listCampaigns(clientId: string): Promise<Campaign[]>;
  /**
   * Changes the given fields of a campaign (last writer wins per field) and answers the campaign as
   * stored. Throws NotFound when there is no such campaign. The status is not among them: it changes
   * only through `changeCampaignStatus`.
   */
  updateCampaign(campaignId: string, patch: CampaignPatch): Promise<Campaign>;
  /**
   * A versioned status change: sets `status`, raises `statusVersion` and answers the campaign as it
   * is at that instant (its `inFlight`: the sends claimed and not yet finished then). With
   * `ifVersion`, only if the stored `statusVersion` is still that one (0: never changed); else
   * `conflict` with the campaign as it is now, and nothing is written. Throws NotFound.
   * `pausedReason` (a pause only): why the campaign paused itself, kept on it until it is resumed
   * (`active` removes it).
   */
  changeCampaignStatus(
    campaignId: string,
    status: 'active' | 'paused',
    ifVersion?: number,
    pausedReason?: string,
  ): Promise<{ outcome: 'changed' | 'conflict'; campaign: Campaign }>;

  /** Counts of the campaign's contacts per stage, in ONE read. `undefined` for an unknown campaign. */
  getCampaignStats(campaignId: string): Promise<CampaignStats | undefined>;
  /**
   * The funnel's counters (`#domain/funnel.ts`) of these campaigns, by campaign id: the counters
   * items read in batches (one read per 100 campaigns), never the contacts. A campaign without a
   * counters item is left out.
   */
  getFunnelCounters(campaignIds: string[]): Promise<Map<string, Record<string, unknown>>>;

  /**
   * Adds new contacts to a campaign. Each contact is written in its own transaction together with
   * its dedupe item (campaign + normalised email), its reply-token item, an `imported` timeline
   * entry and the counters increment, so a duplicate skips only that contact. Duplicates of an
   * existing contact and repeats within `contacts` are reported with their index in `contacts`.
   */
  importContacts(campaignId: string, contacts: Contact[]): Promise<ImportReport>;
  getContact(contactId: string): Promise<Contact | undefined>;
  /** The contact with its client and campaign in ONE read (dispatch: the schedule payload carries the ids). */
  getContactContext(ids: { contactId: string; clientId: string; campaignId: string }): Promise<{
    contact?: Contact;
    client?: Client;
    campaign?: Campaign;
  }>;
  /** The contact with this (normalised) email in the campaign, if any. */
  findContactByEmail(campaignId: string, email: string): Promise<Contact | undefined>;
  /** Reply matching by the token in `reply+<token>@…`. */
  findContactByReplyToken(token: string): Promise<Contact | undefined>;
  /** Reply matching by an In-Reply-To/References id: a Message-ID SES returned for one of our sends. */
  findContactByMessageId(messageId: string): Promise<Contact | undefined>;
  /** The pipeline board: contacts of a campaign in one stage, oldest first, one page at a time. */
  listContactsByStage(campaignId: string, stage: Stage, page?: PageRequest): Promise<Page<Contact>>;

  /**
   * Commits a lifecycle transition in ONE transaction: the new contact (only if the stored version
   * is still `before.version`), its timeline entry, the counters when the stage changed, and — with
   * `sendCommit` — the send record set to `sent` (only if it is still `pending`) plus the Message-ID
   * lookup (and the campaign's in-flight count lowered when the claim raised it). Throws
   * VersionConflict('contact', id) on a stale `before`, VersionConflict('send', key) when the send
   * record is no longer pending, VersionConflict('inbound', id) when that reply was already
   * recorded, and VersionConflict('campaign', id) when `campaignActive` no longer holds; nothing is
   * written then.
   */
  applyTransition(before: Contact, result: TransitionResult, extras?: TransitionExtras): Promise<void>;

  /** Timeline of a contact, oldest first. */
  listTimeline(contactId: string): Promise<TimelineEntry[]>;

  /**
   * GDPR erasure of everything the store holds about a contact: the contact, its timeline, its
   * dedupe, reply-token and Message-ID lookups, its send records, held replies, stored-message
   * records, the API idempotency keys of its routes, and its place in the counters. Not one
   * transaction (a contact can have more items than a transaction takes): first the rest in
   * batches, then the contact with the counters and its own lookups atomically (the contact last,
   * so a failed run leaves it to be erased again), then a sweep of anything written meanwhile. The
   * suppression list is kept (an HMAC of the address, no address): it is what guarantees the
   * address is never written to again.
   */
  eraseContact(contactId: string): Promise<EraseReport>;
  /**
   * The bucket's objects kept for a contact (raw inbound mail: held replies and the messages
   * matched to it), by key: what erasure deletes (every version) before `eraseContact`.
   */
  storedObjectsOf(contactId: string): Promise<string[]>;

  /** Global suppression list (every campaign). */
  isSuppressed(email: string): Promise<boolean>;
  /** Which of these (normalised) addresses are on the list, in batched reads (an import's rows). */
  suppressedAmong(emails: string[]): Promise<Set<string>>;
  getSuppression(email: string): Promise<Suppression | undefined>;
  /** Idempotent: an address already on the list keeps its first reason and time. */
  suppress(
    email: string,
    reason: SuppressionReason,
    at: string,
  ): Promise<'suppressed' | 'already_suppressed'>;

  /**
   * Claims the right to send once for an idempotency key (a conditional write; one round trip).
   * With `email`, the suppression list is checked in the same request (`suppressed`).
   * - no record → `claimed` (a `pending` record with a lease until `now + leaseMs`)
   * - `sent` → `already_sent` with the Message-ID SES returned
   * - `pending` with a live lease → `in_progress` (another worker is sending: back off)
   * - `pending` with an expired lease → `expired` with the record: the caller decides from the SES
   *   Send event (`record.sesMessageId`) whether it went out, then commits it or `reclaimExpired`s.
   * - with `campaignId`, a paused campaign → `campaign_paused` (checked in the same request, which
   *   also counts the claim in the campaign's `inFlight`: once a pause is written, nothing new is
   *   claimed)
   */
  claimSend(key: string, claim: SendClaim): Promise<ClaimOutcome>;
  /** Takes over an expired lease; of several concurrent retriers exactly one gets `reclaimed`. */
  reclaimExpired(
    key: string,
    previousLeaseUntil: string,
    now: string,
    leaseMs: number,
  ): Promise<ReclaimOutcome>;
  /**
   * SES accepted nothing: deletes the record if it is still pending, so the step can be claimed again
   * (and lowers the in-flight count of `campaignId`, the campaign the claim counted it in).
   */
  releaseSend(key: string, campaignId?: string): Promise<'released' | 'not_pending'>;
  /** Records the SES Send event of a key (the SES feedback handler). An unknown key is ignored. */
  recordSendEvent(key: string, messageId: string, at?: string): Promise<'recorded' | 'unknown_key'>;
  getSendRecord(key: string): Promise<SendRecord | undefined>;
}

export type CampaignPatch = Partial<
  Pick<Campaign, 'name' | 'policy' | 'questionBank' | 'questionFramework' | 'launchOverride'>
>;

export interface CampaignStats {
  campaignId: string;
  total: number;
  byStage: Record<Stage, number>;
}

/** No cursor the store makes is longer; a longer one is refused as not a cursor. */
export const MAX_CURSOR_CHARS = 2048;

export interface PageRequest {
  /** Page size, 1–1000 (default 100). */
  limit?: number;
  /** The opaque `cursor` of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when there may be more: pass it back to get the next page. */
  cursor?: string;
}

export interface ImportReport {
  created: Contact[];
  /** `index` into the imported list; `existingContactId` is the contact that has the address. */
  duplicates: { index: number; email: string; existingContactId?: string }[];
  /** Addresses on the suppression list (checked in each contact's write): not imported. */
  suppressed: { index: number; email: string }[];
}

export interface TransitionExtras {
  /**
   * The send this transition records went out: set its record to `sent`. `campaignId`: the claim
   * was counted in that campaign's in-flight sends (`SendClaim.campaignId`); the commit lowers it.
   */
  sendCommit?: { key: string; messageId: string; campaignId?: string };
  /**
   * Commit only while the campaign is `active` at this status version (launch: a pause written
   * since stops it); else VersionConflict('campaign', id).
   */
  campaignActive?: { campaignId: string; statusVersion: number };
  /** Another Message-ID to resolve to this contact (e.g. a cancellation sent without a send record). */
  messageIdLookup?: string;
  /**
   * The identity of the reply this transition records (the inbound use case passes its reply key, a
   * hash of From, Date, Message-ID and text): written once; a second delivery of the same reply
   * fails with VersionConflict('inbound', id) and writes nothing.
   */
  inboundMessageId?: string;
}

export interface EraseReport {
  /** False when there was no contact (nothing, or only leftovers of an earlier erasure, was deleted). */
  erased: boolean;
  itemsDeleted: number;
}

export interface Suppression {
  /** The (normalised) address asked about: the list itself keeps only an HMAC of it. */
  email: string;
  reason: SuppressionReason;
  at: string;
}

export interface SendClaim {
  contactId: string;
  step: Step;
  /** ISO instant. */
  now: string;
  leaseMs: number;
  /** When given, a suppressed address makes the claim answer `suppressed` (same round trip). */
  email?: string;
  /**
   * When given, a paused campaign makes the claim answer `campaign_paused` (same round trip), and a
   * claim made is counted in the campaign's `inFlight` until its commit or release.
   */
  campaignId?: string;
}

export interface SendRecord {
  key: string;
  contactId: string;
  step: Step;
  state: 'pending' | 'sent';
  claimedAt: string;
  /** While pending: the claim holder owns the send until then. */
  leaseUntil?: string;
  /** Claims and reclaims so far (1 after the first claim). */
  attempts: number;
  /** Once sent: the Message-ID SES returned. */
  messageId?: string;
  sentAt?: string;
  /** From the SES Send event of this key, when it arrived: proof that SES accepted the message. */
  sesMessageId?: string;
  sesEventAt?: string;
}

export type ClaimOutcome =
  | { outcome: 'claimed'; leaseUntil: string }
  | { outcome: 'already_sent'; messageId: string }
  | { outcome: 'in_progress'; leaseUntil: string }
  | { outcome: 'expired'; record: SendRecord }
  | { outcome: 'suppressed'; reason: SuppressionReason }
  | { outcome: 'campaign_paused' };

export type ReclaimOutcome =
  | { outcome: 'reclaimed'; leaseUntil: string }
  /** Someone else reclaimed or committed first, or the record is gone. */
  | { outcome: 'lost'; record?: SendRecord };

/**
 * What sending needs of the store (the dispatch function): reads, transitions, the send ledger and
 * suppression — not import, erasure or campaign writes, which stay out of its bundle.
 */
export type SendingStore = Omit<
  Store,
  | 'importContacts'
  | 'eraseContact'
  | 'storedObjectsOf'
  | 'putClient'
  | 'listClients'
  | 'listContactsByStage'
  | 'putCampaign'
  | 'updateCampaign'
  | 'changeCampaignStatus'
  | 'getFunnelCounters'
>;
