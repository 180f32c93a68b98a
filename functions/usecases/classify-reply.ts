/**
 * `POST /replies/classify`: a raw RFC 822 reply read as the inbound function reads it (the same
 * bounded MIME parse, the same conversion, the same pure reader), without any contact: nothing is
 * looked up or written. Proposed times carry the offset of `timeZone` (the contact's, when the
 * caller knows it). The shape may gain fields, never lose or rename them (`rapport classify` prints it).
 */
import { parseInstant } from '#domain/contact-input.ts';
import { proposedTimesInZone } from '#domain/contact-view.ts';
import { assertTimeZone } from '#domain/policy.ts';
import {
  type IncomingReply,
  type ReplyIntent,
  type ReplyReading,
  readReply,
} from '#domain/reply/read-reply.ts';
import { needsReviewUnder } from '#domain/reply/review-threshold.ts';
import { sentAt, toIncomingReply } from './inbound.ts';
import { parseMail } from './parse-mail.ts';
import type { ReadContext } from './read-with-model.ts';

/** The reader: the rules (default), or the rules with the model reader when one is configured (`read-with-model.ts`). */
export type ClassifyReader = (
  message: IncomingReply,
  context: ReadContext,
) => ReplyReading | Promise<ReplyReading>;

export interface ReplyClassification {
  intent: ReplyIntent;
  /** Sent by software (out-of-office, delivery report), not a person. */
  autoReply: boolean;
  /** out_of_office: the first day back (YYYY-MM-DD), or null when the message names none. */
  returnDate: string | null;
  /** accepted: proposed meeting times, ISO 8601 with the offset of the given zone. */
  proposedTimes: string[];
  /** accepted: the proposed days (YYYY-MM-DD), with or without a time of day. */
  proposedDates: string[];
  referrals: { name: string | null; email: string }[];
  /** Why: short evidence for the reading. */
  reasons: string[];
  /** How sure the reading is, 0–1 (issue 12). */
  confidence: number;
  /** Confidence below the reader's threshold: a person should check the intent. */
  needsReview: boolean;
  /** What makes the reading doubtful, in words for the person who checks it (when something does). */
  doubt?: string;
}

export async function classifyReply(
  raw: Uint8Array,
  options: {
    timeZone?: string | undefined;
    /** The booked meeting's start, when the contact has one (as the inbound function knows it). */
    meetingStart?: string | undefined;
    now: Date;
    read?: ClassifyReader | undefined;
  },
): Promise<ReplyClassification> {
  const timeZone = assertTimeZone(options.timeZone ?? 'UTC', 'timeZone');
  const meetingStart = options.meetingStart ? parseInstant(options.meetingStart, 'meetingStart') : undefined;
  const mail = await parseMail(raw);
  const reading = await (options.read ?? readReply)(toIncomingReply(mail), {
    receivedAt: sentAt(mail) ?? options.now,
    contactTimeZone: timeZone,
    ...(meetingStart ? { hasMeeting: true, meetingStart } : {}),
  });
  return {
    intent: reading.intent,
    autoReply: reading.autoReply,
    returnDate: reading.returnDate ?? null,
    proposedTimes: proposedTimesInZone({ proposedTimes: reading.proposedTimes, timeZone }),
    proposedDates: reading.proposedDates,
    referrals: reading.referrals.map((r) => ({ name: r.name ?? null, email: r.email })),
    reasons: reading.reasons,
    confidence: reading.confidence,
    // The model's confidence when its reading won: flagged by the confidence given, not the rules' flag.
    needsReview: needsReviewUnder(reading.confidence),
    ...(reading.doubt ? { doubt: reading.doubt } : {}),
  };
}
