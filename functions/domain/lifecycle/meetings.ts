/**
 * Meetings: booking, rescheduling, cancelling and holding a meeting, the emails planned around it
 * (confirmation, the client's "meeting tomorrow" and "add your personal line", the thank-you) and
 * the client's personal line for the thank-you.
 */

import { parseMeetingMove, parseMeetingRequest } from '../contact-input.ts';
import { ValidationError } from '../errors.ts';
import { unsafeCharacter } from '../safe-text.ts';
import {
  ceilMinute,
  clientReminderAt,
  confirmationPlan,
  nextInWindow,
  thankYouAt,
  toIso,
  toMillis,
} from '../timing.ts';
import type {
  CampaignPolicy,
  Contact,
  ContactEvent,
  ContactEventType,
  Meeting,
  Stage,
  Step,
} from '../types.ts';
import {
  latest,
  type Outcome,
  type Planned,
  refuse,
  removeFromPlan,
  replacePlan,
  requiredText,
} from './plan.ts';

/** The client's personal line for the thank-you: at most this long. */
export const MAX_PERSONAL_LINE_LENGTH = 500;

export function meetingEnd(meeting: Meeting): number {
  return toMillis(meeting.start) + meeting.durationMinutes * 60_000;
}

/**
 * The emails around a meeting, for `stage` (meeting_booked plans the confirmation, confirmed and
 * met do not; met plans no "meeting tomorrow"). Returns the plan and a note for the timeline.
 *
 * Decisions:
 * - When the contact already holds an invitation for this meeting (a confirmation went out at an
 *   earlier sequence), a reschedule sends the updated confirmation at once, whatever the lead time:
 *   their calendar is wrong until it arrives.
 * - `client-personal-line` ("add your personal line to the thank-you") is planned at the meeting
 *   end when no line is written yet: the client has thankYouDelayHours to add it.
 * - The thank-you is planned even when it is late (a resume long after the meeting): never before
 *   now, moved into the window.
 */
export function meetingPlan(
  contact: Contact,
  meeting: Meeting,
  stage: Stage,
  now: Date,
  policy: CampaignPolicy,
  resuming = false,
): { planned: Planned[]; note?: string } {
  const zone = contact.timeZone;
  const nowMs = now.getTime();
  // On resume, a client reminder that already went out for this meeting is not sent again.
  const sentSince = (step: Step, since: number) =>
    resuming && contact.sent.some((x) => x.step === step && toMillis(x.at) >= since);
  const nowIso = now.toISOString();
  const start = toMillis(meeting.start);
  const end = meetingEnd(meeting);
  const planned: Planned[] = [];
  let note: string | undefined;
  if (stage === 'meeting_booked' && start > nowMs) {
    const plan: ReturnType<typeof confirmationPlan> = meeting.invitationSent
      ? { kind: 'send_now' }
      : confirmationPlan(meeting.start, now, zone, policy);
    if (plan.kind === 'scheduled') planned.push({ step: 'confirmation', at: plan.at });
    else if (plan.kind === 'send_now') {
      planned.push({ step: 'confirmation', at: toIso(ceilMinute(nowMs)), immediate: true });
      note = meeting.invitationSent
        ? 'updated confirmation sent now'
        : `confirmation sent now: booked inside the ${policy.confirmationLeadHours} h lead time`;
    } else note = `confirmation skipped: ${plan.reason}`;
  }
  if (stage !== 'met' && start > nowMs && !sentSince('client-meeting-tomorrow', start - 48 * 3_600_000)) {
    const reminder = clientReminderAt(meeting.start, meeting.timeZone, now);
    if (reminder !== undefined) planned.push({ step: 'client-meeting-tomorrow', at: reminder });
  }
  if (meeting.personalLine === undefined && end > nowMs && !sentSince('client-personal-line', start)) {
    planned.push({ step: 'client-personal-line', at: toIso(ceilMinute(end)) });
  }
  planned.push({
    step: 'thank-you',
    at: latest(thankYouAt(toIso(end), zone, policy), nextInWindow(nowIso, zone, policy.sendWindow)),
  });
  return note === undefined ? { planned } : { planned, note };
}

export function bookMeeting(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'meeting_booked' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const request = parseMeetingRequest(event.meeting, now, policy, 'meeting', event.meeting.questionFramework);
  if (typeof event.meetingId !== 'string' || event.meetingId.trim() === '') {
    throw ValidationError.of('meetingId', 'is required');
  }
  const meeting: Meeting = {
    id: event.meetingId,
    start: request.start,
    durationMinutes: request.durationMinutes,
    timeZone: request.timeZone,
    mode: request.mode,
    ...(request.location === undefined ? {} : { location: request.location }),
    ...(request.videoLink === undefined ? {} : { videoLink: request.videoLink }),
    // Decision: re-booking under the id of the previous (cancelled) meeting continues its .ics
    // SEQUENCE — calendars ignore a REQUEST whose SEQUENCE is lower than the CANCEL they hold.
    sequence: contact.meeting?.id === event.meetingId ? contact.meeting.sequence + 1 : 0,
    questions: request.questions,
    status: 'booked',
  };
  const { planned, note } = meetingPlan(contact, meeting, 'meeting_booked', now, policy);
  const { outOfOfficeUntil: _over, ...rest } = contact;
  const { contact: next, effects } = replacePlan({ ...rest, meeting }, planned);
  return { to: 'meeting_booked', contact: next, effects, ...(note === undefined ? {} : { detail: note }) };
}

function bookedMeeting(contact: Contact, event: ContactEventType): Meeting {
  const meeting = contact.meeting;
  if (meeting === undefined || meeting.status !== 'booked') refuse(contact, event, 'no meeting is booked');
  return meeting;
}

export function rescheduleMeeting(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'meeting_rescheduled' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const meeting = bookedMeeting(contact, event.type);
  const moved: Meeting = {
    ...meeting,
    ...parseMeetingMove(event, meeting, now),
    sequence: meeting.sequence + 1,
  };
  const { planned, note } = meetingPlan(contact, moved, 'meeting_booked', now, policy);
  const { contact: next, effects } = replacePlan({ ...contact, meeting: moved }, planned);
  const detail = `meeting moved from ${meeting.start} to ${moved.start}${note ? `; ${note}` : ''}`;
  return { to: 'meeting_booked', contact: next, effects, detail };
}

export function cancelMeeting(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'meeting_cancelled' }>,
): Outcome {
  const meeting = bookedMeeting(contact, event.type);
  const unsafe = typeof event.reason === 'string' ? unsafeCharacter(event.reason) : undefined;
  if (unsafe !== undefined) throw ValidationError.of('reason', unsafe);
  const cancelled: Meeting = { ...meeting, status: 'cancelled', sequence: meeting.sequence + 1 };
  const { contact: next, effects } = replacePlan({ ...contact, meeting: cancelled }, []);
  if (meeting.invitationSent) {
    effects.push({ type: 'send_cancellation', meetingId: meeting.id, sequence: cancelled.sequence });
  }
  return {
    to: 'replied',
    contact: next,
    effects,
    detail: `meeting cancelled${event.reason ? `: ${event.reason}` : ''}`,
  };
}

export function meetingHeld(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'meeting_held' }>,
  now: Date,
): Outcome {
  const meeting = bookedMeeting(contact, event.type);
  if (now.getTime() < toMillis(meeting.start))
    refuse(contact, event.type, `the meeting starts at ${meeting.start}`);
  // A confirmation or "meeting tomorrow" still planned (e.g. a meeting held early) is moot now.
  const { contact: next, effects } = removeFromPlan(
    contact,
    (s) => s.step === 'confirmation' || s.step === 'client-meeting-tomorrow',
    true,
  );
  return { to: 'met', contact: { ...next, meeting: { ...meeting, status: 'held' } }, effects };
}

export function personalLineAdded(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'personal_line_added' }>,
): Outcome {
  const meeting = contact.meeting;
  if (meeting === undefined || meeting.status === 'cancelled')
    refuse(contact, event.type, 'no meeting to thank for');
  const personalLine = requiredText(event.text, MAX_PERSONAL_LINE_LENGTH);
  const { contact: next, effects } = removeFromPlan(contact, (s) => s.step === 'client-personal-line', true);
  return { to: contact.stage, contact: { ...next, meeting: { ...meeting, personalLine } }, effects };
}
