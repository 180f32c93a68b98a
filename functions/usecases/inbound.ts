import { createHash } from 'node:crypto';
import type { Address, Email } from 'postal-mime';
import { clientTokenOf } from '#domain/client-reply.ts';
import { NotFound, TransitionRefused, VersionConflict } from '#domain/errors.ts';
import { bareMessageId } from '#domain/message-id.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { ClientReplies } from '#domain/ports/client-replies.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { ForwardedReply } from '#domain/ports/email-builder.ts';
import type { InboundStore } from '#domain/ports/inbound-store.ts';
import { type ReviewItem, type ReviewStore, replyIdOf } from '#domain/ports/review-store.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { Store } from '#domain/ports/store.ts';
import { checkReply, type HoldReason } from '#domain/reply/hold-check.ts';
import { htmlToText, newTextOf } from '#domain/reply/new-text.ts';
import type { IncomingReply, ReplyContext, ReplyReading } from '#domain/reply/read-reply.ts';
import { needsReviewUnder } from '#domain/reply/review-threshold.ts';
import { forwardScheduleName } from '#domain/schedule-name.ts';
import type { Contact } from '#domain/types.ts';
import { QUARANTINE_OBJECT_PREFIX } from '#shared/inbound.ts';
import { addReferrals } from './add-referrals.ts';
import type { ReplyForwardPayload } from './carry-out.ts';
import { type ClientReplyOutcome, makeClientReply } from './client-reply.ts';
import {
  employerQueuesOfDomain,
  pauseContacts,
  pauseEmployerQueue,
  pausesEmployer,
} from './employer-queue.ts';
import type { ForwardUnmatched, UnmatchedForward } from './forward-unmatched.ts';
import { parseMail } from './parse-mail.ts';
import type { Workflow } from './workflow.ts';

export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

/** What SES's receipt rule tells the inbound function (the body itself is in the bucket). */
export interface InboundReceipt {
  /** SES's id of the received message; the object key in the bucket ends with it. */
  sesMessageId: string;
  objectKey: string;
  /** Envelope recipients: a reply address is `reply+<token>@<inbound domain>`. */
  recipients: string[];
  spamVerdict: Verdict;
  virusVerdict: Verdict;
  /** SES's DMARC verdict: FAIL → forwarded to the client flagged, nothing else changes. */
  dmarcVerdict?: Verdict;
}

export type InboundOutcome =
  | { outcome: 'quarantined'; reason: string; key: string }
  /** To a client reply address (`client+<token>@…`, issue 15): see `client-reply.ts`. */
  | ClientReplyOutcome
  | {
      outcome: 'unmatched';
      messageId: string;
      /** Its forward to the operations address (absent when none is set). */
      forwarded?: UnmatchedForward;
      /** From an employer's domain: how many campaigns' employer queues it paused (their clients told). */
      employerCampaigns?: number;
    }
  | { outcome: 'ignored'; contactId: string; reason: string }
  /** Not taken as the contact's reply: kept in the bucket, recorded as held (`InboundStore.holdReply`), nothing else changed. */
  | { outcome: 'held'; contactId: string; reason: HoldReason; detail: string }
  /** DMARC FAIL: forwarded to the client with a warning; no stage, plan or timeline change. */
  | { outcome: 'flagged'; contactId: string; reason: string; forwardScheduled: true }
  | {
      outcome: 'recorded' | 'duplicate' | 'refused';
      contactId: string;
      reading: Pick<ReplyReading, 'intent' | 'autoReply' | 'returnDate' | 'proposedDates'>;
      /**
       * The forward to the client is scheduled (a one-time schedule due now, run by the dispatch
       * function, which sends it exactly once per reply); true also when a repeat delivery found it
       * already scheduled.
       */
      forwardScheduled: boolean;
      referralsAdded: number;
    };

export interface InboundDeps {
  store: Store;
  /** Held messages and referral counts. */
  inboundStore: InboundStore;
  blobs: BlobStore;
  workflow: Pick<Workflow, 'recordReply' | 'importContacts' | 'pauseContact' | 'applyClientReply'>;
  /** The forward to the client is a one-time schedule due now: the dispatch function renders and sends it. */
  scheduler: Pick<Scheduler, 'create'>;
  clock: Clock;
  inboundDomain: string;
  /** The rules reader, or the rules with the optional model reader (`read-with-model.ts`): may be async. */
  readReply: (message: IncomingReply, context: ReplyContext) => ReplyReading | Promise<ReplyReading>;
  /**
   * The reply review queue: unsure readings, held and unmatched messages are listed there
   * (`#usecases/review-replies.ts`). Every function passes it; tests of other parts may leave it out.
   */
  reviews?: Pick<ReviewStore, 'add'>;
  /** The client's reply addresses (issue 15); absent, mail to `client+…` is ignored. */
  clientReplies?: Pick<ClientReplies, 'find'>;
  /** Named in the answers to the client's replies (issue 15). */
  consultancyName?: string;
  /** An unmatched message e-mailed to the operations address (`forward-unmatched.ts`); absent: only listed. */
  forwardUnmatched?: ForwardUnmatched;
}

/** How much of the reader's evidence the timeline keeps (its reasons quote the reply's words). */
const MAX_EVIDENCE_CHARS = 300;

/** The reading's confidence and reasons, one line for the timeline ("confidence 0.97 — declined +2.5 'I'm afraid'"). */
function evidenceOf(reading: ReplyReading): string {
  const line = `confidence ${reading.confidence.toFixed(2)} — ${reading.reasons.join('; ')}`;
  return line.length > MAX_EVIDENCE_CHARS ? `${line.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : line;
}

function idsIn(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.flatMap((v) => v.match(/<[^>]+>/g) ?? [v]).map(bareMessageId);
}

/** The mailboxes of an address list, groups unwrapped. */
function mailboxes(field: Address | Address[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => (a.group ? a.group : [a]));
}

/** The postal-mime view of a raw message, as the pure reply reader takes it. */
export function toIncomingReply(mail: Email): IncomingReply {
  const headers: Record<string, string> = {};
  for (const { key, value } of mail.headers) {
    const name = key.toLowerCase();
    const trimmed = value.trim();
    headers[name] = headers[name] ? `${headers[name]}, ${trimmed}` : trimmed;
  }
  const addresses = (field: Address[] | undefined) =>
    mailboxes(field)
      .map((m) => m.address)
      .filter(Boolean);
  const from = mailboxes(mail.from)[0];
  return {
    from: { address: from?.address ?? '', ...(from?.name ? { name: from.name } : {}) },
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    ...ccPeopleOf(mail),
    subject: mail.subject ?? '',
    headers,
    ...(mail.text ? { text: mail.text } : {}),
    ...(mail.html ? { html: mail.html } : {}),
    ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
    ...calendarPartOf(mail),
  };
}

/** The Cc mailboxes with their display names: a person copied in and introduced is a referral. */
function ccPeopleOf(mail: Email): { ccPeople?: { address: string; name?: string }[] } {
  const people = mailboxes(mail.cc)
    .filter((m) => m.address)
    .map((m) => (m.name ? { address: m.address, name: m.name } : { address: m.address }));
  return people.length > 0 ? { ccPeople: people } : {};
}

/** A calendar part (an RSVP's iCalendar text) is read from its first characters only. */
const MAX_CALENDAR_CHARS = 20_000;

/** The first text/calendar part (inline or attached `.ics`), as text: `{ calendar }`, or nothing. */
function calendarPartOf(mail: Email): { calendar?: string } {
  const part = mail.attachments.find(
    (a) => /^(?:text\/calendar|application\/ics)$/i.test(a.mimeType) || /\.ics$/i.test(a.filename ?? ''),
  );
  if (!part) return {};
  const content = part.content;
  const text =
    typeof content === 'string'
      ? content
      : new TextDecoder().decode(
          content instanceof ArrayBuffer ? content.slice(0, MAX_CALENDAR_CHARS * 4) : content,
        );
  return { calendar: text.slice(0, MAX_CALENDAR_CHARS) };
}

/** The Date header as an instant, when it parses. */
export function sentAt(mail: Email): Date | undefined {
  const date = mail.date ? new Date(mail.date) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

const HOUR_MS = 3_600_000;

/**
 * The moment a reply's "Thursday" is counted from: when it was written (its Date header), unless
 * that is over a day before its arrival or over an hour after — a sender's clock that is wrong, or
 * rapport's simulated one locally (`rapport clock advance`): then its arrival.
 */
export function writtenAt(mail: Email, arrivedAt: Date): Date {
  const date = sentAt(mail);
  if (!date) return arrivedAt;
  const early = arrivedAt.getTime() - date.getTime();
  return early <= 24 * HOUR_MS && early >= -HOUR_MS ? date : arrivedAt;
}

/** Lines without trailing blanks, LF endings, no leading or trailing blank lines: the text a person sees. Linear. */
function normaliseText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/**
 * What identifies a message to a person, hashed: the normalised From address, the Date, the
 * Message-ID and the body text (text and HTML parts). Not the raw bytes — an MTA retrying a delivery
 * adds Received headers, and that is still the same message — and not the Message-ID alone, which
 * the sender controls: a new message reusing an old Message-ID (say, "Please unsubscribe me.") is a
 * new reply. Names the reply's dedupe record and the forward's schedule.
 */
export function replyKeyOf(mail: Email): string {
  const from = (mailboxes(mail.from)[0]?.address ?? '').trim().toLowerCase();
  const date = sentAt(mail)?.toISOString() ?? (mail.date ?? '').trim();
  const parts = [
    from,
    date,
    bareMessageId(mail.messageId ?? ''),
    normaliseText(mail.text ?? ''),
    normaliseText(mail.html ?? ''),
  ];
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('base64url').slice(0, 22);
}

/** Forwarded reply text is capped: the schedule payload stays far below EventBridge's 256 KB. */
export const MAX_FORWARD_TEXT_BYTES = 100 * 1000;

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\ufffd')) cut = cut.slice(0, -1);
  return `${cut}\n[…]`;
}

/** The text a review item keeps for the reviewer (and the export), this long at most. */
const MAX_REVIEW_TEXT_BYTES = 20 * 1000;

/** A held message's subject is kept for the reviewer, this long at most. */
const MAX_HELD_SUBJECT = 200;

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/**
 * The inbound use case: one received reply → matched to its contact (reply token first, then
 * In-Reply-To/References against the Message-IDs SES returned for our sends), read, checked (a reply
 * comes from the contact and says something: anything else is held for review, see `checkReply`),
 * recorded on the lifecycle (reminders stop; out-of-office postpones), referrals added as new
 * prospects (capped, awaiting approval), and the reply forwarded to the client with its
 * classification on top — each exactly once: the reply's key (`replyKeyOf`: From, Date, Message-ID
 * and text, not the sender-controlled Message-ID alone) is written in the transition's transaction,
 * and the forward is a one-time schedule due now (named after the reply, so a repeat finds it
 * 'exists') that the dispatch function turns into a claimed send keyed by (contact, reply).
 * A message that cannot be parsed or read is quarantined with the reason: a permanent fault, never an
 * error that would be retried. Rendering email stays out of this function's bundle.
 */
const quarantineKey = (receipt: InboundReceipt) => `${QUARANTINE_OBJECT_PREFIX}${receipt.sesMessageId}`;

export function makeInbound(deps: InboundDeps) {
  const clientReplies = deps.clientReplies;
  const clientReply =
    clientReplies &&
    makeClientReply({ ...deps, clientReplies, consultancyName: deps.consultancyName ?? 'your consultancy' });
  async function matchContact(receipt: InboundReceipt, mail: Email): Promise<Contact | undefined> {
    const domain = deps.inboundDomain.toLowerCase();
    for (const recipient of receipt.recipients) {
      const match = /^reply\+([A-Za-z0-9_-]+)@(.+)$/.exec(recipient.trim());
      if (match?.[1] && match[2]?.toLowerCase() === domain) {
        const contact = await deps.store.findContactByReplyToken(match[1]);
        if (contact) return contact;
        // New tokens are lower case (issue 15): a mail system that changed the case still matches.
        const lower = match[1].toLowerCase();
        const again = lower === match[1] ? undefined : await deps.store.findContactByReplyToken(lower);
        if (again) return again;
      }
    }
    // SES writes our Message-ID as `<MessageId@<region>.amazonses.com>`; the store keeps the MessageId.
    const threadIds = [...idsIn(mail.inReplyTo), ...idsIn(mail.references)].flatMap((id) =>
      /@([a-z0-9-]+\.)?amazonses\.com$/i.test(id) ? [id.slice(0, id.lastIndexOf('@')), id] : [id],
    );
    for (const id of new Set(threadIds)) {
      const contact = await deps.store.findContactByMessageId(id);
      if (contact) return contact;
    }
    return undefined;
  }

  async function quarantine(receipt: InboundReceipt, reason: string, raw?: Buffer): Promise<InboundOutcome> {
    const key = quarantineKey(receipt);
    await deps.blobs.put(key, raw ?? (await deps.blobs.get(receipt.objectKey)), 'message/rfc822');
    await deps.blobs.delete(receipt.objectKey);
    return { outcome: 'quarantined', reason, key };
  }

  /** The forward to the client: a one-time schedule due now, named after the reply (created once). */
  async function scheduleForward(
    contact: Contact,
    mail: Email,
    reading: Pick<ReplyReading, 'intent' | 'body'>,
    flag?: ForwardedReply['flag'],
    employerPaused?: ForwardedReply['employerPaused'],
  ): Promise<void> {
    const from = mailboxes(mail.from)[0];
    const replyKey = replyKeyOf(mail);
    await deps.scheduler.create({
      name: forwardScheduleName(contact.id, replyKey),
      at: deps.clock.now().toISOString(),
      timeZone: 'UTC',
      payload: {
        kind: 'reply-forward',
        contactId: contact.id,
        replyKey,
        reply: {
          intent: reading.intent,
          fromName: from?.name || (flag === 'employer' ? from?.address : undefined) || contact.firstName,
          fromEmail: from?.address || contact.email,
          subject: mail.subject ?? '',
          text: truncateUtf8(reading.body, MAX_FORWARD_TEXT_BYTES),
          ...(flag ? { flag } : {}),
          ...(employerPaused ? { employerPaused } : {}),
        },
      } satisfies ReplyForwardPayload,
    });
  }

  /** The review queue's item for a message (its id: the contact's, or unmatched, and the reply's key). */
  function reviewItem(
    receipt: InboundReceipt,
    mail: Email,
    contact: Contact | undefined,
    what: Pick<ReviewItem, 'reason' | 'applied' | 'detail'> & { reading?: ReplyReading },
  ): ReviewItem {
    const replyKey = replyKeyOf(mail);
    const from = mailboxes(mail.from)[0]?.address;
    const { reading, ...rest } = what;
    const text = reading?.body ?? mail.text ?? '';
    return {
      ...rest,
      replyId: replyIdOf(contact?.id, replyKey),
      replyKey,
      state: !contact ? 'unmatched' : what.reason === 'read' ? 'read' : 'open',
      ...(contact
        ? {
            contactId: contact.id,
            campaignId: contact.campaignId,
            clientId: contact.clientId,
            stageBefore: contact.stage,
          }
        : {}),
      sesMessageId: receipt.sesMessageId,
      objectKey: receipt.objectKey,
      receivedAt: deps.clock.now().toISOString(),
      ...(from ? { from } : {}),
      ...(mail.subject ? { subject: mail.subject.slice(0, MAX_HELD_SUBJECT) } : {}),
      ...(text ? { text: truncateUtf8(text, MAX_REVIEW_TEXT_BYTES) } : {}),
      ...(reading
        ? {
            reading: {
              intent: reading.intent,
              confidence: reading.confidence,
              ...(reading.returnDate ? { returnDate: reading.returnDate } : {}),
              proposedTimes: reading.proposedTimes,
              referrals: reading.referrals,
              ...(reading.doubt ? { doubt: reading.doubt } : {}),
            },
          }
        : {}),
      version: 1,
    };
  }

  /**
   * A message matching no contact, listed already: from an employer's domain (not a webmail one, and
   * not failing DMARC), the employer's queues pause and each client is told (issue 16 item 1); then
   * it is e-mailed to the operations address (issue 13 item 3), once per message.
   */
  async function unmatched(receipt: InboundReceipt, mail: Email, messageId: string): Promise<InboundOutcome> {
    const sender = mailboxes(mail.from)[0]?.address ?? '';
    const pauses = receipt.dmarcVerdict === 'FAIL' ? [] : await employerQueuesOfDomain(deps, sender);
    // Read once per time zone (the reading depends on nothing else; a model reader is a paid call).
    const readings = new Map<string, Promise<Pick<ReplyReading, 'intent' | 'body'>>>();
    const readIn = (zone: string) => {
      const reading =
        readings.get(zone) ??
        Promise.resolve(
          deps.readReply(toIncomingReply(mail), {
            receivedAt: writtenAt(mail, deps.clock.now()),
            contactTimeZone: zone,
          }),
        ).catch(() => ({ intent: 'other' as const, body: mail.text ?? '' }));
      readings.set(zone, reading);
      return reading;
    };
    for (const { contact, employerPaused, waiting } of pauses) {
      const reading = await readIn(contact.timeZone);
      // The client's forward first (once: named after the reply), then the pauses: a retry finds what still waits.
      await scheduleForward(contact, mail, reading, 'employer', employerPaused);
      await pauseContacts(deps, waiting);
    }
    const replyKey = replyKeyOf(mail);
    const forwarded = await deps.forwardUnmatched?.(replyKey, {
      replyId: replyIdOf(undefined, replyKey),
      sesMessageId: receipt.sesMessageId,
      ...(sender ? { from: sender } : {}),
      recipients: receipt.recipients,
      ...(mail.subject ? { subject: mail.subject } : {}),
      ...(mail.date ? { date: mail.date } : {}),
      text: mail.text ?? (mail.html ? htmlToText(mail.html) : ''),
      ...(pauses[0] ? { employerPaused: pauses[0].employerPaused } : {}),
    });
    return {
      outcome: 'unmatched',
      messageId,
      ...(forwarded ? { forwarded } : {}),
      ...(pauses.length > 0 ? { employerCampaigns: pauses.length } : {}),
    };
  }

  return async function handle(receipt: InboundReceipt): Promise<InboundOutcome> {
    if (receipt.virusVerdict === 'FAIL') return quarantine(receipt, 'virus verdict FAIL');
    if (receipt.spamVerdict === 'FAIL') return quarantine(receipt, 'spam verdict FAIL');

    // A message that cannot be read never will be: kept (quarantined) with the reason, never retried.
    const raw = await deps.blobs.get(receipt.objectKey);
    let mail: Email;
    try {
      mail = await parseMail(raw);
    } catch (error) {
      return quarantine(receipt, `unreadable MIME: ${errorMessage(error)}`, raw);
    }
    const messageId = bareMessageId(mail.messageId ?? receipt.sesMessageId);
    // The client's reply to a reminder goes its own way (issue 15), apart from contacts' replies.
    const clientToken = receipt.recipients.map((r) => clientTokenOf(r, deps.inboundDomain)).find(Boolean);
    if (clientToken) {
      if (!clientReply) return { outcome: 'client_ignored', reason: 'client reply addresses are not set up' };
      return clientReply({
        token: clientToken,
        from: mailboxes(mail.from)[0]?.address ?? '',
        replyKey: replyKeyOf(mail),
        newText: newTextOf(mail.text ?? htmlToText(mail.html ?? '')),
        ...(receipt.dmarcVerdict ? { dmarcVerdict: receipt.dmarcVerdict } : {}),
      });
    }
    const contact = await matchContact(receipt, mail);
    if (!contact) {
      await deps.reviews?.add(reviewItem(receipt, mail, undefined, { reason: 'unmatched', applied: 'none' }));
      return unmatched(receipt, mail, messageId);
    }
    // The raw message is now the contact's personal data: recorded with it, so erasure finds it.
    await deps.inboundStore.keepObject(contact.id, receipt.objectKey);

    let reading: ReplyReading;
    try {
      reading = await deps.readReply(toIncomingReply(mail), {
        receivedAt: writtenAt(mail, deps.clock.now()),
        contactTimeZone: contact.timeZone,
        ...(contact.meeting ? { hasMeeting: true, meetingStart: contact.meeting.start } : {}),
      });
    } catch (error) {
      await deps.inboundStore.keepObject(contact.id, quarantineKey(receipt));
      return quarantine(receipt, `unreadable reply: ${errorMessage(error)}`, raw);
    }
    // A delivery-status report reaching the reply address: SES's bounce events handle bounces.
    if (reading.autoReply && reading.intent === 'other') {
      return { outcome: 'ignored', contactId: contact.id, reason: 'automatic message (not a reply)' };
    }

    // Only the contact (or, flagged, someone at the contact's domain) with something to say replies.
    const from = mailboxes(mail.from)[0];
    const client = await deps.store.getClient(contact.clientId);
    const check = checkReply({
      from: from?.address ?? '',
      contactEmail: contact.email,
      ...(client ? { clientEmail: client.email } : {}),
      newText: reading.body,
    });
    if (receipt.dmarcVerdict === 'FAIL') {
      // The sender may not be who it claims: the client sees it, flagged; nothing is taken from it.
      await scheduleForward(contact, mail, reading, 'dmarc_fail');
      return {
        outcome: 'flagged',
        contactId: contact.id,
        reason: 'DMARC verdict FAIL',
        forwardScheduled: true,
      };
    }
    if (check.held) {
      await deps.reviews?.add(
        reviewItem(receipt, mail, contact, {
          reason: check.reason,
          detail: check.detail,
          applied: 'none',
          reading,
        }),
      );
      await deps.inboundStore.holdReply({
        contactId: contact.id,
        campaignId: contact.campaignId,
        clientId: contact.clientId,
        sesMessageId: receipt.sesMessageId,
        objectKey: receipt.objectKey,
        reason: check.reason,
        detail: check.detail,
        receivedAt: deps.clock.now().toISOString(),
        ...(from?.address ? { from: from.address } : {}),
        ...(mail.subject ? { subject: mail.subject.slice(0, MAX_HELD_SUBJECT) } : {}),
        intent: reading.intent,
      });
      return { outcome: 'held', contactId: contact.id, reason: check.reason, detail: check.detail };
    }

    // An unsubscribe request suppresses the address FIRST, like the one-click link: whatever happens
    // next (a repeat delivery, a refused transition, a crash), nothing is sent to it again.
    if (reading.intent === 'unsubscribe') {
      await deps.store.suppress(contact.email, 'unsubscribed', deps.clock.now().toISOString());
    }
    const replyKey = replyKeyOf(mail);
    // An unsure reading waits for a person: the reminders are held (an unsubscribe is applied at
    // once whatever the confidence — stopping is the safe side — and listed so it can be undone).
    // Unsure under the campaign's `policy.reviewThreshold` (absent: the reader's own).
    const campaign = await deps.store.getCampaign(contact.campaignId);
    const unsure = needsReviewUnder(reading.confidence, campaign?.policy.reviewThreshold);
    const hold = unsure && reading.intent !== 'unsubscribe';
    if (unsure) {
      await deps.reviews?.add(
        reviewItem(receipt, mail, contact, {
          reason: 'unsure',
          applied: hold ? 'held' : reading.intent,
          reading,
          ...(check.sentFrom ? { detail: `sent from ${check.sentFrom}` } : {}),
        }),
      );
    }
    let outcome: 'recorded' | 'duplicate' | 'refused' = 'recorded';
    try {
      await deps.workflow.recordReply(contact.id, {
        ...(hold ? { review: { action: 'hold', replyKey } } : {}),
        intent: reading.intent,
        ...(reading.returnDate ? { returnDate: reading.returnDate } : {}),
        ...(check.sentFrom ? { sentFrom: check.sentFrom } : {}),
        ...(reading.proposedTimes.length > 0 ? { proposedTimes: reading.proposedTimes } : {}),
        evidence: evidenceOf(reading),
        replyKey,
      });
    } catch (error) {
      if (error instanceof VersionConflict && error.entity === 'inbound') outcome = 'duplicate';
      else if (error instanceof TransitionRefused || error instanceof NotFound) outcome = 'refused';
      else throw error;
    }
    if (!unsure && outcome !== 'refused') {
      // Listed as read (a repeat delivery too: the first may have died before), so that a person
      // can still correct a confident misreading.
      await deps.reviews?.add(
        reviewItem(receipt, mail, contact, { reason: 'read', applied: reading.intent, reading }),
      );
    }
    // Only a reply from the contact's own address refers people.
    const referralsAdded =
      outcome === 'recorded' && !check.sentFrom && !hold
        ? await addReferrals(deps, contact, client, reading.referrals)
        : 0;

    // One contact per employer: a reply from anyone there pauses the rest of its queue (told below).
    const employerPaused =
      outcome !== 'refused' && pausesEmployer(reading.intent)
        ? await pauseEmployerQueue({ store: deps.store, workflow: deps.workflow }, contact)
        : undefined;

    // Forwarded once per reply, even when this delivery is a repeat (the first may have died before):
    // the schedule's name is the reply's, so a repeat finds it 'exists', and the dispatch function's
    // forward is a claimed send keyed by (contact, replyKey).
    await scheduleForward(contact, mail, reading, unsure ? 'unsure' : undefined, employerPaused);
    return {
      outcome,
      contactId: contact.id,
      reading: {
        intent: reading.intent,
        autoReply: reading.autoReply,
        ...(reading.returnDate ? { returnDate: reading.returnDate } : {}),
        proposedDates: reading.proposedDates,
      },
      forwardScheduled: true,
      referralsAdded,
    };
  };
}

export type Inbound = ReturnType<typeof makeInbound>;
