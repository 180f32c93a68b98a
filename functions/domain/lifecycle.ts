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
 * Decisions where DESIGN.md and the brief were silent are marked "Decision:" below.
 */

import { parseMeetingMove, parseMeetingRequest } from './contact-input.ts';
import { TransitionRefused, ValidationError } from './errors.ts';
import { unsafeCharacter } from './safe-text.ts';
import {
  addBusinessDays,
  ceilMinute,
  clientReminderAt,
  confirmationPlan,
  followUpAt,
  isInWindow,
  keepInTouchAt,
  nextInWindow,
  noResponseAt,
  parseLocalDate,
  postponeForOutOfOffice,
  thankYouAt,
  toIso,
  toMillis,
} from './timing.ts';
import {
  type CampaignPolicy,
  type Contact,
  type ContactEvent,
  type ContactEventType,
  type Effect,
  isSuppressionStage,
  type Meeting,
  type ScheduledStep,
  type Stage,
  type Step,
  type SuppressionReason,
  type TransitionResult,
} from './types.ts';

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
 * - Suppression stages accept nothing, not even a repeat of their own event: a second bounce
 *   for a bounced contact is refused like anything else and the shell treats that refusal as
 *   "already suppressed". One rule, no special case.
 * - `reply_received` is refused before anything went out (prospect, queued): there is nothing
 *   to reply to, so such a match is a bug in reply matching.
 * - `paused` accepts replies (a reply to an email sent before the pause must not be lost; see
 *   replyReceived) and suppression, and otherwise only `resume`.
 * - `pause` is accepted in every other non-suppression stage, including declined and
 *   no_response (nothing is planned there, but the coach may still want the contact on hold).
 */
const ALLOWED: Record<Stage, readonly ContactEventType[]> = {
  prospect: ['launch', 'pause', ...SUPPRESSION_EVENTS],
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

/** The events `stage` accepts (the refusal rule, as data). */
export function allowedEvents(stage: Stage): ContactEventType[] {
  return [...ALLOWED[stage]];
}

type StepKind =
  | 'outreach'
  | 'follow-up'
  | 'no-response'
  | 'confirmation'
  | 'thank-you'
  | 'keep-in-touch'
  | 'client-meeting-tomorrow'
  | 'client-personal-line'
  | 'client-update';

/** The kind of a step and its number (follow-up-2 → ['follow-up', 2]). */
export function parseStep(step: string): [StepKind, number] | undefined {
  const numbered = /^(follow-up|keep-in-touch|client-update)-([1-9]\d{0,2})$/.exec(step);
  if (numbered) return [numbered[1] as StepKind, Number(numbered[2])];
  const plain: StepKind[] = [
    'outreach',
    'no-response',
    'confirmation',
    'thank-you',
    'client-meeting-tomorrow',
    'client-personal-line',
  ];
  return (plain as string[]).includes(step) ? [step as StepKind, 0] : undefined;
}

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
};

/** The client's update for a keep-in-touch email: at most this long. */
export const MAX_UPDATE_LENGTH = 2000;
export const MAX_PERSONAL_LINE_LENGTH = 500;
/** The client is reminded to write an update this many business days before a keep-in-touch email. */
export const UPDATE_REMINDER_BUSINESS_DAYS = 5;
/** No update written when keep-in-touch-N is due: retried this many business days later … */
export const UPDATE_RETRY_BUSINESS_DAYS = 5;
/**
 * … until it is this many business days past its nominal date, then dropped (the next one is
 * planned). With a retry every 5 business days that is two retries: the client is reminded at
 * most three times (the planned reminder plus one per retry) for each keep-in-touch email.
 */
export const UPDATE_GIVE_UP_BUSINESS_DAYS = 8;

type Planned = { step: Step; at: string; immediate?: true };

interface Outcome {
  to: Stage;
  contact: Contact;
  effects: Effect[];
  detail?: string;
}

function refuse(contact: Contact, event: ContactEventType, reason: string): never {
  throw new TransitionRefused(contact.stage, event, reason);
}

/** Replace the whole plan: bump planVersion, unschedule all outstanding, schedule `planned`. */
function replacePlan(contact: Contact, planned: Planned[]): { contact: Contact; effects: Effect[] } {
  if (contact.schedules.length === 0 && planned.length === 0) return { contact, effects: [] };
  const planVersion = contact.planVersion + 1;
  const effects: Effect[] = contact.schedules
    .filter((s) => !s.immediate)
    .map((s) => ({ type: 'unschedule', step: s.step, planVersion: s.planVersion }));
  const schedules: ScheduledStep[] = planned.map((p) => ({
    step: p.step,
    at: p.at,
    planVersion,
    ...(p.immediate ? { immediate: true } : {}),
  }));
  for (const s of schedules) {
    effects.push(
      s.immediate
        ? { type: 'send_now', step: s.step }
        : { type: 'schedule', step: s.step, at: s.at, planVersion },
    );
  }
  return { contact: { ...contact, planVersion, schedules }, effects };
}

/** Add steps to the current plan (the next step of a sequence), under the current planVersion. */
function addToPlan(contact: Contact, planned: Planned[]): { contact: Contact; effects: Effect[] } {
  const { planVersion } = contact;
  for (const p of planned) {
    if (contact.schedules.some((s) => s.step === p.step)) {
      throw new Error(`bug: ${p.step} is already planned for contact ${contact.id}`);
    }
  }
  const added: ScheduledStep[] = planned.map((p) => ({
    step: p.step,
    at: p.at,
    planVersion,
    ...(p.immediate ? { immediate: true } : {}),
  }));
  return {
    contact: { ...contact, schedules: [...contact.schedules, ...added] },
    effects: added.map((s) =>
      s.immediate
        ? { type: 'send_now', step: s.step }
        : { type: 'schedule', step: s.step, at: s.at, planVersion },
    ),
  };
}

/**
 * Remove the planned steps matching `which`. `unschedule` emits the deletes (the schedule is still
 * out there); a consumed step (it fired) needs none.
 */
function removeFromPlan(
  contact: Contact,
  which: (s: ScheduledStep) => boolean,
  unschedule: boolean,
): { contact: Contact; effects: Effect[] } {
  const removed = contact.schedules.filter(which);
  const effects: Effect[] = unschedule
    ? removed
        .filter((s) => !s.immediate)
        .map((s) => ({ type: 'unschedule', step: s.step, planVersion: s.planVersion }))
    : [];
  return { contact: { ...contact, schedules: contact.schedules.filter((s) => !which(s)) }, effects };
}

function latest(...isoTimes: string[]): string {
  return toIso(Math.max(...isoTimes.map((t) => toMillis(t))));
}

function lastSent(contact: Contact, predicate: (step: Step) => boolean) {
  return contact.sent.filter((s) => predicate(s.step)).at(-1);
}

function isSequenceStep(step: Step): boolean {
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

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/** The next email of the outreach sequence after `previousAt`: follow-up-`index`, or the no-response timer. */
function sequencePlan(
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
  let at = latest(followUp, nextInWindow(nowIso, zone, policy.sendWindow));
  if (contact.outOfOfficeUntil !== undefined) {
    at = latest(at, postponeForOutOfOffice(contact.outOfOfficeUntil, zone, policy.sendWindow, nowIso));
  }
  return { step: `follow-up-${index}`, at };
}

/** keep-in-touch-`index` and the client's reminder to write the update before it (none past max). */
function keepInTouchPlan(contact: Contact, index: number, now: Date, policy: CampaignPolicy): Planned[] {
  const zone = contact.timeZone;
  const thankYou = lastSent(contact, (s) => s === 'thank-you')?.at ?? now.toISOString();
  const nominal = keepInTouchAt(thankYou, index, zone, policy);
  if (nominal === undefined) return [];
  const at = latest(nominal, nextInWindow(now, zone, policy.sendWindow));
  const planned: Planned[] = [{ step: `keep-in-touch-${index}`, at }];
  if (contact.pendingUpdate === undefined) {
    // Decision: UPDATE_REMINDER_BUSINESS_DAYS before, not in the send window (it goes to the client).
    const remindAt = latest(
      addBusinessDays(at, -UPDATE_REMINDER_BUSINESS_DAYS, zone),
      toIso(ceilMinute(now.getTime())),
    );
    planned.push({ step: `client-update-${index}`, at: remindAt });
  }
  return planned;
}

function meetingEnd(meeting: Meeting): number {
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
function meetingPlan(
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

/** What a contact in `stage` needs planned from `now` (on resume). */
function replan(
  contact: Contact,
  stage: Stage,
  now: Date,
  policy: CampaignPolicy,
): { planned: Planned[]; note?: string } {
  switch (stage) {
    case 'queued':
      return { planned: [{ step: 'outreach', at: nextInWindow(now, contact.timeZone, policy.sendWindow) }] };
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

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

function suppress(contact: Contact, reason: SuppressionReason): Outcome {
  const { contact: next, effects } = replacePlan(contact, []);
  const { pausedFrom: _dropped, ...rest } = next;
  effects.push({ type: 'suppress', email: contact.email, reason });
  return { to: reason, contact: { ...rest, stage: reason }, effects };
}

function launch(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'launch' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const at = ceilMinute(toMillis(event.outreachAt, 'outreachAt'));
  const nowMinute = Math.floor(now.getTime() / 60_000) * 60_000;
  if (at < nowMinute) throw ValidationError.of('outreachAt', `is in the past (${event.outreachAt})`);
  // Decision: outside the window is bad input from the launch planner, not a wrong stage.
  if (!isInWindow(toIso(at), contact.timeZone, policy.sendWindow)) {
    const w = policy.sendWindow;
    throw ValidationError.of(
      'outreachAt',
      `${event.outreachAt} is outside the send window (days ${w.days.join(',')}, ${w.start}–${w.end} ${contact.timeZone})`,
    );
  }
  const { contact: next, effects } = replacePlan(contact, [{ step: 'outreach', at: toIso(at) }]);
  return { to: 'queued', contact: next, effects };
}

function emailSent(
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
      // Whatever was planned before the meeting is moot now.
      const before = removeFromPlan(next, () => true, true);
      next = { ...before.contact, meeting: { ...(meeting as Meeting), status: 'held' } };
      effects = [...effects, ...before.effects];
      add(keepInTouchPlan(next, 1, now, policy));
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

const REPLY_STAGE_CHANGES: Partial<Record<Stage, Partial<Record<string, Stage>>>> = {
  contacted: { accepted: 'replied', referral: 'replied', other: 'replied', declined: 'declined' },
  no_response: { accepted: 'replied', referral: 'replied', other: 'replied', declined: 'declined' },
  replied: { declined: 'declined' },
  declined: { accepted: 'replied' },
};

/**
 * A reply. Unsubscribe always suppresses. In contacted and no_response any human reply stops the
 * reminders: declined → declined, anything else → replied. An out-of-office is an auto-reply, not
 * an answer: in contacted with a return date it postpones the outstanding follow-up (or the
 * no-response timer) to after the return (postponeForOutOfOffice; a reminder already planned later
 * than that stays), and without a return date it changes nothing but the timeline.
 *
 * Decisions for the later stages: replied → declined on a decline ("thinking about it… sorry, no");
 * declined → replied on an acceptance (they changed their mind); in meeting_booked … keeping_in_touch
 * a reply changes only the timeline (and records an out-of-office return date) — a "sorry, I can't
 * make it" is for the coach to act on by rescheduling or cancelling, not for a classifier.
 * In paused, the reply is applied to the stage the contact will resume to (pausedFrom), and
 * nothing is planned until the resume.
 */
function replyReceived(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'reply_received' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const detail = `reply: ${event.intent}${event.returnDate ? ` (back ${event.returnDate})` : ''}`;
  if (event.returnDate !== undefined) parseLocalDate(event.returnDate, 'returnDate');
  if (event.intent === 'unsubscribe') return { ...suppress(contact, 'unsubscribed'), detail };
  const ooo =
    event.intent === 'out_of_office' && event.returnDate !== undefined ? event.returnDate : undefined;
  const withOoo: Contact = ooo === undefined ? contact : { ...contact, outOfOfficeUntil: ooo };
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
  if (ooo !== undefined && contact.stage === 'contacted') {
    const zone = contact.timeZone;
    const back = postponeForOutOfOffice(ooo, zone, policy.sendWindow, now);
    const moved = contact.schedules.map((s) => ({
      step: s.step,
      at: latest(s.at, s.step === 'no-response' ? noResponseAt(back, zone, policy) : back),
    }));
    const changed = moved.some((m, i) => m.at !== contact.schedules[i]?.at);
    if (!changed) return { to: 'contacted', contact: withOoo, effects: [], detail };
    const { contact: next, effects } = replacePlan(withOoo, moved);
    const firstAt = moved.map((m) => m.at).sort()[0];
    return {
      to: 'contacted',
      contact: next,
      effects,
      detail: `${detail}; next reminder moved to ${firstAt}`,
    };
  }
  return { to: contact.stage, contact: withOoo, effects: [], detail };
}

function bookMeeting(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'meeting_booked' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const request = parseMeetingRequest(event.meeting, now, policy, 'meeting');
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

function rescheduleMeeting(
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

function cancelMeeting(
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

function meetingHeld(
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

function requiredText(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw ValidationError.of('text', 'is empty');
  const unsafe = unsafeCharacter(text, true);
  if (unsafe !== undefined) throw ValidationError.of('text', unsafe);
  if (text.length > max)
    throw ValidationError.of('text', `is ${text.length} characters long; at most ${max}`);
  return text;
}

function personalLineAdded(
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

function updateWritten(contact: Contact, event: Extract<ContactEvent, { type: 'update_written' }>): Outcome {
  if (!contact.schedules.some((s) => s.step.startsWith('keep-in-touch-'))) {
    refuse(contact, event.type, 'no keep-in-touch email is planned');
  }
  const pendingUpdate = requiredText(event.text, MAX_UPDATE_LENGTH);
  const { contact: next, effects } = removeFromPlan(
    contact,
    (s) => s.step.startsWith('client-update-'),
    true,
  );
  return { to: contact.stage, contact: { ...next, pendingUpdate }, effects };
}

/**
 * keep-in-touch-N came due with no update written (DESIGN: no update → no email, the client gets a
 * reminder instead). Decision: the client is reminded now (send_now of client-update-N) and the
 * email is retried UPDATE_RETRY_BUSINESS_DAYS later; once it would be UPDATE_GIVE_UP_BUSINESS_DAYS
 * past its nominal date it is dropped and keep-in-touch-(N+1) is planned instead (if any).
 */
function updateMissing(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'update_missing' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const parsed = parseStep(event.step);
  if (parsed?.[0] !== 'keep-in-touch')
    throw ValidationError.of('step', `${event.step} is not a keep-in-touch step`);
  const index = parsed[1];
  if (!contact.schedules.some((s) => s.step === event.step))
    refuse(contact, event.type, `${event.step} is not planned`);
  if (contact.pendingUpdate !== undefined) refuse(contact, event.type, 'an update is written; send it');
  const zone = contact.timeZone;
  const thankYou = lastSent(contact, (s) => s === 'thank-you')?.at;
  const nominal =
    (thankYou && keepInTouchAt(thankYou, index, zone, policy)) ||
    (contact.schedules.find((s) => s.step === event.step) as ScheduledStep).at;
  // An immediate step still in flight keeps its own send; it is not re-planned.
  const others = contact.schedules
    .filter((s) => !s.immediate && s.step !== event.step && s.step !== `client-update-${index}`)
    .map((s) => ({ step: s.step, at: s.at }));
  if (now.getTime() >= toMillis(addBusinessDays(nominal, UPDATE_GIVE_UP_BUSINESS_DAYS, zone))) {
    const { contact: next, effects } = replacePlan(contact, [
      ...others,
      ...keepInTouchPlan(contact, index + 1, now, policy),
    ]);
    return { to: contact.stage, contact: next, effects, detail: `${event.step} dropped: no update written` };
  }
  const retryAt = nextInWindow(
    addBusinessDays(now, UPDATE_RETRY_BUSINESS_DAYS, zone),
    zone,
    policy.sendWindow,
  );
  const { contact: next, effects } = replacePlan(contact, [
    ...others,
    { step: event.step, at: retryAt },
    { step: `client-update-${index}`, at: toIso(ceilMinute(now.getTime())), immediate: true },
  ]);
  return {
    to: contact.stage,
    contact: next,
    effects,
    detail: `no update written for ${event.step}: client reminded, retry at ${retryAt}`,
  };
}

function sendRejected(contact: Contact, event: Extract<ContactEvent, { type: 'send_rejected' }>): Outcome {
  if (!contact.schedules.some((s) => s.step === event.step))
    refuse(contact, event.type, `${event.step} is not planned`);
  const { contact: next, effects } = removeFromPlan(contact, (s) => s.step === event.step, false);
  return { to: contact.stage, contact: next, effects, detail: `${event.step} rejected: ${event.reason}` };
}

function pause(contact: Contact): Outcome {
  const { contact: next, effects } = replacePlan(contact, []);
  return { to: 'paused', contact: { ...next, pausedFrom: contact.stage }, effects };
}

function resume(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'resume' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const to = contact.pausedFrom;
  if (to === undefined || to === 'paused' || isSuppressionStage(to))
    refuse(contact, event.type, 'nothing to resume to');
  const { pausedFrom: _done, ...rest } = contact;
  const { planned, note } = replan(rest, to, now, policy);
  const { contact: next, effects } = replacePlan(rest, planned);
  return { to, contact: next, effects, ...(note === undefined ? {} : { detail: note }) };
}

function noResponseDue(contact: Contact, event: Extract<ContactEvent, { type: 'no_response_due' }>): Outcome {
  if (!contact.schedules.some((s) => s.step === 'no-response'))
    refuse(contact, event.type, 'no-response is not planned');
  const { contact: next, effects } = removeFromPlan(contact, (s) => s.step === 'no-response', false);
  return { to: 'no_response', contact: next, effects };
}

function apply(contact: Contact, event: ContactEvent, now: Date, policy: CampaignPolicy): Outcome {
  switch (event.type) {
    case 'launch':
      return launch(contact, event, now, policy);
    case 'email_sent':
      return emailSent(contact, event, now, policy);
    case 'send_rejected':
      return sendRejected(contact, event);
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
    case 'pause':
      return pause(contact);
    case 'resume':
      return resume(contact, event, now, policy);
    case 'bounced':
    case 'complained':
    case 'unsubscribed':
      return suppress(contact, event.type);
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
  if (!ALLOWED[contact.stage].includes(event.type)) {
    throw new TransitionRefused(
      contact.stage,
      event.type,
      isSuppressionStage(contact.stage) ? 'the address is suppressed' : undefined,
    );
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid date');
  const outcome = apply(contact, event, now, policy);
  const at = now.toISOString();
  return {
    contact: { ...outcome.contact, stage: outcome.to, version: contact.version + 1, updatedAt: at },
    effects: outcome.effects,
    timeline: {
      contactId: contact.id,
      at,
      event: event.type,
      from: contact.stage,
      to: outcome.to,
      ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
    },
  };
}
