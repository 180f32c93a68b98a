/**
 * Emails going out: a planned step sent (which moves the stage and plans the next step of its
 * phase), a planned step rejected, and an email that went out outside the plan, recorded.
 */

import type { CampaignPolicy, Contact, ContactEvent, Meeting, Stage } from '../types.ts';
import { keepInTouchPlan } from './keep-in-touch.ts';
import { meetingEnd, thankReferrerPlan } from './meetings.ts';
import { sequencePlan } from './outreach.ts';
import { addToPlan, type Outcome, type Planned, refuse, removeFromPlan } from './plan.ts';
import { parseStep, type StepKind } from './steps.ts';

/**
 * Stages in which an email_sent of each kind of step is accepted. `no-response` is a timer: it
 * fires no_response_due, never an email. Decision: a thank-you that comes due while the meeting
 * is still `meeting_booked`/`confirmed` (nobody clicked "held") is accepted once the meeting has
 * ended and marks the meeting held — forgetting to click must not cost the contact their thank-you;
 * a no-show is handled by cancelling or rescheduling, which unschedules the thank-you.
 */
const STEP_STAGES: Record<StepKind, readonly Stage[]> = {
  outreach: ['queued'],
  'follow-up': ['contacted'],
  'no-response': [],
  confirmation: ['meeting_booked'],
  'thank-you': ['meeting_booked', 'confirmed', 'met'],
  'keep-in-touch': ['thanked', 'keeping_in_touch'],
  'client-meeting-tomorrow': ['meeting_booked', 'confirmed'],
  'client-personal-line': ['meeting_booked', 'confirmed', 'met'],
  'client-update': ['thanked', 'keeping_in_touch'],
  'client-thank-referrer': ['met', 'thanked', 'keeping_in_touch'],
};

export function emailSent(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'email_sent' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const { step } = event;
  const parsed = parseStep(step);
  if (parsed === undefined) refuse(contact, event.type, `unknown step ${step}`);
  const [kind, index] = parsed;
  if (!contact.schedules.some((s) => s.step === step)) refuse(contact, event.type, `${step} is not planned`);
  if (!STEP_STAGES[kind].includes(contact.stage)) {
    refuse(
      contact,
      event.type,
      kind === 'no-response' ? 'no-response is a timer, not an email' : `${step} is not sent in this stage`,
    );
  }
  const nowIso = now.toISOString();
  const meeting = contact.meeting;
  if (
    kind === 'thank-you' &&
    contact.stage !== 'met' &&
    (meeting === undefined || meetingEnd(meeting) > now.getTime())
  ) {
    refuse(contact, event.type, 'the meeting has not ended yet');
  }
  const sentStep = {
    step,
    at: nowIso,
    ...(event.messageId === undefined ? {} : { messageId: event.messageId }),
  };
  let { contact: next, effects } = removeFromPlan(contact, (s) => s.step === step, false);
  next = { ...next, sent: [...next.sent, sentStep] };
  const add = (planned: Planned[]) => {
    const r = addToPlan(next, planned);
    next = r.contact;
    effects = [...effects, ...r.effects];
  };
  switch (kind) {
    case 'outreach':
    case 'follow-up':
      add([sequencePlan(next, kind === 'outreach' ? 1 : index + 1, nowIso, now, policy)]);
      return { to: 'contacted', contact: next, effects };
    case 'confirmation':
      next = { ...next, meeting: { ...(meeting as Meeting), invitationSent: true } };
      return { to: 'confirmed', contact: next, effects };
    case 'thank-you': {
      // Whatever was planned before the meeting is moot now (the referrer note planned when it was
      // marked held is not: it belongs to after the meeting).
      const before = removeFromPlan(next, (s) => s.step !== 'client-thank-referrer', true);
      next = { ...before.contact, meeting: { ...(meeting as Meeting), status: 'held' } };
      effects = [...effects, ...before.effects];
      add([...keepInTouchPlan(next, 1, now, policy), ...thankReferrerPlan(next, now, policy)]);
      return { to: 'thanked', contact: next, effects };
    }
    case 'keep-in-touch': {
      const { pendingUpdate: _used, ...rest } = next;
      // A reminder for this email that has not fired yet is moot.
      const moot = removeFromPlan(rest, (s) => s.step === `client-update-${index}`, true);
      next = moot.contact;
      effects = [...effects, ...moot.effects];
      add(keepInTouchPlan(next, index + 1, now, policy));
      return { to: 'keeping_in_touch', contact: next, effects };
    }
    default:
      // Client reminders: recorded, nothing else changes.
      return { to: contact.stage, contact: next, effects, detail: `client reminder ${step} sent` };
  }
}

export function sendRejected(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'send_rejected' }>,
): Outcome {
  if (!contact.schedules.some((s) => s.step === event.step))
    refuse(contact, event.type, `${event.step} is not planned`);
  const { contact: next, effects } = removeFromPlan(contact, (s) => s.step === event.step, false);
  return { to: contact.stage, contact: next, effects, detail: `${event.step} rejected: ${event.reason}` };
}

/**
 * An email that went out although the plan does not (or no longer) hold it: a planned step whose
 * send committed after the plan moved on (a reply, a pause or a suppression while it was on its
 * way), or an email that is never planned (a meeting cancellation, a reply forwarded to the
 * client). Recorded in `sent` and on the timeline; stage and plan unchanged.
 */
export function sentOutsidePlan(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'sent_outside_plan' }>,
  now: Date,
): Outcome {
  const { step, messageId } = event;
  const sentStep = { step, at: now.toISOString(), messageId };
  return {
    to: contact.stage,
    contact: { ...contact, sent: [...contact.sent, sentStep] },
    effects: [],
    detail: event.detail ?? `${step} went out while the plan changed`,
  };
}
