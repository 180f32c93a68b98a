import { describe, expect, it } from 'vitest';
import { TransitionRefused, ValidationError } from '#domain/errors.ts';
import {
  allowedEvents,
  STAGES_PAUSED_WITH_CAMPAIGN,
  scheduleName,
  sequenceThread,
  transition,
  UPDATE_GIVE_UP_BUSINESS_DAYS,
} from '#domain/lifecycle.ts';
import { awaitsApproval } from '#domain/referrals.ts';
import {
  addBusinessDays,
  confirmationPlan,
  followUpAt,
  isInWindow,
  keepInTouchAt,
  nextInWindow,
  noResponseAt,
  postponeForOutOfOffice,
  thankYouAt,
} from '#domain/timing.ts';
import {
  CONTACT_EVENT_TYPES,
  type Contact,
  type ContactEvent,
  type Effect,
  type Step,
  type TransitionResult,
} from '#domain/types.ts';
import {
  baseContact,
  contactIn,
  daysFrom,
  hoursFrom,
  iso,
  MEETING_START,
  meetingRequest,
  NOW,
  policy,
  ZONE,
} from './fixtures.ts';

const run = (contact: Contact, event: ContactEvent, now: Date = NOW, p = policy): TransitionResult =>
  transition(contact, event, now, p);

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues.map((i) => i.field);
    throw e;
  }
  throw new Error('expected a ValidationError');
}

const ofType = <T extends Effect['type']>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

describe('launch and the outreach sequence', () => {
  it('queues the outreach at the given in-window time under a new plan version', () => {
    const at = iso(hoursFrom(NOW, 1));
    const r = run(baseContact(), { type: 'launch', outreachAt: at });
    expect(r.contact.stage).toBe('queued');
    expect(r.contact.planVersion).toBe(2);
    expect(r.contact.schedules).toEqual([{ step: 'outreach', at, planVersion: 2 }]);
    expect(r.effects).toEqual([{ type: 'schedule', step: 'outreach', at, planVersion: 2 }]);
  });

  it('refuses an outreach time outside the window or in the past, naming outreachAt', () => {
    const saturday = '2026-03-07T10:00:00.000Z';
    expect(fieldsOf(() => run(baseContact(), { type: 'launch', outreachAt: saturday }))).toEqual([
      'outreachAt',
    ]);
    const evening = '2026-03-02T18:30:00.000Z';
    expect(fieldsOf(() => run(baseContact(), { type: 'launch', outreachAt: evening }))).toEqual([
      'outreachAt',
    ]);
    const past = iso(hoursFrom(NOW, -1));
    expect(fieldsOf(() => run(baseContact(), { type: 'launch', outreachAt: past }))).toEqual(['outreachAt']);
  });

  it('threads follow-ups through sent[] and ends in no_response after the last', () => {
    let c = run(baseContact(), { type: 'launch', outreachAt: iso(NOW) }).contact;
    const t0 = NOW;
    let r = run(c, { type: 'email_sent', step: 'outreach', messageId: 'A@ses' }, t0);
    c = r.contact;
    expect(c.stage).toBe('contacted');
    expect(c.sent).toEqual([{ step: 'outreach', at: iso(t0), messageId: 'A@ses' }]);
    const fu1 = followUpAt(t0, 1, ZONE, policy) as string;
    expect(c.schedules).toEqual([{ step: 'follow-up-1', at: fu1, planVersion: c.planVersion }]);
    expect(r.effects).toEqual([
      { type: 'schedule', step: 'follow-up-1', at: fu1, planVersion: c.planVersion },
    ]);
    // Monday + 4 business days = Friday, same local time.
    expect(fu1).toBe('2026-03-06T12:00:00.000Z');

    const t1 = new Date(fu1);
    r = run(c, { type: 'email_sent', step: 'follow-up-1', messageId: 'B@ses' }, t1);
    c = r.contact;
    expect(c.stage).toBe('contacted');
    const fu2 = followUpAt(t1, 2, ZONE, policy) as string;
    expect(c.schedules.map((s) => [s.step, s.at])).toEqual([['follow-up-2', fu2]]);
    expect(sequenceThread(c)).toEqual({ inReplyTo: 'B@ses', references: ['A@ses', 'B@ses'] });

    const t2 = new Date(fu2);
    c = run(c, { type: 'email_sent', step: 'follow-up-2', messageId: 'C@ses' }, t2).contact;
    expect(c.schedules.map((s) => [s.step, s.at])).toEqual([['no-response', noResponseAt(t2, ZONE, policy)]]);
    expect(sequenceThread(c).references).toEqual(['A@ses', 'B@ses', 'C@ses']);

    const due = new Date(c.schedules[0]?.at as string);
    const end = run(c, { type: 'no_response_due' }, due);
    expect(end.contact.stage).toBe('no_response');
    expect(end.contact.schedules).toEqual([]);
    expect(end.contact.version).toBe(c.version + 1);
  });

  it('with no follow-ups in the policy, the outreach is followed by the no-response timer', () => {
    const p = { ...policy, followUpBusinessDays: [] };
    const r = run(contactIn('queued'), { type: 'email_sent', step: 'outreach', messageId: 'A' }, NOW, p);
    expect(r.contact.schedules.map((s) => s.step)).toEqual(['no-response']);
  });

  it('refuses an email_sent for a step that is not planned, and a stale no-response timer', () => {
    const c = contactIn('contacted');
    expect(() => run(c, { type: 'email_sent', step: 'follow-up-2' })).toThrow(/follow-up-2 is not planned/);
    expect(() => run(c, { type: 'email_sent', step: 'outreach' })).toThrow(TransitionRefused);
    expect(() => run(c, { type: 'no_response_due' })).toThrow(TransitionRefused);
  });

  it('send_rejected removes the step, keeps the stage and records the reason', () => {
    const r = run(contactIn('contacted'), {
      type: 'send_rejected',
      step: 'follow-up-1',
      reason: 'MessageRejected',
    });
    expect(r.contact.stage).toBe('contacted');
    expect(r.contact.schedules).toEqual([]);
    expect(r.timeline.detail).toContain('MessageRejected');
    expect(r.effects).toEqual([]);
  });
});

describe('replies', () => {
  it('any reply stops the reminders: unschedules at the old plan version, bumps it', () => {
    const c = contactIn('contacted');
    const r = run(c, { type: 'reply_received', intent: 'accepted' });
    expect(r.contact.stage).toBe('replied');
    expect(r.contact.planVersion).toBe(c.planVersion + 1);
    expect(r.contact.schedules).toEqual([]);
    expect(r.effects).toEqual([{ type: 'unschedule', step: 'follow-up-1', planVersion: c.planVersion }]);
    expect(r.timeline.detail).toBe('reply: accepted');
  });

  it('a decline declines; an unsubscribe suppresses the address from any stage', () => {
    expect(run(contactIn('contacted'), { type: 'reply_received', intent: 'declined' }).contact.stage).toBe(
      'declined',
    );
    for (const stage of ['contacted', 'confirmed', 'keeping_in_touch', 'paused'] as const) {
      const r = run(contactIn(stage), { type: 'reply_received', intent: 'unsubscribe' });
      expect(r.contact.stage).toBe('unsubscribed');
      expect(r.contact.schedules).toEqual([]);
      expect(ofType(r.effects, 'suppress')).toEqual([
        { type: 'suppress', email: 'dana.lee@example.com', reason: 'unsubscribed' },
      ]);
    }
  });

  it('a late reply in no_response moves to replied; a reply in a meeting stage only hits the timeline', () => {
    expect(run(contactIn('no_response'), { type: 'reply_received', intent: 'other' }).contact.stage).toBe(
      'replied',
    );
    const c = contactIn('confirmed');
    const r = run(c, { type: 'reply_received', intent: 'declined' });
    expect(r.contact.stage).toBe('confirmed');
    expect(r.contact.schedules).toEqual(c.schedules);
    expect(r.effects).toEqual([]);
  });

  it('an out-of-office postpones the follow-up to after the return date', () => {
    const c = contactIn('contacted'); // follow-up-1 planned 5 days ahead
    const r = run(c, { type: 'reply_received', intent: 'out_of_office', returnDate: '2026-03-20' });
    const expected = postponeForOutOfOffice('2026-03-20', ZONE, policy.sendWindow, NOW);
    expect(expected).toBe('2026-03-23T08:00:00.000Z'); // back Friday → Monday 09:00 Berlin
    expect(r.contact.stage).toBe('contacted');
    expect(r.contact.outOfOfficeUntil).toBe('2026-03-20');
    expect(r.contact.schedules).toEqual([
      { step: 'follow-up-1', at: expected, planVersion: c.planVersion + 1 },
    ]);
    expect(r.effects).toEqual([
      { type: 'unschedule', step: 'follow-up-1', planVersion: c.planVersion },
      { type: 'schedule', step: 'follow-up-1', at: expected, planVersion: c.planVersion + 1 },
    ]);
  });

  it('an out-of-office that ends before the planned follow-up changes no plan; one without a date moves it a week', () => {
    const c = contactIn('contacted');
    const early = run(c, { type: 'reply_received', intent: 'out_of_office', returnDate: '2026-03-03' });
    expect(early.contact.schedules).toEqual(c.schedules);
    expect(early.effects).toEqual([]);
    const undated = run(c, { type: 'reply_received', intent: 'out_of_office' });
    const planned = c.schedules[0]?.at as string;
    expect(undated.contact.schedules).toEqual([
      {
        step: 'follow-up-1',
        at: nextInWindow(iso(daysFrom(new Date(planned), 7)), ZONE, policy.sendWindow),
        planVersion: c.planVersion + 1,
      },
    ]);
    expect(undated.contact.outOfOfficeUntil).toBeUndefined();
  });

  it('an out-of-office after the last follow-up moves the no-response timer', () => {
    const c = {
      ...contactIn('contacted'),
      schedules: [{ step: 'no-response' as const, at: iso(daysFrom(NOW, 2)), planVersion: 4 }],
    };
    const r = run(c, { type: 'reply_received', intent: 'out_of_office', returnDate: '2026-03-20' });
    const back = postponeForOutOfOffice('2026-03-20', ZONE, policy.sendWindow, NOW);
    expect(r.contact.schedules[0]?.at).toBe(noResponseAt(back, ZONE, policy));
  });

  it('refuses a malformed return date, naming returnDate', () => {
    expect(
      fieldsOf(() =>
        run(contactIn('contacted'), {
          type: 'reply_received',
          intent: 'out_of_office',
          returnDate: '20/03/2026',
        }),
      ),
    ).toEqual(['returnDate']);
  });

  it('a reply while paused changes the stage the contact resumes to, and plans nothing', () => {
    const paused = run(contactIn('contacted'), { type: 'pause' }).contact;
    const r = run(paused, { type: 'reply_received', intent: 'accepted' });
    expect(r.contact.stage).toBe('paused');
    expect(r.contact.pausedFrom).toBe('replied');
    expect(r.effects).toEqual([]);
    const resumed = run(r.contact, { type: 'resume' });
    expect(resumed.contact.stage).toBe('replied');
    expect(resumed.contact.schedules).toEqual([]);
  });
});

describe('meetings', () => {
  it('booking replaces the follow-ups with confirmation, reminder, personal-line reminder and thank-you', () => {
    const c = contactIn('contacted');
    const r = run(c, { type: 'meeting_booked', meeting: meetingRequest(), meetingId: 'm-7' });
    const pv = c.planVersion + 1;
    expect(r.contact.stage).toBe('meeting_booked');
    expect(r.contact.meeting).toMatchObject({
      id: 'm-7',
      sequence: 0,
      status: 'booked',
      start: MEETING_START,
    });
    const end = iso(new Date(MEETING_START).getTime() + 20 * 60_000);
    const confirmation = confirmationPlan(MEETING_START, NOW, ZONE, policy);
    expect(confirmation).toEqual({ kind: 'scheduled', at: '2026-03-03T14:00:00.000Z' }); // 24 h before
    expect(Object.fromEntries(r.contact.schedules.map((s) => [s.step, s.at]))).toEqual({
      confirmation: '2026-03-03T14:00:00.000Z',
      'client-meeting-tomorrow': '2026-03-03T17:00:00.000Z', // 18:00 Berlin the evening before
      'client-personal-line': end,
      'thank-you': thankYouAt(end, ZONE, policy),
    });
    expect(r.contact.schedules.every((s) => s.planVersion === pv)).toBe(true);
    expect(ofType(r.effects, 'unschedule')).toEqual([
      { type: 'unschedule', step: 'follow-up-1', planVersion: c.planVersion },
    ]);
    expect(ofType(r.effects, 'schedule')).toHaveLength(4);
  });

  it('booked inside the lead time: the confirmation is sent now, and its email_sent is accepted', () => {
    const start = iso(hoursFrom(NOW, 5));
    const r = run(contactIn('replied'), {
      type: 'meeting_booked',
      meeting: meetingRequest({ start }),
      meetingId: 'm',
    });
    expect(ofType(r.effects, 'send_now')).toEqual([{ type: 'send_now', step: 'confirmation' }]);
    expect(r.contact.schedules.find((s) => s.step === 'confirmation')).toMatchObject({ immediate: true });
    expect(r.timeline.detail).toMatch(/confirmation sent now/);
    const sent = run(r.contact, { type: 'email_sent', step: 'confirmation', messageId: 'conf' });
    expect(sent.contact.stage).toBe('confirmed');
    expect(sent.contact.meeting?.invitationSent).toBe(true);
  });

  it('booked less than 2 h ahead: the confirmation is skipped, and the timeline says so', () => {
    const start = iso(hoursFrom(NOW, 1.5));
    const r = run(contactIn('replied'), {
      type: 'meeting_booked',
      meeting: meetingRequest({ start }),
      meetingId: 'm',
    });
    expect(r.contact.schedules.map((s) => s.step)).not.toContain('confirmation');
    expect(r.effects.some((e) => 'step' in e && e.step === 'confirmation')).toBe(false);
    expect(r.timeline.detail).toBe(
      'confirmation skipped: meeting in 90 minutes, a confirmation needs more than 2 h notice',
    );
  });

  it('refuses a booking with an invalid question set, naming the field', () => {
    const bad = meetingRequest({ questions: meetingRequest().questions.slice(0, 4) });
    const fields = fieldsOf(() =>
      run(contactIn('replied'), { type: 'meeting_booked', meeting: bad, meetingId: 'm' }),
    );
    expect(fields).toContain('meeting.questions');
  });

  it('reschedule bumps the sequence and plan version and replaces every meeting schedule', () => {
    const c = contactIn('confirmed');
    const newStart = iso(daysFrom(NOW, 7));
    const r = run(c, { type: 'meeting_rescheduled', start: newStart });
    expect(r.contact.stage).toBe('meeting_booked');
    expect(r.contact.meeting).toMatchObject({ start: newStart, sequence: 1, id: 'm-1' });
    expect(r.contact.planVersion).toBe(c.planVersion + 1);
    expect(ofType(r.effects, 'unschedule').map((e) => [e.step, e.planVersion])).toEqual(
      c.schedules.map((s) => [s.step, c.planVersion]),
    );
    // The contact holds the old invitation: the updated one goes out at once.
    expect(ofType(r.effects, 'send_now')).toEqual([{ type: 'send_now', step: 'confirmation' }]);
    const thankYou = r.contact.schedules.find((s) => s.step === 'thank-you');
    expect(thankYou?.at).toBe(thankYouAt(iso(new Date(newStart).getTime() + 20 * 60_000), ZONE, policy));
    expect(r.contact.schedules.every((s) => s.planVersion === c.planVersion + 1)).toBe(true);
  });

  it('reschedule before any invitation went out plans the confirmation by the lead time', () => {
    const newStart = iso(daysFrom(NOW, 7));
    const r = run(contactIn('meeting_booked'), { type: 'meeting_rescheduled', start: newStart });
    const plan = confirmationPlan(newStart, NOW, ZONE, policy);
    expect(plan.kind).toBe('scheduled');
    expect(r.contact.schedules.find((s) => s.step === 'confirmation')?.at).toBe(
      plan.kind === 'scheduled' && plan.at,
    );
    expect(
      fieldsOf(() =>
        run(contactIn('meeting_booked'), { type: 'meeting_rescheduled', start: iso(hoursFrom(NOW, -1)) }),
      ),
    ).toEqual(['start']);
    expect(
      fieldsOf(() =>
        run(contactIn('meeting_booked'), {
          type: 'meeting_rescheduled',
          start: newStart,
          durationMinutes: 45,
        }),
      ),
    ).toEqual(['durationMinutes']);
  });

  it('cancel unschedules everything and sends a cancellation only if the invitation went out', () => {
    const booked = run(contactIn('meeting_booked'), { type: 'meeting_cancelled' });
    expect(booked.contact.stage).toBe('replied');
    expect(booked.contact.meeting).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(booked.contact.schedules).toEqual([]);
    expect(ofType(booked.effects, 'send_cancellation')).toEqual([]);
    expect(ofType(booked.effects, 'unschedule')).toHaveLength(4);

    const confirmed = run(contactIn('confirmed'), { type: 'meeting_cancelled', reason: 'sick' });
    expect(ofType(confirmed.effects, 'send_cancellation')).toEqual([
      { type: 'send_cancellation', meetingId: 'm-1', sequence: 1 },
    ]);
    expect(confirmed.timeline.detail).toBe('meeting cancelled: sick');
    // Booking again from replied works.
    const again = run(confirmed.contact, {
      type: 'meeting_booked',
      meeting: meetingRequest(),
      meetingId: 'm-2',
    });
    expect(again.contact.meeting).toMatchObject({ id: 'm-2', sequence: 0, status: 'booked' });
  });

  it('meeting_held is refused before the meeting starts', () => {
    expect(() => run(contactIn('confirmed'), { type: 'meeting_held' })).toThrow(TransitionRefused);
    const r = run(contactIn('confirmed'), { type: 'meeting_held' }, new Date(MEETING_START));
    expect(r.contact.stage).toBe('met');
    expect(r.contact.meeting?.status).toBe('held');
    expect(r.contact.schedules.map((s) => s.step)).toEqual(['client-personal-line', 'thank-you']);
  });

  it('the personal line is set, unschedules its reminder, and is checked', () => {
    const c = contactIn('confirmed');
    const r = run(c, { type: 'personal_line_added', text: '  Thanks for the tip about the UX meetup.  ' });
    expect(r.contact.meeting?.personalLine).toBe('Thanks for the tip about the UX meetup.');
    expect(r.effects).toEqual([
      { type: 'unschedule', step: 'client-personal-line', planVersion: c.planVersion },
    ]);
    expect(fieldsOf(() => run(c, { type: 'personal_line_added', text: '   ' }))).toEqual(['text']);
    expect(fieldsOf(() => run(c, { type: 'personal_line_added', text: 'x'.repeat(501) }))).toEqual(['text']);
  });
});

describe('thank-you and keep in touch', () => {
  it('the thank-you moves met → thanked and plans keep-in-touch-1 with the client reminder before it', () => {
    const c = contactIn('met');
    const r = run(c, { type: 'email_sent', step: 'thank-you', messageId: 'ty' });
    expect(r.contact.stage).toBe('thanked');
    const kit = keepInTouchAt(NOW, 1, ZONE, policy) as string;
    expect(r.contact.schedules).toEqual([
      { step: 'keep-in-touch-1', at: kit, planVersion: c.planVersion },
      { step: 'client-update-1', at: addBusinessDays(kit, -5, ZONE), planVersion: c.planVersion },
    ]);
    expect(new Date(kit).getTime() - NOW.getTime()).toBeGreaterThanOrEqual(6 * 7 * 86_400_000 - 3_600_000);
  });

  it('a thank-you due while still confirmed marks the meeting held, but not before it ends', () => {
    const c = contactIn('confirmed');
    expect(() => run(c, { type: 'email_sent', step: 'thank-you' })).toThrow(/not ended/);
    const after = new Date(new Date(MEETING_START).getTime() + 4 * 3_600_000);
    const r = run(c, { type: 'email_sent', step: 'thank-you' }, after);
    expect(r.contact.stage).toBe('thanked');
    expect(r.contact.meeting?.status).toBe('held');
    expect(
      ofType(r.effects, 'unschedule')
        .map((e) => e.step)
        .sort(),
    ).toEqual(['client-meeting-tomorrow', 'client-personal-line']);
  });

  it('a keep-in-touch email clears the update and plans the next, up to max', () => {
    let c: Contact = { ...contactIn('thanked'), pendingUpdate: 'I got into the certificate programme.' };
    c = run(c, { type: 'update_written', text: 'I got into the certificate programme.' }).contact;
    expect(c.schedules.map((s) => s.step)).toEqual(['keep-in-touch-1']);
    const r1 = run(c, { type: 'email_sent', step: 'keep-in-touch-1' });
    expect(r1.contact.stage).toBe('keeping_in_touch');
    expect(r1.contact.pendingUpdate).toBeUndefined();
    const thankYouAtSent = c.sent.find((s) => s.step === 'thank-you')?.at as string;
    expect(r1.contact.schedules.map((s) => [s.step, s.at])).toEqual([
      ['keep-in-touch-2', keepInTouchAt(thankYouAtSent, 2, ZONE, policy)],
      [
        'client-update-2',
        addBusinessDays(keepInTouchAt(thankYouAtSent, 2, ZONE, policy) as string, -5, ZONE),
      ],
    ]);
    const last = {
      ...r1.contact,
      schedules: [{ step: 'keep-in-touch-3' as const, at: iso(NOW), planVersion: 4 }],
      pendingUpdate: 'news',
    };
    const r3 = run(last, { type: 'email_sent', step: 'keep-in-touch-3' });
    expect(r3.contact.schedules).toEqual([]);
  });

  it('no update written: the client is reminded now and the email retried, then dropped', () => {
    const c = contactIn('thanked');
    const due = new Date(
      keepInTouchAt(c.sent.find((s) => s.step === 'thank-you')?.at as string, 1, ZONE, policy) as string,
    );
    const r = run(c, { type: 'update_missing', step: 'keep-in-touch-1' }, due);
    expect(r.contact.stage).toBe('thanked');
    expect(r.contact.planVersion).toBe(c.planVersion + 1);
    expect(ofType(r.effects, 'send_now')).toEqual([{ type: 'send_now', step: 'client-update-1' }]);
    const retry = r.contact.schedules.find((s) => s.step === 'keep-in-touch-1')?.at as string;
    expect(retry).toBe(nextInWindow(addBusinessDays(due, 5, ZONE), ZONE, policy.sendWindow));

    const late = new Date(addBusinessDays(due, UPDATE_GIVE_UP_BUSINESS_DAYS, ZONE));
    const dropped = run(r.contact, { type: 'update_missing', step: 'keep-in-touch-1' }, late);
    expect(dropped.timeline.detail).toMatch(/keep-in-touch-1 dropped/);
    expect(dropped.contact.schedules.map((s) => s.step)).toEqual(['keep-in-touch-2', 'client-update-2']);
  });

  it('update_written is refused when no keep-in-touch email is planned', () => {
    const c = { ...contactIn('keeping_in_touch'), schedules: [] };
    expect(() => run(c, { type: 'update_written', text: 'news' })).toThrow(TransitionRefused);
  });
});

describe('approval of referred prospects', () => {
  const referred = (): Contact => ({
    ...contactIn('prospect'),
    foundVia: { kind: 'referral', name: 'Mei Chen', contactId: 'referrer-1' },
  });

  it('approving a referred prospect records when, keeps it a prospect and plans nothing', () => {
    expect(awaitsApproval(referred())).toBe(true);
    const r = run(referred(), { type: 'approve' });
    expect(r.contact).toMatchObject({ stage: 'prospect', approvedAt: iso(NOW) });
    expect(r.effects).toEqual([]);
    expect(r.timeline).toMatchObject({ event: 'approve', from: 'prospect', to: 'prospect' });
    expect(awaitsApproval(r.contact)).toBe(false);
  });

  it('refuses a prospect that needs no approval, and a second approval, saying why', () => {
    expect(() => run(contactIn('prospect'), { type: 'approve' })).toThrow(
      /only a prospect referred by another contact waits for approval/,
    );
    const approved = run(referred(), { type: 'approve' }).contact;
    expect(() => run(approved, { type: 'approve' })).toThrow(/approved already/);
    expect(() => run({ ...referred(), stage: 'paused' }, { type: 'approve' })).toThrow(TransitionRefused);
  });
});

describe("unsubscribe on the contact's behalf", () => {
  it("suppresses like the contact's own unsubscribe, and the timeline says the coach did it", () => {
    const own = run(contactIn('contacted'), { type: 'unsubscribed' });
    const coach = run(contactIn('contacted'), { type: 'unsubscribed', by: 'coach' });
    expect(coach.contact).toEqual(own.contact);
    expect(coach.effects).toEqual(own.effects);
    expect(own.timeline.detail).toBeUndefined();
    expect(coach.timeline).toMatchObject({
      event: 'unsubscribed',
      to: 'unsubscribed',
      detail: "by the coach, on the contact's behalf",
    });
  });
});

describe('pause, resume, suppression, versions', () => {
  it('pause removes every schedule under a new plan version; resume re-plans from now', () => {
    const c = contactIn('contacted');
    const paused = run(c, { type: 'pause' });
    expect(paused.contact).toMatchObject({
      stage: 'paused',
      pausedFrom: 'contacted',
      schedules: [],
      planVersion: c.planVersion + 1,
    });
    expect(paused.effects).toEqual([{ type: 'unschedule', step: 'follow-up-1', planVersion: c.planVersion }]);

    const later = daysFrom(NOW, 30);
    const resumed = run(paused.contact, { type: 'resume' }, later);
    expect(resumed.contact.stage).toBe('contacted');
    expect(resumed.contact.pausedFrom).toBeUndefined();
    expect(resumed.contact.planVersion).toBe(c.planVersion + 2);
    const [next] = resumed.contact.schedules;
    expect(next?.step).toBe('follow-up-1');
    expect(new Date(next?.at as string).getTime()).toBeGreaterThanOrEqual(later.getTime());
    expect(isInWindow(next?.at as string, ZONE, policy.sendWindow)).toBe(true);
  });

  it('resume of a queued contact plans the outreach at the next window opening', () => {
    const paused = run(contactIn('queued'), { type: 'pause' }).contact;
    const saturday = new Date('2026-03-07T10:00:00Z');
    const r = run(paused, { type: 'resume' }, saturday);
    expect(r.contact.schedules.map((s) => [s.step, s.at])).toEqual([
      ['outreach', '2026-03-09T08:00:00.000Z'],
    ]);
  });

  it('resume of a booked meeting plans its emails again', () => {
    const paused = run(contactIn('meeting_booked'), { type: 'pause' }).contact;
    const r = run(paused, { type: 'resume' });
    expect(r.contact.schedules.map((s) => s.step).sort()).toEqual(
      ['client-meeting-tomorrow', 'client-personal-line', 'confirmation', 'thank-you'].sort(),
    );
  });

  it('suppression is terminal: every event afterwards is refused, the same one included', () => {
    const r = run(contactIn('confirmed'), { type: 'bounced' });
    expect(r.contact.stage).toBe('bounced');
    expect(r.contact.schedules).toEqual([]);
    expect(ofType(r.effects, 'suppress')).toEqual([
      { type: 'suppress', email: 'dana.lee@example.com', reason: 'bounced' },
    ]);
    for (const type of CONTACT_EVENT_TYPES.filter((t) => t !== 'sent_outside_plan')) {
      expect(() => run(r.contact, { type } as ContactEvent)).toThrow(TransitionRefused);
    }
  });

  it('an email that went out outside the plan is recorded in any stage, nothing else changes', () => {
    for (const c of [contactIn('paused'), run(contactIn('contacted'), { type: 'bounced' }).contact]) {
      const late = run(
        c,
        { type: 'sent_outside_plan', step: 'follow-up-1', messageId: 'late@ses' },
        hoursFrom(NOW, 1),
      );
      expect(late.contact).toEqual({
        ...c,
        version: c.version + 1,
        updatedAt: iso(hoursFrom(NOW, 1)),
        sent: [...c.sent, { step: 'follow-up-1', at: iso(hoursFrom(NOW, 1)), messageId: 'late@ses' }],
      });
      expect(late.effects).toEqual([]);
      expect(late.timeline).toEqual({
        contactId: c.id,
        at: iso(hoursFrom(NOW, 1)),
        event: 'sent_outside_plan',
        from: c.stage,
        to: c.stage,
        detail: 'follow-up-1 went out while the plan changed',
      });
    }
    const forwarded = run(contactIn('replied'), {
      type: 'sent_outside_plan',
      step: 'reply-forward' as Step,
      messageId: 'fwd@ses',
      detail: 'reply (accepted) forwarded to the client',
    });
    expect(forwarded.timeline.detail).toBe('reply (accepted) forwarded to the client');
  });

  it('a campaign pause holds only stages that accept a pause', () => {
    for (const stage of STAGES_PAUSED_WITH_CAMPAIGN) {
      expect(allowedEvents(stage)).toContain('pause');
      expect(run(contactIn(stage), { type: 'pause' }).contact.stage).toBe('paused');
    }
  });

  it('every accepted event bumps version by exactly one and writes one timeline entry', () => {
    let c = baseContact();
    const events: [ContactEvent, Date][] = [
      [{ type: 'launch', outreachAt: iso(NOW) }, NOW],
      [{ type: 'email_sent', step: 'outreach', messageId: 'a' }, NOW],
      [{ type: 'reply_received', intent: 'accepted' }, hoursFrom(NOW, 2)],
      [{ type: 'meeting_booked', meeting: meetingRequest(), meetingId: 'm' }, hoursFrom(NOW, 3)],
    ];
    for (const [event, at] of events) {
      const r = run(c, event, at);
      expect(r.contact.version).toBe(c.version + 1);
      expect(r.timeline).toMatchObject({
        at: at.toISOString(),
        from: c.stage,
        to: r.contact.stage,
        event: event.type,
      });
      c = r.contact;
    }
    expect(c.version).toBe(baseContact().version + events.length);
  });
});

describe('schedule names and idempotency keys', () => {
  const SAFE = /^[0-9A-Za-z_.-]{1,64}$/;
  it('is readable and deterministic for ordinary ids', () => {
    expect(scheduleName('c-0001', 'follow-up-2', 3)).toBe('c-0001.follow-up-2.v3');
    expect(scheduleName('c-0001', 'follow-up-2', 4)).not.toBe(scheduleName('c-0001', 'follow-up-2', 3));
  });

  it('shortens long or unusual ids with a hash: ≤ 64 safe characters, distinct, stable', () => {
    const long1 = `01J${'A'.repeat(60)}1`;
    const long2 = `01J${'A'.repeat(60)}2`;
    const names = [
      scheduleName(long1, 'client-meeting-tomorrow', 123456),
      scheduleName(long2, 'client-meeting-tomorrow', 123456),
      scheduleName('contact#42/é', 'keep-in-touch-3', 9),
      scheduleName('contact#42/è', 'keep-in-touch-3', 9),
    ];
    for (const n of names) expect(n).toMatch(SAFE);
    expect(new Set(names).size).toBe(names.length);
    expect(scheduleName(long1, 'client-meeting-tomorrow', 123456)).toBe(names[0]);
    expect(names[2]).toMatch(/\.keep-in-touch-3\.v9$/);
  });
});

describe('resume does not repeat client reminders', () => {
  it('skips a "meeting tomorrow" that already went out for this meeting', () => {
    const c = contactIn('confirmed');
    const eve = new Date('2026-03-03T17:00:00Z'); // 18:00 Berlin the evening before
    const reminded = run(c, { type: 'email_sent', step: 'client-meeting-tomorrow' }, eve).contact;
    const paused = run(reminded, { type: 'pause' }, hoursFrom(eve, 1)).contact;
    const resumed = run(paused, { type: 'resume' }, hoursFrom(eve, 2));
    expect(resumed.contact.stage).toBe('confirmed');
    expect(resumed.contact.schedules.map((s) => s.step).sort()).toEqual([
      'client-personal-line',
      'thank-you',
    ]);
  });
});
