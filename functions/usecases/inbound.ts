import { createHash } from 'node:crypto';
import type { Address, Email } from 'postal-mime';
import { NotFound, TransitionRefused, ValidationError, VersionConflict } from '#domain/errors.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { Store } from '#domain/ports/store.ts';
import type { IncomingReply, ReplyReading } from '#domain/reply/read-reply.ts';
import { fnv1a64, MAX_SCHEDULE_NAME } from '#domain/schedule-name.ts';
import type { Contact } from '#domain/types.ts';
import { QUARANTINE_OBJECT_PREFIX } from '#shared/inbound.ts';
import type { ReplyForwardPayload } from './carry-out.ts';
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
}

export type InboundOutcome =
  | { outcome: 'quarantined'; reason: string; key: string }
  | { outcome: 'unmatched'; messageId: string }
  | { outcome: 'ignored'; contactId: string; reason: string }
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
  blobs: BlobStore;
  workflow: Pick<Workflow, 'recordReply' | 'importContacts'>;
  /** The forward to the client is a one-time schedule due now: the dispatch function renders and sends it. */
  scheduler: Pick<Scheduler, 'create'>;
  clock: Clock;
  inboundDomain: string;
  readReply: (message: IncomingReply, context: { receivedAt: Date; contactTimeZone: string }) => ReplyReading;
}

/** `<id@host>` → `id@host`, for matching against the Message-IDs SES returned. */
function bareId(value: string): string {
  return value.trim().replace(/^<|>$/g, '');
}

function idsIn(header: string | string[] | undefined): string[] {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  return values.flatMap((v) => v.match(/<[^>]+>/g) ?? [v]).map(bareId);
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
    subject: mail.subject ?? '',
    headers,
    ...(mail.text ? { text: mail.text } : {}),
    ...(mail.html ? { html: mail.html } : {}),
    ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
  };
}

/** The Date header as an instant, when it parses. */
function sentAt(mail: Email): Date | undefined {
  const date = mail.date ? new Date(mail.date) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Forwarded reply text is capped: the schedule payload stays far below EventBridge's 256 KB. */
export const MAX_FORWARD_TEXT_BYTES = 100 * 1000;

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\ufffd')) cut = cut.slice(0, -1);
  return `${cut}\n[…]`;
}

/** The forward schedule's name: `fwd-<contact>-<replyKey>`, or a hash of the contact id when too long. */
export function forwardScheduleName(contactId: string, replyKey: string): string {
  const name = `fwd-${contactId}-${replyKey}`;
  if (name.length <= MAX_SCHEDULE_NAME && /^[0-9A-Za-z_.-]+$/.test(name)) return name;
  return `fwd-${fnv1a64(contactId)}-${replyKey}`;
}

/**
 * The inbound use case: one received reply → matched to its contact (reply token first, then
 * In-Reply-To/References against the Message-IDs SES returned for our sends), read, recorded on the
 * lifecycle (reminders stop; out-of-office postpones), referrals added as new prospects, and the
 * reply forwarded to the client with its classification on top — each exactly once: the reply's
 * Message-ID is written in the transition's transaction, and the forward is a one-time schedule due
 * now (named after the reply, so a repeat finds it 'exists') that the dispatch function turns into a
 * claimed send keyed by (contact, reply). Rendering email stays out of this function's bundle.
 */
export function makeInbound(deps: InboundDeps) {
  async function matchContact(receipt: InboundReceipt, mail: Email): Promise<Contact | undefined> {
    const domain = deps.inboundDomain.toLowerCase();
    for (const recipient of receipt.recipients) {
      const match = /^reply\+([A-Za-z0-9_-]+)@(.+)$/.exec(recipient.trim());
      if (match?.[1] && match[2]?.toLowerCase() === domain) {
        const contact = await deps.store.findContactByReplyToken(match[1]);
        if (contact) return contact;
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

  async function quarantine(receipt: InboundReceipt, reason: string): Promise<InboundOutcome> {
    const key = `${QUARANTINE_OBJECT_PREFIX}${receipt.sesMessageId}`;
    const raw = await deps.blobs.get(receipt.objectKey);
    await deps.blobs.put(key, raw, 'message/rfc822');
    await deps.blobs.delete(receipt.objectKey);
    return { outcome: 'quarantined', reason, key };
  }

  async function addReferrals(contact: Contact, reading: ReplyReading): Promise<number> {
    const client = await deps.store.getClient(contact.clientId);
    const referrer = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    let added = 0;
    for (const referral of reading.referrals) {
      const [first, ...rest] = (referral.name ?? '').trim().split(/\s+/).filter(Boolean);
      const localPart = referral.email.split('@')[0] ?? referral.email;
      const firstName = first ?? localPart.split(/[._-]/)[0] ?? localPart;
      try {
        const report = await deps.workflow.importContacts(contact.campaignId, [
          {
            email: referral.email,
            firstName: firstName.charAt(0).toUpperCase() + firstName.slice(1),
            ...(rest.length > 0 ? { lastName: rest.join(' ') } : {}),
            timeZone: contact.timeZone || client?.timeZone,
            foundVia: { kind: 'referral', name: referrer, contactId: contact.id },
          },
        ]);
        added += report.created.length;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error; // an unusable address is skipped
      }
    }
    return added;
  }

  return async function handle(receipt: InboundReceipt): Promise<InboundOutcome> {
    if (receipt.virusVerdict === 'FAIL') return quarantine(receipt, 'virus verdict FAIL');
    if (receipt.spamVerdict === 'FAIL') return quarantine(receipt, 'spam verdict FAIL');

    const raw = await deps.blobs.get(receipt.objectKey);
    const mail = await parseMail(raw);
    const messageId = bareId(mail.messageId ?? receipt.sesMessageId);
    const contact = await matchContact(receipt, mail);
    if (!contact) return { outcome: 'unmatched', messageId };

    const reading = deps.readReply(toIncomingReply(mail), {
      receivedAt: sentAt(mail) ?? deps.clock.now(),
      contactTimeZone: contact.timeZone,
    });
    // A delivery-status report reaching the reply address: SES's bounce events handle bounces.
    if (reading.autoReply && reading.intent === 'other') {
      return { outcome: 'ignored', contactId: contact.id, reason: 'automatic message (not a reply)' };
    }

    let outcome: 'recorded' | 'duplicate' | 'refused' = 'recorded';
    try {
      await deps.workflow.recordReply(contact.id, {
        intent: reading.intent,
        ...(reading.returnDate ? { returnDate: reading.returnDate } : {}),
        messageId,
      });
    } catch (error) {
      if (error instanceof VersionConflict && error.entity === 'inbound') outcome = 'duplicate';
      else if (error instanceof TransitionRefused || error instanceof NotFound) outcome = 'refused';
      else throw error;
    }
    const referralsAdded = outcome === 'recorded' ? await addReferrals(contact, reading) : 0;

    // Forwarded once per reply, even when this delivery is a repeat (the first may have died before):
    // the schedule's name is the reply's, so a repeat finds it 'exists', and the dispatch function's
    // forward is a claimed send keyed by (contact, replyKey).
    const replyKey = createHash('sha256').update(messageId).digest('base64url').slice(0, 22);
    const from = mailboxes(mail.from)[0];
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
          fromName: from?.name || contact.firstName,
          fromEmail: from?.address || contact.email,
          subject: mail.subject ?? '',
          text: truncateUtf8(reading.body, MAX_FORWARD_TEXT_BYTES),
        },
      } satisfies ReplyForwardPayload,
    });
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
