/**
 * Issue 9: a person's actions on a contact through the API — approve a referred prospect, pause and
 * resume, unsubscribe on the contact's behalf, the thank-you's personal line and the keep-in-touch
 * update — with what each does to the table, the Scheduler emulator and the emails sent.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aProspect, remoteMeeting } from '../workflow/harness.ts';
import { type ApiStack, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('HTTP API: contact actions', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  /** The steps of the schedules the Scheduler emulator holds for a contact. */
  const scheduledSteps = (contactId: string) =>
    t.stack.emulator
      .schedules()
      .map((s) => JSON.parse(s.input ?? '{}') as { contactId?: string; step?: string })
      .filter((p) => p.contactId === contactId)
      .map((p) => p.step)
      .sort();
  const timeline = (contactId: string) => t.stack.store.listTimeline(contactId);
  const stageOf = async (contactId: string) => (await t.stack.store.getContact(contactId))?.stage;

  it('approve: a referred prospect waits out a launch, is approved once, then launched', async () => {
    const { campaign } = await t.stack.seed();
    const referrer = aProspect();
    const {
      created: [imported],
    } = await t.stack.workflow.importContacts(campaign.id, [referrer]);
    const referredRow = aProspect({
      firstName: 'Mei',
      foundVia: { kind: 'referral', name: 'Priya Raman', contactId: imported?.id },
    });
    const {
      created: [referred],
    } = await t.stack.workflow.importContacts(campaign.id, [referredRow]);
    const referredId = referred?.id as string;
    await t.stack.workflow.launchCampaign(campaign.id);
    expect(await stageOf(referredId)).toBe('prospect');
    expect(scheduledSteps(referredId)).toEqual([]);

    const approved = await t.call('POST', `/contacts/${referredId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      changed: true,
      contact: { id: referredId, stage: 'prospect', approvedAt: START },
      timeline: { event: 'approve', from: 'prospect', to: 'prospect' },
    });
    expect((await timeline(referredId)).map((e) => e.event)).toEqual(['imported', 'approve']);

    // Approving again changes nothing.
    const before = await t.dump();
    const again = await t.call('POST', `/contacts/${referredId}/approve`);
    expect(again).toMatchObject({ status: 200, body: { changed: false, contact: { approvedAt: START } } });
    expect(await t.dump()).toEqual(before);

    // A contact the coach imported needs no approval, launched or not: 409 saying so, nothing written.
    const {
      created: [notLaunched],
    } = await t.stack.workflow.importContacts(campaign.id, [aProspect()]);
    const unchanged = await t.dump();
    for (const id of [imported?.id, notLaunched?.id]) {
      const needless = await t.call('POST', `/contacts/${id}/approve`);
      expect(needless.status).toBe(409);
      expect(needless.body.error).toMatchObject({ code: 'conflict', field: null });
      expect(needless.body.error.message).toContain(
        'only a prospect referred by another contact waits for approval',
      );
    }
    expect(await t.dump()).toEqual(unchanged);

    // The next launch takes the approved prospect: its outreach is scheduled.
    const launch = await t.stack.workflow.launchCampaign(campaign.id);
    expect(launch.launched).toBe(2);
    expect(await stageOf(referredId)).toBe('queued');
    expect(scheduledSteps(referredId)).toEqual(['outreach']);
    // Approving a launched contact that was approved: still nothing to change.
    expect(await t.call('POST', `/contacts/${referredId}/approve`)).toMatchObject({
      status: 200,
      body: { changed: false },
    });
  });

  it('pause and resume: the plan is withdrawn from the Scheduler, then rebuilt; a repeat is a 409', async () => {
    const { contactId } = await t.stack.contacted();
    expect(scheduledSteps(contactId)).toEqual(['follow-up-1']);

    const paused = await t.call('POST', `/contacts/${contactId}/pause`);
    expect(paused).toMatchObject({
      status: 200,
      body: { changed: true, contact: { stage: 'paused', pausedFrom: 'contacted', schedules: [] } },
    });
    expect(paused.body.timeline).toMatchObject({ event: 'pause', from: 'contacted', to: 'paused' });
    expect(scheduledSteps(contactId)).toEqual([]);

    const before = await t.dump();
    const twice = await t.call('POST', `/contacts/${contactId}/pause`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('cannot pause a contact in stage paused');
    expect(await t.dump()).toEqual(before);

    const resumed = await t.call('POST', `/contacts/${contactId}/resume`);
    expect(resumed).toMatchObject({ status: 200, body: { changed: true, contact: { stage: 'contacted' } } });
    expect(scheduledSteps(contactId)).toEqual(['follow-up-1']);
    const resumedTwice = await t.call('POST', `/contacts/${contactId}/resume`);
    expect(resumedTwice.status).toBe(409);
    expect(resumedTwice.body.error.message).toBe('cannot resume a contact in stage contacted');
  });

  it('a pause replayed with the same Idempotency-Key answers the first response and pauses once', async () => {
    const { contactId } = await t.stack.contacted();
    const key = randomUUID();
    const first = await t.call('POST', `/contacts/${contactId}/pause`, {
      headers: { 'idempotency-key': key },
    });
    const replay = await t.call('POST', `/contacts/${contactId}/pause`, {
      headers: { 'idempotency-key': key },
    });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await timeline(contactId)).filter((e) => e.event === 'pause')).toHaveLength(1);
  });

  it("unsubscribe on the contact's behalf: suppressed, schedules gone, nothing sent, the coach on the timeline", async () => {
    const { contactId, email } = await t.stack.contacted();
    const sentBefore = (await t.stack.sent()).filter((m) => m.to === email).length;
    const out = await t.call('POST', `/contacts/${contactId}/unsubscribe`);
    expect(out).toMatchObject({
      status: 200,
      body: { outcome: 'unsubscribed', contact: { id: contactId, stage: 'unsubscribed', schedules: [] } },
    });
    expect(scheduledSteps(contactId)).toEqual([]);
    expect((await timeline(contactId)).at(-1)).toMatchObject({
      event: 'unsubscribed',
      from: 'contacted',
      to: 'unsubscribed',
      detail: "by the coach, on the contact's behalf",
    });
    // On the global suppression list, as the contact's own unsubscribe puts it (every send checks it).
    expect(await t.stack.store.getSuppression(email)).toMatchObject({ email, reason: 'unsubscribed' });
    // Past every follow-up: nothing more goes to the contact.
    await t.stack.emulator.advanceBy(30 * DAY);
    expect((await t.stack.sent()).filter((m) => m.to === email)).toHaveLength(sentBefore);
    expect(await stageOf(contactId)).toBe('unsubscribed');

    // Again: the address was suppressed already; nothing changes.
    const before = await t.dump();
    const again = await t.call('POST', `/contacts/${contactId}/unsubscribe`);
    expect(again).toMatchObject({ status: 200, body: { outcome: 'already_unsubscribed' } });
    expect(await t.dump()).toEqual(before);
  });

  it('the personal line: set once, the same line again is a no-op, bad text is a 422 naming text', async () => {
    const { contactId } = await t.stack.contacted();
    const noMeeting = await t.call('PUT', `/contacts/${contactId}/personal-line`, {
      body: { text: 'Thank you for your time.' },
    });
    expect(noMeeting.status).toBe(409);
    expect(noMeeting.body.error.message).toBe('cannot personal_line_added a contact in stage contacted');

    const start = new Date(t.stack.clock.now().getTime() + 3 * DAY);
    start.setUTCHours(15, 0, 0, 0);
    await t.stack.workflow.bookMeeting(contactId, remoteMeeting(start));
    expect(scheduledSteps(contactId)).toContain('client-personal-line');

    const line = 'Your story about moving from nursing into research stayed with me.';
    const set = await t.call('PUT', `/contacts/${contactId}/personal-line`, { body: { text: ` ${line}\n` } });
    expect(set).toMatchObject({
      status: 200,
      body: { changed: true, contact: { meeting: { personalLine: line } } },
    });
    expect(set.body.timeline).toMatchObject({ event: 'personal_line_added' });
    // The client's reminder to write it is withdrawn.
    expect(scheduledSteps(contactId)).not.toContain('client-personal-line');

    const before = await t.dump();
    const same = await t.call('PUT', `/contacts/${contactId}/personal-line`, { body: { text: line } });
    expect(same).toMatchObject({
      status: 200,
      body: { changed: false, contact: { meeting: { personalLine: line } } },
    });
    expect(await t.dump()).toEqual(before);

    for (const [body, field] of [
      [{ text: 'Thanks\u0007' }, 'text'],
      [{ text: 'Thanks \u202egnp.exe' }, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 'x'.repeat(501) }, 'text'],
      [{ text: 42 }, 'text'],
      [{}, 'text'],
      [{ text: 'ok', tone: 'warm' }, 'tone'],
    ] as const) {
      const bad = await t.call('PUT', `/contacts/${contactId}/personal-line`, { body });
      expect(bad.status, JSON.stringify(body)).toBe(422);
      expect(bad.body.error).toMatchObject({ code: 'invalid_input', field });
    }
    expect(await t.dump()).toEqual(before);

    // A changed line replaces it: one more entry.
    const changed = await t.call('PUT', `/contacts/${contactId}/personal-line`, {
      body: { text: 'Thank you!' },
    });
    expect(changed.body).toMatchObject({
      changed: true,
      contact: { meeting: { personalLine: 'Thank you!' } },
    });
    expect((await timeline(contactId)).filter((e) => e.event === 'personal_line_added')).toHaveLength(2);
  });

  it('the keep-in-touch update: written through the API, the same text again is a no-op, and it goes out', async () => {
    const { contactId, email } = await t.stack.contacted();
    const early = await t.call('PUT', `/contacts/${contactId}/update`, { body: { text: 'News.' } });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('cannot update_written a contact in stage contacted');

    const start = new Date(t.stack.clock.now().getTime() + 2 * DAY);
    start.setUTCHours(15, 0, 0, 0);
    await t.stack.workflow.bookMeeting(contactId, remoteMeeting(start));
    await t.stack.emulator.advanceTo(new Date(start.getTime() + HOUR));
    await t.stack.workflow.markMeetingHeld(contactId);
    await t.stack.emulator.advanceBy(5 * DAY);
    expect(await stageOf(contactId)).toBe('thanked');
    expect(scheduledSteps(contactId)).toEqual(['client-update-1', 'keep-in-touch-1']);

    const text = 'I started a UX apprenticeship at Fernwood Labs last week.';
    const written = await t.call('PUT', `/contacts/${contactId}/update`, { body: { text } });
    expect(written).toMatchObject({ status: 200, body: { changed: true, contact: { pendingUpdate: text } } });
    // The client's reminder to write it is withdrawn.
    expect(scheduledSteps(contactId)).toEqual(['keep-in-touch-1']);

    const before = await t.dump();
    expect(await t.call('PUT', `/contacts/${contactId}/update`, { body: { text } })).toMatchObject({
      status: 200,
      body: { changed: false },
    });
    const tooLong = await t.call('PUT', `/contacts/${contactId}/update`, {
      body: { text: 'x'.repeat(2001) },
    });
    expect(tooLong.body.error).toMatchObject({ code: 'invalid_input', field: 'text' });
    expect(await t.dump()).toEqual(before);

    const at = (await t.stack.store.getContact(contactId))?.schedules.find(
      (s) => s.step === 'keep-in-touch-1',
    )?.at;
    await t.stack.emulator.advanceTo(new Date(Date.parse(at as string) + 60_000));
    const updates = (await t.stack.sent()).filter(
      (m) => m.to === email && m.mail.text?.includes('Fernwood Labs'),
    );
    expect(updates).toHaveLength(1);
  });

  it('an unknown contact is a 404 naming contactId, and nothing is written', async () => {
    const before = await t.dump();
    for (const path of ['approve', 'pause', 'resume', 'unsubscribe']) {
      const out = await t.call('POST', `/contacts/${randomUUID()}/${path}`);
      expect(out.status).toBe(404);
      expect(out.body.error.field).toBe('contactId');
    }
    const put = await t.call('PUT', `/contacts/${randomUUID()}/personal-line`, { body: { text: 'Hi' } });
    expect(put.body.error).toMatchObject({ code: 'not_found', field: 'contactId' });
    expect(await t.dump()).toEqual(before);
  });
});
