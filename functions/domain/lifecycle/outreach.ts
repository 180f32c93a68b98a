/**
 * Outreach and replies: launching a contact, the outreach sequence (outreach, follow-ups, the
 * no-response timer) and what a reply does to the stage and the plan.
 */

import { ValidationError } from '../errors.ts';
import { awaitsApproval } from '../referrals.ts';
import {
  ceilMinute,
  followUpAt,
  isInWindow,
  nextSendMinute,
  noResponseAt,
  parseLocalDate,
  postponeForOutOfOffice,
  toIso,
  toMillis,
} from '../timing.ts';
import type { CampaignPolicy, Contact, ContactEvent, Stage, Step } from '../types.ts';
import { latest, type Outcome, type Planned, refuse, removeFromPlan, replacePlan, suppress } from './plan.ts';

export function isSequenceStep(step: Step): boolean {
  return step === 'outreach' || step.startsWith('follow-up-');
}

/**
 * Threading of the outreach sequence: follow-ups answer the last email of the sequence and
 * reference all of them (RFC 5322 In-Reply-To / References), from the Message-IDs SES returned.
 */
export function sequenceThread(contact: Contact): { inReplyTo?: string; references: string[] } {
  const references = contact.sent
    .filter((s) => isSequenceStep(s.step) && s.messageId !== undefined)
    .map((s) => s.messageId as string);
  const inReplyTo = references.at(-1);
  return inReplyTo === undefined ? { references } : { inReplyTo, references };
}

/** The next email of the outreach sequence after `previousAt`: follow-up-`index`, or the no-response timer. */
export function sequencePlan(
  contact: Contact,
  index: number,
  previousAt: string,
  now: Date,
  policy: CampaignPolicy,
): Planned {
  const zone = contact.timeZone;
  const nowIso = now.toISOString();
  const followUp = followUpAt(previousAt, index, zone, policy);
  if (followUp === undefined) {
    return {
      step: 'no-response',
      at: latest(noResponseAt(previousAt, zone, policy), toIso(ceilMinute(now.getTime()))),
    };
  }
  let at = latest(followUp, nextSendMinute(nowIso, zone, policy));
  if (contact.outOfOfficeUntil !== undefined) {
    at = latest(
      at,
      postponeForOutOfOffice(contact.outOfOfficeUntil, zone, policy.sendWindow, nowIso, policy.holidays),
    );
  }
  return { step: `follow-up-${index}`, at };
}

export function launch(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'launch' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const at = ceilMinute(toMillis(event.outreachAt, 'outreachAt'));
  const nowMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  if (at < nowMinute) throw ValidationError.of('outreachAt', `is in the past (${event.outreachAt})`);
  // Decision: outside the window is bad input from the launch planner, not a wrong stage.
  if (!isInWindow(toIso(at), contact.timeZone, policy.sendWindow, policy.holidays)) {
    const w = policy.sendWindow;
    throw ValidationError.of(
      'outreachAt',
      `${event.outreachAt} is outside the send window (days ${w.days.join(',')}, ${w.start}–${w.end} ${contact.timeZone}, public holidays excepted)`,
    );
  }
  const { contact: next, effects } = replacePlan(contact, [{ step: 'outreach', at: toIso(at) }]);
  return { to: 'queued', contact: next, effects };
}

/** Why an approval is refused for a contact that never needed one. */
export const APPROVAL_NEEDED = 'only a prospect referred by another contact waits for approval';

/**
 * A person approves a referred prospect (see awaitsApproval): it stays a prospect, and the next
 * launch of the campaign includes it. Refused for a prospect that needs no approval — imported by
 * the coach, or approved already (the use case answers a repeat as "nothing changed").
 */
export function approve(contact: Contact, now: Date): Outcome {
  if (!awaitsApproval(contact)) {
    refuse(
      contact,
      'approve',
      contact.approvedAt === undefined ? APPROVAL_NEEDED : `approved already at ${contact.approvedAt}`,
    );
  }
  return { to: contact.stage, contact: { ...contact, approvedAt: now.toISOString() }, effects: [] };
}

const REPLY_STAGE_CHANGES: Partial<Record<Stage, Partial<Record<string, Stage>>>> = {
  contacted: {
    accepted: 'replied',
    referral: 'replied',
    other: 'replied',
    reschedule: 'replied',
    declined: 'declined',
  },
  no_response: {
    accepted: 'replied',
    referral: 'replied',
    other: 'replied',
    reschedule: 'replied',
    declined: 'declined',
  },
  replied: { declined: 'declined' },
  declined: { accepted: 'replied' },
};

/**
 * A reply. Unsubscribe always suppresses. In contacted and no_response any human reply stops the
 * reminders: declined → declined, anything else → replied. An out-of-office is an auto-reply, not
 * an answer: in contacted it postpones the outstanding follow-up (or the no-response timer) to
 * after the return date, or by a week without one, at most twice for the same follow-up, then holds
 * it for the coach (postponeForAutoReply).
 *
 * Decisions for the later stages: replied → declined on a decline ("thinking about it… sorry, no");
 * declined → replied on an acceptance (they changed their mind); in meeting_booked … keeping_in_touch
 * a reply changes only the timeline (and records an out-of-office return date) — a "sorry, I can't
 * make it" is for the coach to act on by rescheduling or cancelling, not for a classifier. A
 * `reschedule` (asks to move a booked meeting) is such a reply: timeline only after booking; read
 * before any booking (a misread) it is a human reply like any other and stops the reminders.
 * In paused, the reply is applied to the stage the contact will resume to (pausedFrom), and
 * nothing is planned until the resume.
 * The meeting times a reply proposes are kept on the contact (`proposedTimes`), replaced by the next
 * reply that proposes any; a reply without a proposal (an out-of-office, a "thanks") keeps them.
 */
export function replyReceived(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'reply_received' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const detail =
    `reply: ${event.intent}${event.returnDate ? ` (back ${event.returnDate})` : ''}` +
    (event.sentFrom ? `; flagged: sent from ${event.sentFrom}, not the contact's own address` : '') +
    (event.evidence ? `; evidence: ${event.evidence}` : '');
  if (event.returnDate !== undefined) parseLocalDate(event.returnDate, 'returnDate');
  if (event.intent === 'unsubscribe') return { ...suppress(contact, 'unsubscribed'), detail };
  const ooo =
    event.intent === 'out_of_office' && event.returnDate !== undefined ? event.returnDate : undefined;
  const proposed = proposedTimesOf(event.proposedTimes);
  const withOoo: Contact = {
    ...contact,
    ...(ooo === undefined ? {} : { outOfOfficeUntil: ooo }),
    ...(proposed.length === 0 ? {} : { proposedTimes: proposed }),
  };
  if (contact.stage === 'paused') {
    const from = contact.pausedFrom ?? 'paused';
    const resumeTo = REPLY_STAGE_CHANGES[from]?.[event.intent] ?? from;
    return { to: 'paused', contact: { ...withOoo, pausedFrom: resumeTo }, effects: [], detail };
  }
  const to = REPLY_STAGE_CHANGES[contact.stage]?.[event.intent];
  if (to !== undefined) {
    const { outOfOfficeUntil: _over, ...rest } = withOoo;
    const { contact: next, effects } = replacePlan(rest, []);
    return { to, contact: next, effects, detail };
  }
  if (event.intent === 'out_of_office' && contact.stage === 'contacted' && contact.schedules.length > 0) {
    return postponeForAutoReply(withOoo, ooo, detail, now, policy);
  }
  return { to: contact.stage, contact: withOoo, effects: [], detail };
}

/** Auto-replies move the same planned follow-up at most this often; the next one holds it for the coach. */
export const OUT_OF_OFFICE_MAX_MOVES = 2;
/** Without a return date, an out-of-office moves the planned follow-up (and timer) this many days later. */
export const OUT_OF_OFFICE_UNDATED_DAYS = 7;

/** Where an out-of-office moves a planned step: after the return (`back`), or a week later without a date. */
function movedForAutoReply(
  step: Step,
  at: string,
  back: string | undefined,
  zone: string,
  policy: CampaignPolicy,
): string {
  if (back !== undefined) return latest(at, step === 'no-response' ? noResponseAt(back, zone, policy) : back);
  const weekLater = toMillis(at) + OUT_OF_OFFICE_UNDATED_DAYS * 86_400_000;
  // A planned step lies ahead of now, so a week after it does too.
  return step === 'no-response'
    ? toIso(ceilMinute(weekLater))
    : nextSendMinute(toIso(weekLater), zone, policy);
}

/**
 * An out-of-office in contacted, with a plan: the next follow-up (and the no-response timer) moves
 * to the first business day after the return date, inside the window (postponeForOutOfOffice; a
 * step planned later than that stays), or without a date one week later. The same planned step is
 * moved at most OUT_OF_OFFICE_MAX_MOVES times; the auto-reply after that withdraws the plan and
 * pauses the contact (`heldForCoach` says why) until the coach resumes it.
 */
function postponeForAutoReply(
  contact: Contact,
  returnDate: string | undefined,
  detail: string,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const zone = contact.timeZone;
  const back =
    returnDate === undefined
      ? undefined
      : postponeForOutOfOffice(returnDate, zone, policy.sendWindow, now, policy.holidays);
  const moved = contact.schedules.map((s) => ({
    step: s.step,
    at: movedForAutoReply(s.step, s.at, back, zone, policy),
  }));
  if (!moved.some((m, i) => m.at !== contact.schedules[i]?.at))
    return { to: 'contacted', contact, effects: [], detail };
  // The step planned first is the one moved (its moves are counted; the timer moves with it).
  const first = moved.reduce((a, b) => (b.at < a.at ? b : a));
  const moves = contact.outOfOfficeMoves?.step === first.step ? contact.outOfOfficeMoves.count : 0;
  if (moves >= OUT_OF_OFFICE_MAX_MOVES) {
    const reason = `${first.step} moved ${moves} times; held for the coach`;
    const { contact: held, effects } = replacePlan(contact, []);
    return {
      to: 'paused',
      contact: { ...held, pausedFrom: 'contacted', heldForCoach: reason },
      effects,
      detail: `${detail}; ${reason}`,
    };
  }
  const { contact: replanned, effects } = replacePlan(contact, moved);
  return {
    to: 'contacted',
    contact: { ...replanned, outOfOfficeMoves: { step: first.step, count: moves + 1 } },
    effects,
    detail: `${detail}; next reminder moved to ${first.at} (move ${moves + 1})`,
  };
}

/** A reply proposes a few times; more than this is not a proposal a person made (the rest are dropped). */
export const MAX_PROPOSED_TIMES = 10;

/** The proposed times of a reply as UTC instants (a ValidationError names `proposedTimes` for one that is not). */
function proposedTimesOf(times: string[] | undefined): string[] {
  if (times === undefined) return [];
  if (!Array.isArray(times)) throw ValidationError.of('proposedTimes', 'must be a list of instants');
  return times.slice(0, MAX_PROPOSED_TIMES).map((t, i) => toIso(toMillis(t, `proposedTimes[${i}]`)));
}

export function noResponseDue(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'no_response_due' }>,
): Outcome {
  if (!contact.schedules.some((s) => s.step === 'no-response'))
    refuse(contact, event.type, 'no-response is not planned');
  const { contact: next, effects } = removeFromPlan(contact, (s) => s.step === 'no-response', false);
  return { to: 'no_response', contact: next, effects };
}
