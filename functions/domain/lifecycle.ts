/**
 * The contact lifecycle: `(contact, event, now, policy) → (contact', effects, timeline entry)`.
 * Pure. Refusals are typed: TransitionRefused when the stage does not allow the event (or the
 * event is stale — a step that is not planned), ValidationError when the event carries bad data.
 *
 * The plan. `contact.schedules` is the list of timed emails (and timers) currently planned, each
 * under the planVersion it was scheduled with. Replacing the plan bumps `planVersion`, unschedules
 * every outstanding schedule at its old version and schedules the new ones at the new version, so
 * a late delivery of an old schedule is recognisable as stale. Consuming one step (it was sent,
 * rejected, or its timer fired) removes it without a bump and without an unschedule (the schedule
 * deleted itself: ActionAfterCompletion DELETE); adding the next step of a sequence schedules it
 * under the current version. Steps sent at once (`send_now`) are kept in `schedules` with
 * `immediate: true` until their email_sent arrives; there is no schedule to delete for them.
 *
 * This module holds the rules that span the phases — which events each stage accepts, and
 * `transition` itself — and hands each event to its phase in ./lifecycle/: outreach.ts (launch,
 * the outreach sequence, replies), meetings.ts, keep-in-touch.ts, sending.ts (email_sent and
 * send_rejected of every phase's steps), pause-resume.ts; plan.ts holds the plan operations they
 * share.
 *
 * Decisions where DESIGN.md and the brief were silent are marked "Decision:" here and in ./lifecycle/.
 */

import { TransitionRefused } from './errors.ts';
import { markFunnel } from './funnel.ts';
import { updateMissing, updateWritten } from './lifecycle/keep-in-touch.ts';
import {
  bookMeeting,
  cancelMeeting,
  meetingHeld,
  personalLineAdded,
  rescheduleMeeting,
} from './lifecycle/meetings.ts';
import { APPROVAL_NEEDED, approve, launch, noResponseDue, replyReceived } from './lifecycle/outreach.ts';
import { pause, resume } from './lifecycle/pause-resume.ts';
import { type Outcome, suppress } from './lifecycle/plan.ts';
import { emailSent, sendRejected, sentOutsidePlan } from './lifecycle/sending.ts';
import {
  type CampaignPolicy,
  type Contact,
  type ContactEvent,
  type ContactEventType,
  isSuppressionStage,
  STAGES,
  type Stage,
  type TransitionResult,
} from './types.ts';

export {
  MAX_UPDATE_LENGTH,
  UPDATE_GIVE_UP_BUSINESS_DAYS,
  UPDATE_REMINDER_BUSINESS_DAYS,
  UPDATE_RETRY_BUSINESS_DAYS,
} from './lifecycle/keep-in-touch.ts';
export { MAX_PERSONAL_LINE_LENGTH } from './lifecycle/meetings.ts';
export { sequenceThread } from './lifecycle/outreach.ts';
export { parseStep } from './lifecycle/steps.ts';
export { scheduleName } from './schedule-name.ts';

// The idempotency key of a send is `sendKey` in ./send-key.ts: per email, not per schedule.

const SUPPRESSION_EVENTS = ['bounced', 'complained', 'unsubscribed'] as const satisfies ContactEventType[];
const MEETING_EVENTS = [
  'email_sent',
  'send_rejected',
  'reply_received',
  'meeting_rescheduled',
  'meeting_cancelled',
  'meeting_held',
  'personal_line_added',
  'pause',
  ...SUPPRESSION_EVENTS,
] as const satisfies ContactEventType[];
const KEEP_IN_TOUCH_EVENTS = [
  'email_sent',
  'send_rejected',
  'reply_received',
  'update_written',
  'update_missing',
  'pause',
  ...SUPPRESSION_EVENTS,
] as const satisfies ContactEventType[];

/**
 * Which events each stage accepts; everything else is refused with TransitionRefused. A Record,
 * so a new stage cannot be added without a row. Some allowed events can still be refused by the
 * contact's state (an email_sent for a step that is not planned, meeting_held before the start…).
 *
 * Decisions:
 * - Suppression stages accept nothing but the record of an email that already went out
 *   (EVERY_STAGE), not even a repeat of their own event: a second bounce for a bounced contact
 *   is refused like anything else and the shell treats that refusal as "already suppressed".
 *   One rule, no special case.
 * - `reply_received` is refused before anything went out (prospect, queued): there is nothing
 *   to reply to, so such a match is a bug in reply matching.
 * - `paused` accepts replies (a reply to an email sent before the pause must not be lost; see
 *   replyReceived) and suppression, and otherwise only `resume`.
 * - `pause` is accepted in every other non-suppression stage, including declined and
 *   no_response (nothing is planned there, but the coach may still want the contact on hold).
 */
const ALLOWED: Record<Stage, readonly ContactEventType[]> = {
  prospect: ['launch', 'approve', 'pause', ...SUPPRESSION_EVENTS],
  queued: ['email_sent', 'send_rejected', 'pause', ...SUPPRESSION_EVENTS],
  contacted: [
    'email_sent',
    'send_rejected',
    'no_response_due',
    'reply_received',
    'meeting_booked',
    'pause',
    ...SUPPRESSION_EVENTS,
  ],
  replied: ['reply_received', 'meeting_booked', 'pause', ...SUPPRESSION_EVENTS],
  meeting_booked: MEETING_EVENTS,
  confirmed: MEETING_EVENTS,
  met: [
    'email_sent',
    'send_rejected',
    'reply_received',
    'personal_line_added',
    'pause',
    ...SUPPRESSION_EVENTS,
  ],
  thanked: KEEP_IN_TOUCH_EVENTS,
  keeping_in_touch: KEEP_IN_TOUCH_EVENTS,
  no_response: ['reply_received', 'meeting_booked', 'pause', ...SUPPRESSION_EVENTS],
  declined: ['reply_received', 'pause', ...SUPPRESSION_EVENTS],
  paused: ['resume', 'reply_received', ...SUPPRESSION_EVENTS],
  bounced: [],
  complained: [],
  unsubscribed: [],
};

/**
 * Accepted in every stage, suppression stages included: an email that already went out is a fact
 * to record, not a decision the stage could refuse (see sentOutsidePlan).
 */
const EVERY_STAGE = ['sent_outside_plan'] as const satisfies ContactEventType[];

/** The events `stage` accepts (the refusal rule, as data). */
export function allowedEvents(stage: Stage): ContactEventType[] {
  return [...ALLOWED[stage], ...EVERY_STAGE];
}

/**
 * The stages a campaign pause puts on hold (and resuming the campaign resumes `paused`): the
 * contacts in motion, from queued to keeping_in_touch. Each accepts `pause`. Decision (kept from
 * the workflow): prospect, no_response and declined accept a pause of their own but a campaign
 * pause leaves them as they are — a prospect is not launched while the campaign is paused, and
 * nothing is planned for the other two.
 */
export const STAGES_PAUSED_WITH_CAMPAIGN: readonly Stage[] = STAGES.slice(
  STAGES.indexOf('queued'),
  STAGES.indexOf('keeping_in_touch') + 1,
);

function apply(contact: Contact, event: ContactEvent, now: Date, policy: CampaignPolicy): Outcome {
  switch (event.type) {
    case 'launch':
      return launch(contact, event, now, policy);
    case 'email_sent':
      return emailSent(contact, event, now, policy);
    case 'send_rejected':
      return sendRejected(contact, event);
    case 'sent_outside_plan':
      return sentOutsidePlan(contact, event, now);
    case 'no_response_due':
      return noResponseDue(contact, event);
    case 'reply_received':
      return replyReceived(contact, event, now, policy);
    case 'meeting_booked':
      return bookMeeting(contact, event, now, policy);
    case 'meeting_rescheduled':
      return rescheduleMeeting(contact, event, now, policy);
    case 'meeting_cancelled':
      return cancelMeeting(contact, event);
    case 'meeting_held':
      return meetingHeld(contact, event, now);
    case 'personal_line_added':
      return personalLineAdded(contact, event);
    case 'update_written':
      return updateWritten(contact, event);
    case 'update_missing':
      return updateMissing(contact, event, now, policy);
    case 'approve':
      return approve(contact, now);
    case 'pause':
      return pause(contact);
    case 'resume':
      return resume(contact, event, now, policy);
    case 'bounced':
    case 'complained':
      return suppress(contact, event.type);
    case 'unsubscribed':
      return event.by === 'coach'
        ? { ...suppress(contact, event.type), detail: "by the coach, on the contact's behalf" }
        : suppress(contact, event.type);
  }
}

/**
 * Applies `event` to `contact` at `now` under `policy`. Throws TransitionRefused when the stage
 * does not allow the event (see allowedEvents) or the event is stale, ValidationError when it
 * carries bad data. The result has version + 1, updatedAt = now, one timeline entry, and the
 * effects for the shell to carry out.
 */
export function transition(
  contact: Contact,
  event: ContactEvent,
  now: Date,
  policy: CampaignPolicy,
): TransitionResult {
  if (!allowedEvents(contact.stage).includes(event.type)) {
    throw new TransitionRefused(
      contact.stage,
      event.type,
      isSuppressionStage(contact.stage)
        ? 'the address is suppressed'
        : event.type === 'approve'
          ? APPROVAL_NEEDED
          : undefined,
    );
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  return resultOf(contact, event, apply(contact, event, now, policy), now);
}

/** A transition's result from its outcome: version + 1, updatedAt = now, one timeline entry. */
export function resultOf(
  contact: Contact,
  event: ContactEvent | ContactEventType,
  outcome: Outcome,
  now: Date,
): TransitionResult {
  const at = now.toISOString();
  const next = { ...outcome.contact, stage: outcome.to, version: contact.version + 1, updatedAt: at };
  return {
    // The funnel's milestones reached by this transition, marked once (`funnel.ts`).
    contact: markFunnel(contact, next, event, at),
    effects: outcome.effects,
    timeline: {
      contactId: contact.id,
      at,
      event: typeof event === 'string' ? event : event.type,
      from: contact.stage,
      to: outcome.to,
      ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
    },
  };
}
