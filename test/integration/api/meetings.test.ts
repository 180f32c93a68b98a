/**
 * Issue 9: meetings through the API — book (the zone and questions defaulted, every field checked by
 * the domain and named), reschedule, cancel, mark held — with the schedules they leave in the
 * Scheduler emulator and the confirmation that goes out; wrong stages are 409s; a replayed or
 * concurrent booking books once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleName } from '#domain/lifecycle.ts';
import { pickDefaultSet } from '#domain/questions.ts';
import { aProspect } from '../workflow/harness.ts';
import { type ApiStack, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('HTTP API: meetings', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  interface Payload {
    contactId?: string;
    step?: string;
    at?: string;
  }
  /** The payloads of the schedules the Scheduler emulator holds for a contact, by step. */
  const scheduled = (contactId: string) =>
    t.stack.emulator
      .schedules()
      .map((s) => JSON.parse(s.input ?? '{}') as Payload)
      .filter((p) => p.contactId === contactId)
      .sort((a, b) => String(a.step).localeCompare(String(b.step)));
  const stepsOf = (contactId: string) => scheduled(contactId).map((p) => p.step);
  const contactOf = async (contactId: string) => {
    const contact = await t.stack.store.getContact(contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    return contact;
  };
  const mailsTo = async (email: string) => (await t.stack.sent()).filter((m) => m.to === email);

  /** A day `days` ahead at 15:00 UTC (10:00 in New York, the contacts' zone). */
  const daysAhead = (days: number) => {
    const at = new Date(t.stack.clock.now().getTime() + days * DAY);
    at.setUTCHours(15, 0, 0, 0);
    return at;
  };
  const remote = (start: Date, overrides: Record<string, unknown> = {}) => ({
    start: start.toISOString(),
    durationMinutes: 20,
    mode: 'remote',
    videoLink: 'https://meet.example/abc-defg-hij',
    ...overrides,
  });

  it("books a meeting in the contact's zone with the campaign's questions; the confirmation goes out once", async () => {
    const { contactId, email, campaign } = await t.stack.contacted();
    expect(stepsOf(contactId)).toEqual(['follow-up-1']);
    const start = daysAhead(3);
    const booked = await t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(start) });
    expect(booked.status).toBe(200);
    expect(booked.body).toMatchObject({
      changed: true,
      contact: {
        stage: 'meeting_booked',
        meeting: {
          start: start.toISOString(),
          durationMinutes: 20,
          timeZone: 'America/New_York',
          mode: 'remote',
          videoLink: 'https://meet.example/abc-defg-hij',
          questions: pickDefaultSet(campaign.questionBank),
          status: 'booked',
          sequence: 0,
        },
      },
      timeline: { event: 'meeting_booked', from: 'contacted', to: 'meeting_booked' },
    });
    // The follow-up is withdrawn; the meeting's emails are scheduled.
    expect(stepsOf(contactId)).toEqual([
      'client-meeting-tomorrow',
      'client-personal-line',
      'confirmation',
      'thank-you',
    ]);
    const confirmation = (await contactOf(contactId)).schedules.find((s) => s.step === 'confirmation');
    expect(confirmation?.at).toBe(new Date(start.getTime() - DAY).toISOString());

    const before = (await mailsTo(email)).length;
    await t.stack.emulator.advanceTo(new Date(Date.parse(confirmation?.at as string) + MINUTE));
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)?.mail.text).toContain('https://meet.example/abc-defg-hij');
    expect((await contactOf(contactId)).stage).toBe('confirmed');
  });

  it('bad fields are 422s naming the field, and nothing is written', async () => {
    const { contactId } = await t.stack.contacted();
    const start = daysAhead(3);
    const questions = pickDefaultSet((await t.stack.seed()).campaign.questionBank);
    const cases: [Record<string, unknown>, string][] = [
      [remote(start, { start: 'next Tuesday' }), 'start'],
      [remote(new Date(t.stack.clock.now().getTime() - HOUR)), 'start'],
      [remote(start, { start: undefined }), 'start'],
      [remote(start, { durationMinutes: 90 }), 'durationMinutes'],
      [remote(start, { durationMinutes: 10 }), 'durationMinutes'],
      [remote(start, { durationMinutes: '20' }), 'durationMinutes'],
      [remote(start, { mode: 'phone' }), 'mode'],
      [remote(start, { videoLink: undefined }), 'videoLink'],
      [remote(start, { videoLink: 'javascript:alert(1)' }), 'videoLink'],
      [remote(start, { mode: 'in_person', videoLink: undefined }), 'location'],
      [remote(start, { timeZone: 'Mars/Olympus' }), 'timeZone'],
      [remote(start, { questions: questions.slice(0, 4) }), 'questions'],
      [
        remote(start, { questions: [{ ...questions[0], domain: 'gossip' }, ...questions.slice(1)] }),
        'questions[0].domain',
      ],
      [
        remote(start, { questions: [{ ...questions[0], text: ' ' }, ...questions.slice(1)] }),
        'questions[0].text',
      ],
      [remote(start, { room: '4B' }), 'room'],
      [remote(start, { location: 'Room\u00074B' }), 'location'],
    ];
    const before = await t.dump();
    for (const [body, field] of cases) {
      const out = await t.call('POST', `/contacts/${contactId}/meeting`, { body });
      expect(out.status, JSON.stringify(body)).toBe(422);
      expect(out.body.error, JSON.stringify(body)).toMatchObject({ code: 'invalid_input', field });
    }
    const invalidJson = await t.call('POST', `/contacts/${contactId}/meeting`, { raw: '{"start":' });
    expect(invalidJson.status).toBe(400);
    expect(await t.dump()).toEqual(before);
    expect(stepsOf(contactId)).toEqual(['follow-up-1']);
  });

  it('reschedule moves the meeting and its emails; bad fields are 422s', async () => {
    const { contactId } = await t.stack.contacted();
    await t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(daysAhead(3)) });
    const confirmationBefore = scheduled(contactId).find((p) => p.step === 'confirmation')?.at;
    const before = await t.dump();
    for (const [body, field] of [
      [{ start: 'soon' }, 'start'],
      [{ start: daysAhead(4).toISOString(), durationMinutes: 5 }, 'durationMinutes'],
      [{ start: daysAhead(4).toISOString(), timeZone: 'Nowhere/Land' }, 'timeZone'],
      [{ start: daysAhead(4).toISOString(), mode: 'in_person' }, 'mode'],
      [{}, 'start'],
    ] as const) {
      const out = await t.call('PATCH', `/contacts/${contactId}/meeting`, { body });
      expect(out.status, JSON.stringify(body)).toBe(422);
      expect(out.body.error).toMatchObject({ code: 'invalid_input', field });
    }
    expect(await t.dump()).toEqual(before);

    const to = daysAhead(5);
    const moved = await t.call('PATCH', `/contacts/${contactId}/meeting`, {
      body: { start: to.toISOString(), durationMinutes: 30 },
    });
    expect(moved).toMatchObject({
      status: 200,
      body: {
        changed: true,
        contact: {
          stage: 'meeting_booked',
          meeting: { start: to.toISOString(), durationMinutes: 30, sequence: 1 },
        },
      },
    });
    // The confirmation follows the meeting (its lead time, moved into the contact's send window).
    const planned = (await contactOf(contactId)).schedules.find((s) => s.step === 'confirmation');
    expect(planned?.at).not.toBe(confirmationBefore);
    expect(scheduled(contactId).filter((p) => p.step === 'confirmation')).toEqual([
      expect.objectContaining({ at: planned?.at }),
    ]);
    expect(stepsOf(contactId)).toEqual([
      'client-meeting-tomorrow',
      'client-personal-line',
      'confirmation',
      'thank-you',
    ]);
  });

  it('cancel withdraws every meeting email and says why on the timeline', async () => {
    const { contactId } = await t.stack.contacted();
    await t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(daysAhead(3)) });
    const before = await t.dump();
    const bad = await t.call('POST', `/contacts/${contactId}/meeting/cancel`, {
      body: { reason: 'ill\u0000' },
    });
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', field: 'reason' });
    expect(await t.dump()).toEqual(before);

    const cancelled = await t.call('POST', `/contacts/${contactId}/meeting/cancel`, {
      body: { reason: 'the contact is travelling' },
    });
    expect(cancelled).toMatchObject({
      status: 200,
      body: {
        contact: { stage: 'replied', meeting: { status: 'cancelled' }, schedules: [] },
        timeline: { event: 'meeting_cancelled', detail: 'meeting cancelled: the contact is travelling' },
      },
    });
    expect(stepsOf(contactId)).toEqual([]);
    // Nothing booked any more: another cancel, a reschedule or held are 409s naming why.
    const again = await t.call('POST', `/contacts/${contactId}/meeting/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('cannot meeting_cancelled a contact in stage replied');
    const held = await t.call('POST', `/contacts/${contactId}/meeting/held`);
    expect(held.status).toBe(409);
  });

  it('held after the start: met, the thank-you planned; before the start it is a 409', async () => {
    const { contactId } = await t.stack.contacted();
    const start = daysAhead(2);
    await t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(start) });
    const early = await t.call('POST', `/contacts/${contactId}/meeting/held`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe(
      `cannot meeting_held a contact in stage meeting_booked: the meeting starts at ${start.toISOString()}`,
    );
    // The contact's view says so, on the same clock (the dashboard shows held / not held from then).
    expect((await t.call('GET', `/contacts/${contactId}`)).body.meetingStarted).toBe(false);
    t.stack.emulator.setTime(new Date(start.getTime() + 25 * MINUTE));
    expect((await t.call('GET', `/contacts/${contactId}`)).body.meetingStarted).toBe(true);
    const held = await t.call('POST', `/contacts/${contactId}/meeting/held`);
    expect(held).toMatchObject({
      status: 200,
      body: { contact: { stage: 'met', meeting: { status: 'held' } }, timeline: { event: 'meeting_held' } },
    });
    expect(stepsOf(contactId)).toContain('thank-you');
  });

  it('wrong stage: a prospect cannot be booked, a contact without a meeting not moved (409, nothing written)', async () => {
    const { campaign } = await t.stack.seed();
    const {
      created: [prospect],
    } = await t.stack.workflow.importContacts(campaign.id, [aProspect()]);
    const { contactId } = await t.stack.contacted();
    const before = await t.dump();
    const book = await t.call('POST', `/contacts/${prospect?.id}/meeting`, { body: remote(daysAhead(3)) });
    expect(book.status).toBe(409);
    expect(book.body.error).toMatchObject({
      code: 'conflict',
      message: 'cannot meeting_booked a contact in stage prospect',
    });
    const move = await t.call('PATCH', `/contacts/${contactId}/meeting`, {
      body: { start: daysAhead(3).toISOString() },
    });
    expect(move.status).toBe(409);
    expect(move.body.error.message).toBe('cannot meeting_rescheduled a contact in stage contacted');
    expect(await t.dump()).toEqual(before);
  });

  it('a booking replayed with the same Idempotency-Key answers the first response and books once', async () => {
    const { contactId } = await t.stack.contacted();
    const key = randomUUID();
    const body = remote(daysAhead(3));
    const first = await t.call('POST', `/contacts/${contactId}/meeting`, {
      body,
      headers: { 'idempotency-key': key },
    });
    const replay = await t.call('POST', `/contacts/${contactId}/meeting`, {
      body,
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(200);
    expect(replay).toMatchObject({ status: 200, body: first.body });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const timeline = await t.stack.store.listTimeline(contactId);
    expect(timeline.filter((e) => e.event === 'meeting_booked')).toHaveLength(1);
    expect((await contactOf(contactId)).meeting?.id).toBe(first.body.contact.meeting.id);
  });

  it('two bookings of one contact at once: one wins, the other is a 409, one confirmation planned and sent', async () => {
    const { contactId, email } = await t.stack.contacted();
    const [early, late] = [daysAhead(3), daysAhead(4)];
    const answers = await Promise.all([
      t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(early) }),
      t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(late) }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = answers.find((a) => a.status === 200);
    const lost = answers.find((a) => a.status === 409);
    expect(lost?.body.error.message).toBe('cannot meeting_booked a contact in stage meeting_booked');
    const contact = await contactOf(contactId);
    expect(contact.meeting?.start).toBe(won?.body.contact.meeting.start);
    const timeline = await t.stack.store.listTimeline(contactId);
    expect(timeline.filter((e) => e.event === 'meeting_booked')).toHaveLength(1);

    // The Scheduler holds the winner's confirmation, not the loser's.
    const planned = contact.schedules.find((s) => s.step === 'confirmation');
    expect(scheduled(contactId).filter((p) => p.step === 'confirmation')).toEqual([
      expect.objectContaining({ at: planned?.at }),
    ]);
    const before = (await mailsTo(email)).length;
    await t.stack.emulator.advanceTo(new Date(late.getTime() - DAY + MINUTE));
    expect(await mailsTo(email)).toHaveLength(before + 1);
  });

  it('a schedule a losing booking left under the same name is replaced by the winner’s after its commit', async () => {
    const { contactId, email } = await t.stack.contacted();
    const contact = await contactOf(contactId);
    const start = daysAhead(3);
    // What a concurrent booking for another time, refused at its commit, created first.
    const name = scheduleName(contactId, 'confirmation', contact.planVersion + 1);
    const elsewhere = new Date(start.getTime() + DAY - DAY / 2).toISOString();
    await t.stack.scheduler.create({
      name,
      at: elsewhere,
      timeZone: 'UTC',
      payload: {
        contactId,
        clientId: contact.clientId,
        campaignId: contact.campaignId,
        step: 'confirmation',
        planVersion: contact.planVersion + 1,
        at: elsewhere,
      },
    });
    const booked = await t.call('POST', `/contacts/${contactId}/meeting`, { body: remote(start) });
    expect(booked.status).toBe(200);
    const planned = (await contactOf(contactId)).schedules.find((s) => s.step === 'confirmation');
    expect(planned?.at).toBe(new Date(start.getTime() - DAY).toISOString());
    expect(JSON.parse(t.stack.emulator.schedule(name, 'rapport')?.input ?? '{}')).toMatchObject({
      at: planned?.at,
    });
    const before = (await mailsTo(email)).length;
    await t.stack.emulator.advanceTo(new Date(Date.parse(planned?.at as string) + MINUTE));
    expect(await mailsTo(email)).toHaveLength(before + 1);
    expect((await contactOf(contactId)).stage).toBe('confirmed');
  });
});
