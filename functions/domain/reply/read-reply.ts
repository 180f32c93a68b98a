/**
 * Reading a contact's reply to an outreach: what they said (intent), whether a person said it,
 * when an out-of-office person is back, which meeting times they proposed and whom they referred
 * us to — and how sure the reading is. Pure: the shell parses the MIME (postal-mime) and passes the
 * parts; nothing here reads the clock or does I/O.
 *
 * Order of reading (issue 12: evidence is weighed, not first-phrase-wins):
 * 1. new text only — quoted history, signature and the sender's sign-off are removed first, so the
 *    outreach quoted below and "Office hours Mon–Fri" in a signature never count as the contact's words;
 * 2. a delivery-status report is `other`; a calendar RSVP is read from its iCalendar part (PARTSTAT);
 * 3. an unsubscribe request wins over everything; an automatic reply is `out_of_office` (or `other`
 *    for a ticket or a read receipt);
 * 4. otherwise every intent gets a score from weighted cues (negation and subject aware, see
 *    `weigh-intent.ts`), referrals (addresses in the text, people in Cc introduced by it) and proposed
 *    times near a yes; those points are weighed with the lexical model's probabilities
 *    (`second-opinion.ts`): the heaviest is the intent, its share the confidence. A booked meeting
 *    (`hasMeeting`) turns "can we move it" into `reschedule`.
 */
import type { ReplyIntent } from '../types.ts';
import { autoReplyEvidence } from './auto-reply.ts';
import { rsvpAnswer } from './calendar-reply.ts';
import { findReturnDate, proposedMeetingTimes } from './find-dates.ts';
import { type CopiedPerson, findCopiedReferrals, findReferrals, type Referral } from './find-referrals.ts';
import { foreignDatesInEnglish } from './foreign-dates.ts';
import { BODY_AUTO_REPLY_CUES, NOT_OUT_OF_OFFICE_CUES, OUT_OF_OFFICE_CUES } from './intent-cues.ts';
import { lexicalReading } from './lexicon.ts';
import { replyLexicon } from './lexicon-table.ts';
import { normalizeForMatching } from './match-phrase.ts';
import { htmlToText, MAX_NEW_TEXT_CHARS, newTextOf } from './new-text.ts';
import {
  dayOrderOf,
  rewriteBareOrdinals,
  rewriteNumericDates,
  rewriteSameTime,
  rewriteSpokenTimes,
  rewriteWeekdayOrdinals,
  rewriteWeekdayWeek,
} from './numeric-dates.ts';
import { needsReviewUnder } from './review-threshold.ts';
import { weighWithModel } from './second-opinion.ts';
import { withoutSignOff } from './sign-off.ts';
import { unsubscribeAsk } from './unsubscribe-ask.ts';
import { type IntentScores, weighIntent } from './weigh-intent.ts';

export type { Referral } from './find-referrals.ts';

/** What the shell extracts from the raw message (postal-mime in the inbound function). */
export interface IncomingReply {
  from: { address: string; name?: string };
  to: string[];
  cc: string[];
  /** The Cc mailboxes with their display names, when the shell has them (a Cc'd person introduced is a referral). */
  ccPeople?: CopiedPerson[];
  subject: string;
  /** Lowercased header names → raw values (auto-submitted, precedence, x-autoreply, content-type, …). */
  headers: Record<string, string>;
  /** The text/plain part, if any. */
  text?: string;
  /** The text/html part, if any. */
  html?: string;
  /** Top-level content type, e.g. `multipart/report; report-type=delivery-status` for DSNs. */
  contentType?: string;
  /** The text/calendar part (an iTIP RSVP), if any. */
  calendar?: string;
}

export interface ReplyContext {
  /** When the reply arrived: "Monday" and "until the 14th" are read from here. */
  receivedAt: Date;
  /** The contact's IANA zone: proposed times without a zone are read in it. */
  contactTimeZone: string;
  /** The contact has a meeting booked: "can we move it" is then a `reschedule`. */
  hasMeeting?: boolean;
  /** The booked meeting's start (ISO): "Monday, same time?" proposes Monday at its time of day. */
  meetingStart?: string;
}

/** The intents a reading chooses from: one list, in the domain's types. */
export type { ReplyIntent } from '../types.ts';

export { NEEDS_REVIEW_BELOW } from './review-threshold.ts';

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
  /** How sure the reading is, 0–1: the margin of the best intent's evidence over the next. */
  confidence: number;
  /** Confidence below {@link NEEDS_REVIEW_BELOW}: a person should check the intent. */
  needsReview: boolean;
  /** What makes the reading doubtful, in words for the person who checks it. */
  doubt?: string;
}

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

/** The contact's own words: the new text without the sign-off and signature (what intent is read from). */
export function ownWordsOf(message: IncomingReply): string {
  return textsOf(message).words;
}

/** The new text, the contact's own part of it (no sign-off) and that part normalised for matching. */
function textsOf(message: IncomingReply): { body: string; own: string; words: string } {
  const body = newTextOf(bodyText(message));
  const own = withoutSignOff(body, message.from.name);
  return { body, own, words: normalizeForMatching(own) };
}

export function readReply(message: IncomingReply, context: ReplyContext): ReplyReading {
  const { body, own, words } = textsOf(message);
  const auto = autoReplyEvidence(message);
  const reference = { receivedAt: context.receivedAt, timeZone: context.contactTimeZone };
  const reading: ReplyReading = {
    intent: 'other',
    autoReply: auto.autoReply,
    proposedDates: [],
    proposedTimes: [],
    referrals: [],
    body,
    reasons: [...auto.reasons],
    confidence: 0,
    needsReview: false,
  };

  if (auto.report) return decided(reading, 'other', 0.97);

  const rsvp = rsvpAnswer(message.calendar);
  if (rsvp) {
    const intent = rsvp === 'tentative' ? 'other' : rsvp;
    return decided(
      withIntent(reading, intent, `calendar reply: PARTSTAT=${rsvp.toUpperCase()}`),
      intent,
      0.97,
    );
  }

  const unsubscribe = unsubscribeAsk(normalizeForMatching(body));
  if (unsubscribe)
    return decided(withIntent(reading, 'unsubscribe', `phrase: '${unsubscribe}'`), 'unsubscribe', 0.95);

  // Dates are read from the contact's own words, numeric ones by the sender's locale.
  const clues = { text: body, timeZone: context.contactTimeZone, ...dateHeaderOf(message) };
  const numeric = rewriteNumericDates(foreignDatesInEnglish(own), dayOrderOf(clues), reference);
  // English idioms spelled as dates and times, one after another (each linear).
  const idioms = rewriteSameTime(
    rewriteSpokenTimes(rewriteWeekdayWeek(numeric.text, reference)),
    context.meetingStart,
    context.contactTimeZone,
  );
  const ordinals = rewriteWeekdayOrdinals(idioms, reference);
  const dates = {
    text: rewriteBareOrdinals(ordinals.text, reference),
    disagreements: numeric.disagreements + ordinals.disagreements,
  };
  const dateDoubt = dates.disagreements > 0 ? 0.15 : 0;
  if (dates.disagreements > 0) reading.reasons.push('a numeric date disagrees with its weekday');

  const cues = weighIntent(words);
  const bodyAuto = !auto.autoReply && BODY_AUTO_REPLY_CUES.test(words) && humanScore(cues.scores) < 2;
  if (auto.autoReply || bodyAuto) {
    const withAuto = bodyAuto
      ? { ...reading, autoReply: true, reasons: [...reading.reasons, 'body: automatic reply'] }
      : reading;
    if (NOT_OUT_OF_OFFICE_CUES.test(words) && !OUT_OF_OFFICE_CUES.test(words))
      return decided(withIntent(withAuto, 'other', 'automatic message, not an absence'), 'other', 0.85);
    const back = findReturnDate(dates.text, reference);
    const sure = (OUT_OF_OFFICE_CUES.test(words) ? 0.95 : 0.8) - (bodyAuto ? 0.1 : 0) - dateDoubt;
    if (!back)
      return decided(withIntent(withAuto, 'out_of_office', 'no return date found'), 'out_of_office', sure);
    return decided(
      { ...withIntent(withAuto, 'out_of_office', `return: '${back.evidence}'`), returnDate: back.date },
      'out_of_office',
      sure,
    );
  }

  const ownAddresses = [message.from.address, ...message.to];
  const fromBody = findReferrals(normalizeForMatching(body), ownAddresses, senderOf(message));
  const inText =
    fromBody.referrals.length > 0
      ? fromBody
      : findReferrals(words, ownAddresses, { ...senderOf(message), cueAnywhere: true });
  const copied = findCopiedReferrals(words, copiedPeople(message), ownAddresses);
  const referrals = [
    ...inText.referrals,
    ...copied.referrals.filter((r) => !inText.referrals.some((t) => t.email === r.email)),
  ];
  const referralReasons = referrals
    .map((r) => `referral: ${r.email}`)
    .concat([...inText.cues, ...copied.cues].map((c) => `cue: '${c}'`));
  const proposed = proposedMeetingTimes(dates.text, reference);

  const scores = { ...cues.scores };
  const reasons = [...cues.reasons];
  if (context.hasMeeting) {
    // With a meeting booked, a day named next to "can't make it" or "instead" is a move.
    if (proposed.dates.length > 0 && (scores.reschedule > 0 || scores.declined > 0)) {
      // "Can't make Thursday now - Monday the 7th at 2pm?": the refusal of the booked time is the move.
      scores.reschedule += proposed.instants.length > 0 ? 2 + scores.declined : 1.5;
      reasons.push(`names ${proposed.dates.length} other day(s)`);
    } else if (proposed.instants.length > 0 && !CONFIRMS.test(words)) {
      // "I could do Monday 7th at 4pm or Tuesday 8th at 9am": a yes to new times is part of the move.
      scores.reschedule += 1.5 + scores.accepted;
      scores.accepted = 0;
      reasons.push(`proposes ${proposed.instants.length} time(s) for a booked meeting`);
    }
  } else {
    if (proposed.instants.length > 0 && scores.declined < 2) {
      // A day and a time named by someone not saying no is a yes.
      scores.accepted += 2;
      reasons.push(`proposes ${proposed.instants.length} time(s)`);
    }
    // Nothing booked to move: "could we look at the week of January 11 instead?" offers another time — a yes.
    if (proposed.dates.length > 0 && scores.reschedule > 0) {
      scores.accepted += scores.reschedule;
      reasons.push('offers another time');
    }
  }
  if (referrals.length > 0) scores.referral += 3.5;
  // "Drop a line to r.osei@…": someone else's address with no cue is weaker evidence, for the words to weigh.
  const maybeReferred = referrals.length === 0 ? inText.uncued : [];
  if (maybeReferred.length > 0) {
    scores.referral += UNCUED_ADDRESS;
    reasons.push(`someone else's address: ${maybeReferred.map((r) => r.email).join(', ')}`);
  }

  const canRefer = referrals.length > 0 || maybeReferred.length > 0;
  const ranked = rank(scores, context.hasMeeting === true, canRefer);
  const noEvidence = reasons.length === 0 && referralReasons.length === 0;
  const weighed = weighWithModel(
    ranked,
    lexicalReading(replyLexicon(), words, context.hasMeeting === true),
    canRefer,
  );
  if (noEvidence) reasons.push('no accept, decline, referral or unsubscribe evidence');
  reasons.push(weighed.reason);
  let intent = weighed.intent;
  // An acceptance that also refers stays accepted (and lists the referrals); a refusal that refers is a referral.
  if (
    intent === 'referral' &&
    scores.accepted >= 2.5 &&
    scores.accepted > scores.declined + 1 &&
    !context.hasMeeting
  )
    intent = 'accepted';
  // "I'm swamped, but try my colleague Jan (jan@…)": a no that names someone to ask instead.
  else if (intent === 'declined' && referrals.length > 0) intent = 'referral';
  const confidence = weighed.confidence - (intent === 'accepted' || intent === 'reschedule' ? dateDoubt : 0);
  const doubt =
    weighed.doubt ??
    (dates.disagreements > 0
      ? "A date's number and its weekday disagree: the weekday was trusted."
      : undefined);
  const withReasons = {
    ...withIntent(reading, intent, ...reasons, ...referralReasons),
    ...(doubt ? { doubt } : {}),
  };
  if (intent === 'accepted' || intent === 'reschedule')
    return decided(
      { ...withReasons, proposedDates: proposed.dates, proposedTimes: proposed.instants, referrals },
      intent,
      confidence,
    );
  if (intent === 'referral')
    return decided(
      { ...withReasons, referrals: referrals.length > 0 ? referrals : maybeReferred },
      intent,
      confidence,
    );
  return decided(withReasons, intent, confidence);
}

/** A booked meeting's time repeated back, not a new one. */
const CONFIRMS = /\b(?:see you|confirm(?:ed|ing)?|talk (?:to you )?then|speak then|looking forward)\b/i;

/** What the other intents' evidence adds up to when a person, not a mailbox, wrote. */
function humanScore(scores: IntentScores): number {
  return Math.max(scores.accepted, scores.declined, scores.reschedule);
}

type Ranked = { intent: ReplyIntent; score: number };

/** Intents, best first. "Other" has a small floor: a reply with no evidence reads as `other`. */
function rank(scores: IntentScores, hasMeeting: boolean, canRefer: boolean): Ranked[] {
  const candidates: Ranked[] = [
    { intent: 'declined', score: scores.declined },
    // Without an address found, "she'd be glad to" is a hint, not a referral.
    { intent: 'referral', score: canRefer ? scores.referral : 0 },
    { intent: 'other', score: OTHER_FLOOR + scores.other },
  ];
  if (hasMeeting) {
    // With a meeting booked a yes is about that meeting (logistics): `other`; a move is a reschedule,
    // and its "Thursday doesn't work" is part of the move, not a refusal.
    const declined = candidates[0];
    if (declined && scores.reschedule >= 3) declined.score /= 2;
    candidates.push({ intent: 'reschedule', score: scores.reschedule });
    const other = candidates.find((c) => c.intent === 'other');
    if (other) other.score += Math.min(scores.accepted, 2);
  } else {
    candidates.push({ intent: 'accepted', score: scores.accepted });
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** Points for someone else's address named without a cue (a cued one scores 3.5). */
const UNCUED_ADDRESS = 2;

/** The score "other" starts from: evidence below it reads as nothing. */
const OTHER_FLOOR = 1;

function decided(reading: ReplyReading, intent: ReplyIntent, confidence: number): ReplyReading {
  const rounded = Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100;
  return { ...reading, intent, confidence: rounded, needsReview: needsReviewUnder(rounded) };
}

function senderOf(message: IncomingReply): { senderName?: string } {
  return message.from.name ? { senderName: message.from.name } : {};
}

function dateHeaderOf(message: IncomingReply): { dateHeader?: string } {
  const date = message.headers.date;
  return date ? { dateHeader: date } : {};
}

/** The Cc mailboxes, with names when the shell gave them. */
function copiedPeople(message: IncomingReply): CopiedPerson[] {
  if (message.ccPeople && message.ccPeople.length > 0) return message.ccPeople;
  return message.cc.map((address) => ({ address }));
}

/** The plain text to read: the text part, or the HTML part converted when there is no text. */
function bodyText(message: IncomingReply): string {
  if (message.text && /\S/.test(message.text)) return message.text.slice(0, READ_LIMITS.textChars);
  return message.html
    ? htmlToText(message.html.slice(0, READ_LIMITS.htmlChars)).slice(0, READ_LIMITS.textChars)
    : '';
}

function withIntent(reading: ReplyReading, intent: ReplyIntent, ...reasons: string[]): ReplyReading {
  return { ...reading, intent, reasons: [...reading.reasons, ...reasons] };
}
