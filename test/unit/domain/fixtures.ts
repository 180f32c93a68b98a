import { ValidationError } from '#domain/errors.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet } from '#domain/questions.ts';
import type { Contact, Meeting, MeetingRequest, Stage } from '#domain/types.ts';

export const policy = DEFAULT_POLICY;
export const ZONE = 'Europe/Berlin';

/** Zones the property tests draw from: half-hour and 45-minute offsets, southern hemisphere, DST. */
export const TEST_ZONES = [
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'America/St_Johns',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'UTC',
  'Asia/Tokyo',
  'America/Los_Angeles',
  'Europe/Moscow',
  'America/Santiago',
  'Asia/Tehran',
];
/** Monday 2 March 2026, 13:00 in Berlin: inside the default window. */
export const NOW = new Date('2026-03-02T12:00:00.000Z');
export const questions = pickDefaultSet(DEFAULT_QUESTION_BANK);

/** The issues of the ValidationError `fn` throws (fails if it throws none, rethrows any other). */
export function issuesOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error('expected a ValidationError');
}
export const fieldsOf = (fn: () => unknown) => issuesOf(fn).map((i) => i.field);

export const iso = (d: Date | number) => new Date(d).toISOString();
export const hoursFrom = (base: Date, h: number) => new Date(base.getTime() + h * 3_600_000);
export const daysFrom = (base: Date, d: number) => hoursFrom(base, d * 24);

export function baseContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c-0001',
    campaignId: 'camp-1',
    clientId: 'client-1',
    email: 'dana.lee@example.com',
    firstName: 'Dana',
    lastName: 'Lee',
    company: 'Acme',
    role: 'UX researcher',
    timeZone: ZONE,
    foundVia: { kind: 'association', name: 'UXPA' },
    stage: 'prospect',
    version: 3,
    planVersion: 1,
    replyToken: 'tok123',
    schedules: [],
    sent: [],
    createdAt: '2026-02-01T10:00:00.000Z',
    updatedAt: '2026-02-01T10:00:00.000Z',
    ...overrides,
  };
}

/** Wednesday 4 March 2026, 15:00 Berlin: 2 days after NOW, past the 24 h lead time. */
export const MEETING_START = '2026-03-04T14:00:00.000Z';

export function meetingRequest(overrides: Partial<MeetingRequest> = {}): MeetingRequest {
  return {
    start: MEETING_START,
    durationMinutes: 20,
    timeZone: ZONE,
    mode: 'remote',
    videoLink: 'https://meet.example.com/abc',
    questions,
    ...overrides,
  };
}

export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'm-1',
    start: MEETING_START,
    durationMinutes: 20,
    timeZone: ZONE,
    mode: 'remote',
    videoLink: 'https://meet.example.com/abc',
    sequence: 0,
    questions,
    status: 'booked',
    ...overrides,
  };
}

const OUTREACH_SENT = {
  step: 'outreach' as const,
  at: iso(daysFrom(NOW, -1)),
  messageId: 'out-1@email.amazonses.com',
};
const THANK_YOU_SENT = {
  step: 'thank-you' as const,
  at: iso(daysFrom(NOW, -1)),
  messageId: 'ty-1@email.amazonses.com',
};
const future = (days: number) => iso(daysFrom(NOW, days));

/** A realistic contact in each stage, with what that stage normally has planned. */
export function contactIn(stage: Stage): Contact {
  // Every schedule a fixture holds was made under its current plan version.
  return { ...contactWithPlan(stage), planVersion: PLAN_VERSION };
}

const PLAN_VERSION = 4;

function contactWithPlan(stage: Stage): Contact {
  const pv = PLAN_VERSION;
  switch (stage) {
    case 'prospect':
      return baseContact();
    case 'queued':
      return baseContact({ stage, schedules: [{ step: 'outreach', at: iso(NOW), planVersion: pv }] });
    case 'contacted':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT],
        schedules: [{ step: 'follow-up-1', at: future(5), planVersion: pv }],
      });
    case 'replied':
    case 'declined':
      return baseContact({ stage, sent: [OUTREACH_SENT] });
    case 'no_response':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT, { step: 'follow-up-1', at: iso(NOW), messageId: 'fu-1@x' }],
      });
    case 'meeting_booked':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT],
        meeting: meeting(),
        schedules: [
          { step: 'confirmation', at: future(1), planVersion: pv },
          { step: 'client-meeting-tomorrow', at: future(1), planVersion: pv },
          { step: 'client-personal-line', at: future(2.1), planVersion: pv },
          { step: 'thank-you', at: future(2.2), planVersion: pv },
        ],
      });
    case 'confirmed':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT, { step: 'confirmation', at: iso(NOW), messageId: 'conf@x' }],
        meeting: meeting({ invitationSent: true }),
        schedules: [
          { step: 'client-meeting-tomorrow', at: future(1), planVersion: pv },
          { step: 'client-personal-line', at: future(2.1), planVersion: pv },
          { step: 'thank-you', at: future(2.2), planVersion: pv },
        ],
      });
    case 'met':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT],
        meeting: meeting({ start: iso(hoursFrom(NOW, -3)), status: 'held', invitationSent: true }),
        schedules: [{ step: 'thank-you', at: iso(NOW), planVersion: pv }],
      });
    case 'thanked':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT, THANK_YOU_SENT],
        meeting: meeting({ start: iso(daysFrom(NOW, -2)), status: 'held' }),
        schedules: [
          { step: 'keep-in-touch-1', at: future(41), planVersion: pv },
          { step: 'client-update-1', at: future(34), planVersion: pv },
        ],
      });
    case 'keeping_in_touch':
      return baseContact({
        stage,
        sent: [OUTREACH_SENT, THANK_YOU_SENT, { step: 'keep-in-touch-1', at: iso(NOW), messageId: 'k1@x' }],
        meeting: meeting({ start: iso(daysFrom(NOW, -2)), status: 'held' }),
        schedules: [
          { step: 'keep-in-touch-2', at: future(90), planVersion: pv },
          { step: 'client-update-2', at: future(83), planVersion: pv },
        ],
      });
    case 'paused':
      return baseContact({ stage, pausedFrom: 'contacted', sent: [OUTREACH_SENT] });
    case 'bounced':
    case 'complained':
    case 'unsubscribed':
      return baseContact({ stage, sent: [OUTREACH_SENT] });
  }
}
