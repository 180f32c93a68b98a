/**
 * The client in the loop (issue 15): the thank-you held when the meeting moved or did not happen,
 * released or dropped by the coach, and the client's update by reply sent in the next window.
 *
 * Applied through `clientLoopTransition` (the workflow's coach actions and the client's replies),
 * which hands every other event to `transition`: the dispatch function, which applies none of
 * these, does not carry this module. A contact's own `reschedule` reply holds the thank-you through
 * `lifecycle/review.ts`.
 *
 * Decisions:
 * - A hold takes the "how did it go" reminder out of the plan with the thank-you (it asks the same).
 * - "Held" releases the thank-you at the time it was due, or in the next window when that passed;
 *   also when the meeting was marked held before the hold came.
 * - "Not held" is accepted from the meeting's start (a no-show is known then); a meeting marked held
 *   before is booked again (confirmed when its invitation went out), waiting for a reschedule or cancel.
 */

import { TransitionRefused, ValidationError } from '../errors.ts';
import { resultOf, transition } from '../lifecycle.ts';
import { personalWindowOf } from '../policy.ts';
import { unsafeCharacter } from '../safe-text.ts';
import { nextInWindow, nextSendMinute, toMillis } from '../timing.ts';
import type { CampaignPolicy, Contact, ContactEvent, Stage, Step, TransitionResult } from '../types.ts';
import { MAX_UPDATE_LENGTH } from './keep-in-touch.ts';
import { meetingHeld } from './meetings.ts';
import {
  addToPlan,
  latest,
  type Outcome,
  refuse,
  removeFromPlan,
  replacePlan,
  requiredText,
} from './plan.ts';

/** The steps a held thank-you takes with it: the thank-you and the "how did it go" reminder. */
const THANK_YOU_STEPS = (s: { step: Step }) => s.step === 'thank-you' || s.step === 'client-personal-line';

/** The stages around a meeting, before the thank-you: where a hold, "held" and "not held" apply. */
const MEETING_STAGES: readonly Stage[] = ['meeting_booked', 'confirmed', 'met'];

/**
 * Holds the planned thank-you: out of the plan, kept on the meeting with the time it was due, until
 * the coach marks the meeting held or not held. Refused when no thank-you is planned (sent already,
 * or held already).
 */
export function holdThankYou(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'thank_you_held' }>,
  now: Date,
): Outcome {
  const meeting = contact.meeting;
  if (meeting === undefined || meeting.status === 'cancelled') refuse(contact, event.type, 'no meeting');
  const unsafe = unsafeCharacter(event.reason);
  if (unsafe !== undefined) throw ValidationError.of('reason', unsafe);
  const thankYou = contact.schedules.find((s) => s.step === 'thank-you');
  if (thankYou === undefined) {
    refuse(
      contact,
      event.type,
      meeting.thankYouHold ? 'the thank-you is held already' : 'no thank-you is planned',
    );
  }
  const { contact: next, effects } = removeFromPlan(contact, THANK_YOU_STEPS, true);
  const thankYouHold = { at: now.toISOString(), by: event.by, reason: event.reason, thankYouAt: thankYou.at };
  return {
    to: contact.stage,
    contact: { ...next, meeting: { ...meeting, thankYouHold } },
    effects,
    detail: `thank-you held (${event.by}: ${event.reason}); the coach marks the meeting held or not held`,
  };
}

/** "Held" with the thank-you held: the meeting is held and the thank-you planned again. */
function releaseThankYou(contact: Contact, now: Date, policy: CampaignPolicy): Outcome {
  const meeting = contact.meeting;
  const held = meeting?.thankYouHold;
  if (meeting === undefined || held === undefined)
    return refuse(contact, 'meeting_held', 'no thank-you is held');
  const { thankYouHold: _released, ...rest } = meeting;
  // meetingHeld's checks and clean-up, on the meeting as booked.
  const marked = meetingHeld(
    { ...contact, meeting: { ...rest, status: 'booked' } },
    { type: 'meeting_held' },
    now,
    policy,
  );
  // The thank-you keeps its own window (the personal emails after a meeting).
  const at = latest(
    held.thankYouAt,
    nextInWindow(now.toISOString(), contact.timeZone, personalWindowOf(policy)),
  );
  const released = addToPlan(marked.contact, [{ step: 'thank-you', at }]);
  return {
    to: 'met',
    contact: released.contact,
    effects: [...marked.effects, ...released.effects],
    detail: `thank-you released: goes out at ${at}`,
  };
}

/** The coach says the meeting did not take place: the thank-you (planned or held) is dropped. */
function meetingNotHeld(contact: Contact, now: Date): Outcome {
  const meeting = contact.meeting;
  if (meeting === undefined || meeting.status === 'cancelled')
    return refuse(contact, 'meeting_not_held', 'no meeting');
  if (now.getTime() < toMillis(meeting.start))
    refuse(contact, 'meeting_not_held', `the meeting starts at ${meeting.start}`);
  const { contact: next, effects } = removeFromPlan(contact, THANK_YOU_STEPS, true);
  const { thankYouHold: _dropped, ...rest } = meeting;
  const to: Stage =
    contact.stage === 'met' ? (meeting.invitationSent ? 'confirmed' : 'meeting_booked') : contact.stage;
  return {
    to,
    contact: { ...next, meeting: { ...rest, status: 'booked', notHeldAt: now.toISOString() } },
    effects,
    detail: 'meeting not held: no thank-you; reschedule or cancel it',
  };
}

/** The client's update by reply: kept, and the keep-in-touch email moved up to the next window. */
function updateByReply(contact: Contact, text: string, now: Date, policy: CampaignPolicy): Outcome {
  if (!contact.schedules.some((s) => s.step.startsWith('keep-in-touch-'))) {
    refuse(contact, 'update_written', 'no keep-in-touch email is planned');
  }
  const pendingUpdate = requiredText(text, MAX_UPDATE_LENGTH);
  const soon = nextSendMinute(now, contact.timeZone, policy);
  // An immediate step still in flight keeps its own send (as in updateMissing); it is not re-planned.
  const planned = contact.schedules
    .filter((s) => !s.immediate && !s.step.startsWith('client-update-'))
    .map(({ step, at }) => ({
      step,
      at: step.startsWith('keep-in-touch-') && toMillis(at) > toMillis(soon) ? soon : at,
    }));
  const { contact: next, effects } = replacePlan(contact, planned);
  return { to: contact.stage, contact: { ...next, pendingUpdate }, effects };
}

/** `transition`, with the client loop's events (issue 15) applied here. Same contract as `transition`. */
export function clientLoopTransition(
  contact: Contact,
  event: ContactEvent,
  now: Date,
  policy: CampaignPolicy,
): TransitionResult {
  const outcome = clientLoop(contact, event, now, policy);
  return outcome === undefined
    ? transition(contact, event, now, policy)
    : resultOf(contact, event.type, outcome, now);
}

function clientLoop(
  contact: Contact,
  event: ContactEvent,
  now: Date,
  policy: CampaignPolicy,
): Outcome | undefined {
  const inMeeting = MEETING_STAGES.includes(contact.stage);
  switch (event.type) {
    case 'thank_you_held':
    case 'meeting_not_held':
      if (!inMeeting) throw new TransitionRefused(contact.stage, event.type);
      return event.type === 'thank_you_held'
        ? holdThankYou(contact, event, now)
        : meetingNotHeld(contact, now);
    case 'meeting_held':
      return inMeeting && contact.meeting?.thankYouHold ? releaseThankYou(contact, now, policy) : undefined;
    case 'update_written':
      return event.nextWindow && ['thanked', 'keeping_in_touch'].includes(contact.stage)
        ? updateByReply(contact, event.text, now, policy)
        : undefined;
    default:
      return undefined;
  }
}
