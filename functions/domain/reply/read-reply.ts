/**
 * Reading a contact's reply to an outreach: what they said (intent), whether a person said it,
 * when an out-of-office person is back, which meeting times they proposed and whom they referred
 * us to. Pure: the shell parses the MIME (postal-mime) and passes the parts; nothing here reads the
 * clock or does I/O.
 *
 * Order of reading:
 * 1. new text only — quoted history and signature are removed first, so the outreach quoted below
 *    ("not asking for a job", "20 minutes") never counts as the contact's words;
 * 2. a delivery-status report is `other` (a mail server wrote it, not the contact);
 * 3. intent by precedence: unsubscribe > out_of_office (auto-replies) > referral > declined >
 *    accepted > other. A referral that also declines is `referral`; an acceptance that also refers
 *    stays `accepted` and lists the referrals.
 */
import { autoReplyEvidence } from './auto-reply.ts';
import { findReturnDate, proposedMeetingTimes } from './find-dates.ts';
import { findReferrals, type Referral } from './find-referrals.ts';
import { findPhrase, normalizeForMatching } from './match-phrase.ts';
import { htmlToText, MAX_NEW_TEXT_CHARS, newTextOf } from './new-text.ts';
import { ACCEPT_PHRASES, DECLINE_PHRASES, UNSUBSCRIBE_PHRASES } from './phrases.ts';

export type { Referral } from './find-referrals.ts';

/** What the shell extracts from the raw message (postal-mime in the inbound function). */
export interface IncomingReply {
  from: { address: string; name?: string };
  to: string[];
  cc: string[];
  subject: string;
  /** Lowercased header names → raw values (auto-submitted, precedence, x-autoreply, content-type, …). */
  headers: Record<string, string>;
  /** The text/plain part, if any. */
  text?: string;
  /** The text/html part, if any. */
  html?: string;
  /** Top-level content type, e.g. `multipart/report; report-type=delivery-status` for DSNs. */
  contentType?: string;
}

export interface ReplyContext {
  /** When the reply arrived: "Monday" and "until the 14th" are read from here. */
  receivedAt: Date;
  /** The contact's IANA zone: proposed times without a zone are read in it. */
  contactTimeZone: string;
}

export type ReplyIntent =
  | 'accepted'
  | 'declined'
  | 'referral'
  | 'out_of_office'
  | 'unsubscribe'
  | 'reschedule'
  | 'other';

export interface ReplyReading {
  intent: ReplyIntent;
  /** Sent by software (out-of-office, delivery-status report), not a person. */
  autoReply: boolean;
  /** out_of_office: the first day back, YYYY-MM-DD (contact's zone), when the message names it. */
  returnDate?: string;
  /** accepted: local dates (contact's zone) of the proposed meeting times, first first. */
  proposedDates: string[];
  /** accepted: the proposed times as UTC ISO instants, where a time of day was given — a suggestion to confirm. */
  proposedTimes: string[];
  /** referral, or accepted that also refers: the people suggested. */
  referrals: Referral[];
  /** The new text only: quoted history and signature stripped. */
  body: string;
  /** Short human-readable evidence for the reading. */
  reasons: string[];
  /** How sure the reading is, 0–1 (placeholder until the reader helper's version replaces it). */
  confidence: number;
  /** True below `REVIEW_THRESHOLD`: the reply waits for a person, reminders held. */
  needsReview: boolean;
}

/** Below this confidence a reading waits for review (placeholder: the reader helper's constant replaces it). */
export const REVIEW_THRESHOLD = 0.6;

/**
 * How much is read. A person's new text sits at the top and is short; what lies below it is quoted
 * history, attachments pasted as text or a flood. Every step is linear, and these caps keep the
 * constants small whatever arrives (a 30 MB message reads in milliseconds).
 */
export const READ_LIMITS = {
  /** HTML converted to text (the part is cut here before conversion). */
  htmlChars: 1_000_000,
  /** Plain text searched for the start of quoted history. */
  textChars: 200_000,
  /** New text read for intent, dates and referrals, and forwarded to the client. */
  newTextChars: MAX_NEW_TEXT_CHARS,
} as const;

export function readReply(message: IncomingReply, context: ReplyContext): ReplyReading {
  // Placeholder confidence (the reader helper replaces it): a reading with no evidence is unsure.
  const reading = readIntent(message, context);
  const confidence = reading.intent === 'other' && !reading.autoReply ? 0.5 : 0.9;
  return { ...reading, confidence, needsReview: confidence < REVIEW_THRESHOLD };
}

function readIntent(
  message: IncomingReply,
  context: ReplyContext,
): Omit<ReplyReading, 'confidence' | 'needsReview'> {
  const body = newTextOf(bodyText(message));
  const words = normalizeForMatching(body);
  const auto = autoReplyEvidence(message);
  const reference = { receivedAt: context.receivedAt, timeZone: context.contactTimeZone };
  const reading: Omit<ReplyReading, 'confidence' | 'needsReview'> = {
    intent: 'other',
    autoReply: auto.autoReply,
    proposedDates: [],
    proposedTimes: [],
    referrals: [],
    body,
    reasons: [...auto.reasons],
  };

  if (auto.report) return reading;

  const unsubscribe = findPhrase(words, UNSUBSCRIBE_PHRASES);
  if (unsubscribe) return withIntent(reading, 'unsubscribe', `phrase: '${unsubscribe}'`);

  if (auto.autoReply) {
    const back = findReturnDate(body, reference);
    if (!back) return withIntent(reading, 'out_of_office', 'no return date found');
    return { ...withIntent(reading, 'out_of_office', `return: '${back.evidence}'`), returnDate: back.date };
  }

  const declines = findPhrase(words, DECLINE_PHRASES);
  const accepts = findPhrase(words, ACCEPT_PHRASES);
  const { referrals, cues } = findReferrals(words, ownAddresses(message));
  const referralReasons = referrals.map((r) => `referral: ${r.email}`).concat(cues.map((c) => `cue: '${c}'`));

  if (referrals.length > 0 && !(accepts && !declines)) {
    const evidence = declines ? [...referralReasons, `phrase: '${declines}'`] : referralReasons;
    return { ...withIntent(reading, 'referral', ...evidence), referrals };
  }
  if (declines) return withIntent(reading, 'declined', `phrase: '${declines}'`);
  if (accepts) {
    const proposed = proposedMeetingTimes(body, reference);
    return {
      ...withIntent(reading, 'accepted', `phrase: '${accepts}'`, ...referralReasons),
      proposedDates: proposed.dates,
      proposedTimes: proposed.instants,
      referrals,
    };
  }
  return withIntent(reading, 'other', 'no accept, decline, referral or unsubscribe phrase');
}

/** The plain text to read: the text part, or the HTML part converted when there is no text. */
function bodyText(message: IncomingReply): string {
  if (message.text && /\S/.test(message.text)) return message.text.slice(0, READ_LIMITS.textChars);
  return message.html
    ? htmlToText(message.html.slice(0, READ_LIMITS.htmlChars)).slice(0, READ_LIMITS.textChars)
    : '';
}

/** Addresses that are never referrals: the sender's and ours (the reply-token recipients). */
function ownAddresses(message: IncomingReply): string[] {
  return [message.from.address, ...message.to];
}

function withIntent<R extends { intent: ReplyIntent; reasons: string[] }>(
  reading: R,
  intent: ReplyIntent,
  ...reasons: string[]
): R {
  return { ...reading, intent, reasons: [...reading.reasons, ...reasons] };
}
