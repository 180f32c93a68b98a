/**
 * The review queue's part of the lifecycle: a reply whose reading is unsure holds the reminders
 * (taken out of the plan, kept on the contact — not sent, not dropped) until a person confirms or
 * corrects the reading; the resolution is then applied as if the reply had been read so the first
 * time. A correction of a reply applied already (not held) moves the stage the way the right
 * reading would have; correcting a reply applied as `unsubscribe` undoes the unsubscribe (the use
 * case asks for the coach's confirmation that the contact did not ask, and lifts the suppression).
 *
 * Replies are applied through `reviewTransition` (the workflow's `recordReply`), which hands every
 * other event to `transition`: the dispatch function, which never applies a reply, does not carry
 * this module.
 *
 * Decisions:
 * - Only the outreach sequence is held (follow-ups and the no-response timer): meeting emails go on.
 * - Several unsure replies: the reminders stay held until the last is resolved, unless one resolves
 *   to a reading that stops them anyway (any human answer).
 * - A correction of an applied reply cannot restart a sequence its reading stopped (the follow-ups
 *   were deleted then): `other` → `out_of_office` records the return date, nothing more. Unsure
 *   replies are held, so that case is rare.
 * - Restored reminders that fell due while held go at the next moment inside the send window.
 */
import { TransitionRefused } from '../errors.ts';
import { allowedEvents, resultOf, transition } from '../lifecycle.ts';
import { ceilMinute, nextSendMinute, toIso } from '../timing.ts';
import type {
  CampaignPolicy,
  Contact,
  ContactEvent,
  ReplyIntent,
  ScheduledStep,
  Stage,
  TransitionResult,
} from '../types.ts';
import { isSequenceStep, replyReceived } from './outreach.ts';
import { latest, type Outcome, replacePlan } from './plan.ts';
import { holdThankYou } from './thank-you-hold.ts';

type ReplyEvent = Extract<ContactEvent, { type: 'reply_received' }>;

/** Steps a review holds: the outreach sequence and its no-response timer. */
const isHeldStep = (s: ScheduledStep) =>
  (isSequenceStep(s.step) && s.step !== 'outreach') || s.step === 'no-response';

/** Marks a restored step that has no schedule (yet): never a real plan version. */
const UNSCHEDULED = -1;

/** Human answers that move a reply out of `declined` when a correction says it was not a decline. */
const UNDECLINED: readonly ReplyIntent[] = ['accepted', 'referral', 'other', 'reschedule'];

/**
 * `transition`, with replies read through the review queue's rules: a `review` hold or resolution,
 * an unsubscribe undone, a reschedule request flagging the meeting. Same contract as `transition`.
 */
export function reviewTransition(
  contact: Contact,
  event: ContactEvent,
  now: Date,
  policy: CampaignPolicy,
): TransitionResult {
  if (event.type !== 'reply_received') return transition(contact, event, now, policy);
  const review = event.review;
  const undo =
    review?.action === 'resolve' && review.previous === 'unsubscribe' && event.intent !== 'unsubscribe';
  if (undo && contact.stage === 'unsubscribed') {
    return resultOf(
      contact,
      event,
      undoUnsubscribe(contact, event.intent, review.stageBefore ?? 'replied'),
      now,
    );
  }
  if (!allowedEvents(contact.stage).includes(event.type)) return transition(contact, event, now, policy);
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  return resultOf(contact, event, reviewReply(contact, event, now, policy), now);
}

function reviewReply(contact: Contact, event: ReplyEvent, now: Date, policy: CampaignPolicy): Outcome {
  const review = event.review;
  if (review === undefined) return flagReschedule(replyReceived(contact, event, now, policy), event, now);
  return review.action === 'hold'
    ? holdForReview(contact, review.replyKey, event.intent)
    : resolveReview(contact, event, review.replyKey, review.previous, now, policy);
}

function holdForReview(contact: Contact, replyKey: string, intent: ReplyIntent): Outcome {
  const keys = contact.reviewHold?.replyKeys ?? [];
  if (keys.includes(replyKey)) return { to: contact.stage, contact, effects: [], detail: 'already held' };
  const held = contact.schedules.filter(isHeldStep);
  const kept = contact.schedules.filter((s) => !isHeldStep(s));
  const { contact: next, effects } =
    held.length === 0
      ? { contact, effects: [] }
      : replacePlan(
          contact,
          kept.map(({ step, at }) => ({ step, at })),
        );
  const reviewHold = {
    replyKeys: [...keys, replyKey],
    steps: [...(contact.reviewHold?.steps ?? []), ...held.map(({ step, at }) => ({ step, at }))],
  };
  return {
    to: contact.stage,
    contact: { ...next, reviewHold },
    effects,
    detail: `reply held for review: read as ${intent}, unsure${held.length > 0 ? `; ${held.length} reminder(s) held` : ''}`,
  };
}

function resolveReview(
  contact: Contact,
  event: ReplyEvent,
  replyKey: string,
  previous: ReplyIntent | undefined,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const { review: _review, ...reply } = event;
  const hold = contact.reviewHold;
  const how =
    previous === undefined
      ? `resolved as ${event.intent} by review`
      : previous === event.intent
        ? `confirmed as ${event.intent}`
        : `corrected: ${previous} → ${event.intent}`;
  if (!hold?.replyKeys.includes(replyKey)) {
    // Not held: the reading was applied (or, for a message inbound held, nothing was).
    const outcome = flagReschedule(replyReceived(contact, reply, now, policy), reply, now);
    const undeclined =
      previous === 'declined' && contact.stage === 'declined' && UNDECLINED.includes(event.intent);
    return {
      ...outcome,
      ...(undeclined ? { to: 'replied' } : {}),
      detail: `${how}; ${outcome.detail ?? ''}`,
    };
  }
  const others = hold.replyKeys.filter((k) => k !== replyKey);
  const { reviewHold: _hold, ...free } = contact;
  const zone = contact.timeZone;
  const restored: ScheduledStep[] =
    contact.stage === 'paused'
      ? []
      : hold.steps.map((s) => ({
          step: s.step,
          at:
            s.step === 'no-response'
              ? latest(s.at, toIso(ceilMinute(now.getTime())))
              : latest(s.at, nextSendMinute(now.toISOString(), zone, policy)),
          planVersion: UNSCHEDULED,
        }));
  const outcome = flagReschedule(
    replyReceived({ ...free, schedules: [...contact.schedules, ...restored] }, reply, now, policy),
    reply,
    now,
  );
  const restoredSteps = new Set(restored.map((s) => s.step));
  // A reminder the reply moved (an out-of-office postpones it) is still one of the held ones: while
  // other replies wait it stays held, at its new time.
  const stillHeld = (s: ScheduledStep) =>
    s.planVersion === UNSCHEDULED || (others.length > 0 && restoredSteps.has(s.step));
  const effects = outcome.effects.filter(
    (e) =>
      !(e.type === 'unschedule' && e.planVersion === UNSCHEDULED) &&
      !(others.length > 0 && e.type === 'schedule' && restoredSteps.has(e.step)),
  );
  const waiting = outcome.contact.schedules.filter(stillHeld);
  let next: Contact = {
    ...outcome.contact,
    schedules: outcome.contact.schedules.filter((s) => !stillHeld(s)),
  };
  let note = '';
  if (waiting.length > 0 && others.length > 0) {
    // Other replies still wait: their reminders stay held.
    next = {
      ...next,
      reviewHold: { replyKeys: others, steps: waiting.map(({ step, at }) => ({ step, at })) },
    };
    note = '; reminders still held for another reply';
  } else if (waiting.length > 0) {
    const planned = [...next.schedules, ...waiting].map(({ step, at }) => ({ step, at }));
    const replanned = replacePlan(next, planned);
    next = replanned.contact;
    effects.push(...replanned.effects);
    note = `; ${waiting.length} reminder(s) released`;
  } else if (others.length > 0) {
    // The answer stops the reminders: nothing is held for the other replies either.
    next = { ...next, reviewHold: { replyKeys: others, steps: [] } };
  }
  return { ...outcome, contact: next, effects, detail: `${how}; ${outcome.detail ?? ''}${note}` };
}

/** A reply asking to move the booked meeting flags it for the coach (rescheduling is a person's call). */
function flagReschedule(outcome: Outcome, event: ReplyEvent, now: Date): Outcome {
  if (event.intent !== 'reschedule' || outcome.contact.meeting === undefined) return outcome;
  const flagged = { ...outcome.contact, rescheduleRequestedAt: now.toISOString() };
  const detail = `${outcome.detail ?? ''}; meeting flagged: the contact asked to move it`;
  // The thank-you waits too (issue 15): nobody is thanked for a meeting they asked to move.
  if (!flagged.schedules.some((s) => s.step === 'thank-you')) return { ...outcome, contact: flagged, detail };
  const held = holdThankYou(
    flagged,
    { type: 'thank_you_held', by: 'contact', reason: 'asked to move the meeting' },
    now,
  );
  return {
    ...outcome,
    contact: held.contact,
    effects: [...outcome.effects, ...held.effects],
    detail: `${detail}; thank-you held`,
  };
}

/** Stages a human answer leaves for `replied` (or `declined`), as `replyReceived` moves them. */
const ANSWERABLE: readonly Stage[] = ['contacted', 'no_response'];

/**
 * The coach confirmed the contact did not ask to unsubscribe: the stage the reply would have led
 * to from `restoreTo` (the stage it left). The reminders deleted by the unsubscribe are not
 * restarted; the use case takes the address off the suppression list.
 */
function undoUnsubscribe(contact: Contact, intent: ReplyIntent, restoreTo: Stage): Outcome {
  if (contact.stage !== 'unsubscribed') {
    throw new TransitionRefused(contact.stage, 'reply_received', 'the contact is not unsubscribed');
  }
  const to: Stage = ANSWERABLE.includes(restoreTo)
    ? intent === 'declined'
      ? 'declined'
      : intent === 'out_of_office'
        ? restoreTo
        : 'replied'
    : restoreTo;
  return {
    to,
    contact,
    effects: [],
    detail: `unsubscribe undone: the coach confirmed the contact did not ask (reply read as ${intent})`,
  };
}
