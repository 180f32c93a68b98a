/** Pausing a contact (the plan withdrawn) and resuming it (the plan rebuilt for its stage from now). */

import { nextSendMinute } from '../timing.ts';
import {
  type CampaignPolicy,
  type Contact,
  type ContactEvent,
  isSuppressionStage,
  type Stage,
} from '../types.ts';
import { keepInTouchPlan } from './keep-in-touch.ts';
import { meetingPlan } from './meetings.ts';
import { isSequenceStep, sequencePlan } from './outreach.ts';
import { lastSent, type Outcome, type Planned, refuse, replacePlan } from './plan.ts';

/** What a contact in `stage` needs planned from `now` (on resume). */
function replan(
  contact: Contact,
  stage: Stage,
  now: Date,
  policy: CampaignPolicy,
): { planned: Planned[]; note?: string } {
  switch (stage) {
    case 'queued':
      return {
        planned: [{ step: 'outreach', at: nextSendMinute(now, contact.timeZone, policy) }],
      };
    case 'contacted': {
      const previous = lastSent(contact, isSequenceStep);
      const followUpsSent = contact.sent.filter((s) => s.step.startsWith('follow-up-')).length;
      return {
        planned: [sequencePlan(contact, followUpsSent + 1, previous?.at ?? now.toISOString(), now, policy)],
      };
    }
    case 'meeting_booked':
    case 'confirmed':
    case 'met':
      return contact.meeting?.status === 'booked' || contact.meeting?.status === 'held'
        ? meetingPlan(contact, contact.meeting, stage, now, policy, true)
        : { planned: [] };
    case 'thanked':
    case 'keeping_in_touch': {
      const sentCount = contact.sent.filter((s) => s.step.startsWith('keep-in-touch-')).length;
      return { planned: keepInTouchPlan(contact, sentCount + 1, now, policy) };
    }
    default:
      return { planned: [] };
  }
}

export function pause(contact: Contact): Outcome {
  const { contact: next, effects } = replacePlan(contact, []);
  return { to: 'paused', contact: { ...next, pausedFrom: contact.stage }, effects };
}

export function resume(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'resume' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const to = contact.pausedFrom;
  if (to === undefined || to === 'paused' || isSuppressionStage(to))
    refuse(contact, event.type, 'nothing to resume to');
  const { pausedFrom: _done, heldForCoach: _held, outOfOfficeMoves: _moves, ...rest } = contact;
  const { planned, note } = replan(rest, to, now, policy);
  const { contact: next, effects } = replacePlan(rest, planned);
  return { to, contact: next, effects, ...(note === undefined ? {} : { detail: note }) };
}
