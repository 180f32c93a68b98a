import { describe, expect, it } from 'vitest';
import { TransitionRefused } from '#domain/errors.ts';
import { allowedEvents, transition } from '#domain/lifecycle.ts';
import {
  CONTACT_EVENT_TYPES,
  type Contact,
  type ContactEvent,
  type ContactEventType,
  type Effect,
  STAGES,
  type Stage,
} from '#domain/types.ts';
import { contactIn, daysFrom, hoursFrom, iso, meeting, meetingRequest, NOW, policy } from './fixtures.ts';

type Expected = { to: Stage; effects: Effect['type'][] };

/** Suppression from a stage that has schedules also unschedules them. */
const suppressWithPlan = {
  bounced: { to: 'bounced', effects: ['suppress', 'unschedule'] },
  complained: { to: 'complained', effects: ['suppress', 'unschedule'] },
  unsubscribed: { to: 'unsubscribed', effects: ['suppress', 'unschedule'] },
} satisfies Partial<Record<ContactEventType, Expected>>;
const suppressNoPlan = {
  bounced: { to: 'bounced', effects: ['suppress'] },
  complained: { to: 'complained', effects: ['suppress'] },
  unsubscribed: { to: 'unsubscribed', effects: ['suppress'] },
} satisfies Partial<Record<ContactEventType, Expected>>;

/**
 * The lifecycle, written out independently of the implementation's table: every allowed
 * (stage, event) with the stage it leads to and the kinds of effects (sorted, unique). Any pair
 * not listed must be refused.
 */
const EXPECTED: Record<Stage, Partial<Record<ContactEventType, Expected>>> = {
  prospect: {
    launch: { to: 'queued', effects: ['schedule'] },
    approve: { to: 'prospect', effects: [] },
    pause: { to: 'paused', effects: [] },
    ...suppressNoPlan,
    sent_outside_plan: { to: 'prospect', effects: [] },
  },
  queued: {
    email_sent: { to: 'contacted', effects: ['schedule'] },
    send_rejected: { to: 'queued', effects: [] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'queued', effects: [] },
  },
  contacted: {
    email_sent: { to: 'contacted', effects: ['schedule'] },
    send_rejected: { to: 'contacted', effects: [] },
    no_response_due: { to: 'no_response', effects: [] },
    reply_received: { to: 'replied', effects: ['unschedule'] },
    meeting_booked: { to: 'meeting_booked', effects: ['schedule', 'unschedule'] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'contacted', effects: [] },
  },
  replied: {
    reply_received: { to: 'replied', effects: [] },
    meeting_booked: { to: 'meeting_booked', effects: ['schedule'] },
    pause: { to: 'paused', effects: [] },
    ...suppressNoPlan,
    sent_outside_plan: { to: 'replied', effects: [] },
  },
  meeting_booked: {
    email_sent: { to: 'confirmed', effects: [] },
    send_rejected: { to: 'meeting_booked', effects: [] },
    reply_received: { to: 'meeting_booked', effects: [] },
    meeting_rescheduled: { to: 'meeting_booked', effects: ['schedule', 'unschedule'] },
    meeting_cancelled: { to: 'replied', effects: ['unschedule'] },
    meeting_held: { to: 'met', effects: ['unschedule'] },
    personal_line_added: { to: 'meeting_booked', effects: ['unschedule'] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'meeting_booked', effects: [] },
  },
  confirmed: {
    email_sent: { to: 'confirmed', effects: [] },
    send_rejected: { to: 'confirmed', effects: [] },
    reply_received: { to: 'confirmed', effects: [] },
    meeting_rescheduled: { to: 'meeting_booked', effects: ['schedule', 'send_now', 'unschedule'] },
    meeting_cancelled: { to: 'replied', effects: ['send_cancellation', 'unschedule'] },
    meeting_held: { to: 'met', effects: ['unschedule'] },
    personal_line_added: { to: 'confirmed', effects: ['unschedule'] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'confirmed', effects: [] },
  },
  met: {
    email_sent: { to: 'thanked', effects: ['schedule'] },
    send_rejected: { to: 'met', effects: [] },
    reply_received: { to: 'met', effects: [] },
    personal_line_added: { to: 'met', effects: [] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'met', effects: [] },
  },
  thanked: {
    email_sent: { to: 'keeping_in_touch', effects: ['schedule', 'unschedule'] },
    send_rejected: { to: 'thanked', effects: [] },
    reply_received: { to: 'thanked', effects: [] },
    update_written: { to: 'thanked', effects: ['unschedule'] },
    update_missing: { to: 'thanked', effects: ['schedule', 'send_now', 'unschedule'] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'thanked', effects: [] },
  },
  keeping_in_touch: {
    email_sent: { to: 'keeping_in_touch', effects: ['schedule', 'unschedule'] },
    send_rejected: { to: 'keeping_in_touch', effects: [] },
    reply_received: { to: 'keeping_in_touch', effects: [] },
    update_written: { to: 'keeping_in_touch', effects: ['unschedule'] },
    update_missing: { to: 'keeping_in_touch', effects: ['schedule', 'send_now', 'unschedule'] },
    pause: { to: 'paused', effects: ['unschedule'] },
    ...suppressWithPlan,
    sent_outside_plan: { to: 'keeping_in_touch', effects: [] },
  },
  no_response: {
    reply_received: { to: 'replied', effects: [] },
    meeting_booked: { to: 'meeting_booked', effects: ['schedule'] },
    pause: { to: 'paused', effects: [] },
    ...suppressNoPlan,
    sent_outside_plan: { to: 'no_response', effects: [] },
  },
  declined: {
    reply_received: { to: 'declined', effects: [] },
    pause: { to: 'paused', effects: [] },
    ...suppressNoPlan,
    sent_outside_plan: { to: 'declined', effects: [] },
  },
  paused: {
    resume: { to: 'contacted', effects: ['schedule'] },
    reply_received: { to: 'paused', effects: [] },
    ...suppressNoPlan,
    sent_outside_plan: { to: 'paused', effects: [] },
  },
  bounced: { sent_outside_plan: { to: 'bounced', effects: [] } },
  complained: { sent_outside_plan: { to: 'complained', effects: [] } },
  unsubscribed: { sent_outside_plan: { to: 'unsubscribed', effects: [] } },
};

/** The contact a row starts from: the stage's fixture, adjusted where the event needs a particular state. */
function fixtureFor(stage: Stage, type: ContactEventType): Contact {
  const c = contactIn(stage);
  if (type === 'approve') {
    // Only a prospect referred by another contact waits for approval.
    return { ...c, foundVia: { kind: 'referral', name: 'Mei Chen', contactId: 'referrer-1' } };
  }
  if (type === 'no_response_due' && stage === 'contacted') {
    return { ...c, schedules: [{ step: 'no-response', at: iso(NOW), planVersion: c.planVersion }] };
  }
  if (type === 'meeting_held' && c.meeting) {
    // The meeting has started; what was planned before it has gone out.
    return {
      ...c,
      meeting: meeting({ ...c.meeting, start: iso(hoursFrom(NOW, -1)) }),
      schedules: [
        { step: 'client-meeting-tomorrow', at: iso(daysFrom(NOW, -1)), planVersion: c.planVersion },
        { step: 'thank-you', at: iso(hoursFrom(NOW, 3)), planVersion: c.planVersion },
      ],
    };
  }
  return c;
}

/** A representative event of each type for a contact (the step it sends is one it has planned). */
function sampleEvent(type: ContactEventType, contact: Contact): ContactEvent {
  const planned = contact.schedules[0]?.step ?? 'outreach';
  switch (type) {
    case 'launch':
      return { type, outreachAt: iso(hoursFrom(NOW, 1)) };
    case 'email_sent':
      return { type, step: planned, messageId: 'sent-1@email.amazonses.com' };
    case 'send_rejected':
      return { type, step: planned, reason: 'MessageRejected: Email address is not verified' };
    case 'sent_outside_plan':
      return { type, step: planned, messageId: 'late-1@email.amazonses.com' };
    case 'reply_received':
      return { type, intent: 'other', messageId: 'reply-1@mail.example.com' };
    case 'meeting_booked':
      return { type, meeting: meetingRequest(), meetingId: 'm-2' };
    case 'meeting_rescheduled':
      return { type, start: iso(daysFrom(NOW, 5)) };
    case 'meeting_cancelled':
      return { type, reason: 'contact is travelling' };
    case 'personal_line_added':
      return { type, text: 'Your story about switching from teaching stayed with me.' };
    case 'update_written':
      return { type, text: 'I started a UX certificate, thanks to your advice.' };
    case 'update_missing': {
      const step =
        contact.schedules.find((s) => s.step.startsWith('keep-in-touch-'))?.step ?? 'keep-in-touch-1';
      return { type, step: step as `keep-in-touch-${number}` };
    }
    default:
      return { type } as ContactEvent;
  }
}

const rows = STAGES.flatMap((stage) =>
  CONTACT_EVENT_TYPES.map((type) => ({ stage, type, expected: EXPECTED[stage][type] })),
);

describe('every (stage, event) pair', () => {
  it('covers all stages and event types', () => {
    expect(rows).toHaveLength(STAGES.length * CONTACT_EVENT_TYPES.length);
    expect(CONTACT_EVENT_TYPES).toContain('update_missing');
    for (const stage of STAGES) {
      expect(new Set(allowedEvents(stage))).toEqual(new Set(Object.keys(EXPECTED[stage])));
    }
  });

  it.each(rows.filter((r) => r.expected !== undefined))(
    '$stage + $type → $expected.to',
    ({ stage, type, expected }) => {
      const contact = fixtureFor(stage, type);
      const result = transition(contact, sampleEvent(type, contact), NOW, policy);
      expect(result.contact.stage).toBe(expected?.to);
      expect([...new Set(result.effects.map((e) => e.type))].sort()).toEqual(expected?.effects);
      expect(result.contact.version).toBe(contact.version + 1);
      expect(result.contact.updatedAt).toBe(NOW.toISOString());
      expect(result.timeline).toMatchObject({
        contactId: contact.id,
        event: type,
        from: stage,
        to: expected?.to,
      });
    },
  );

  it.each(rows.filter((r) => r.expected === undefined))('$stage + $type is refused', ({ stage, type }) => {
    const contact = fixtureFor(stage, type);
    const event = sampleEvent(type, contact);
    expect(() => transition(contact, event, NOW, policy)).toThrow(TransitionRefused);
    try {
      transition(contact, event, NOW, policy);
    } catch (e) {
      expect(e).toMatchObject({ stage, event: type });
    }
  });
});
