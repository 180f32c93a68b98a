/**
 * Issue 13 items 1, 2, 3, 6 on the emulators: the reply review queue. Replies arrive over the local
 * SMTP MX (→ S3 → the inbound use case), the queue is worked through the API function's handler,
 * and the outcomes are read where they land: the contact and its timeline in DynamoDB Local, the
 * schedules in the Scheduler emulator, the emails in the SES emulator.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#domain/types.ts';
import { type ApiStack, startApiStack } from '../api/support.ts';
import { MAIL_CONFIG } from './harness.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

// Monday 2026-11-30 08:00 UTC: the fixtures are replies written on 1 December 2026.
const START = '2026-11-30T08:00:00.000Z';
const DAY = 86_400_000;

describe('the reply review queue (SMTP → inbound → queue → API)', () => {
  let world: InboundStack;
  let api: ApiStack;

  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    api = await startApiStack(START, world.stack, { processInbound: (receipt) => world.inbound(receipt) });
  });
  afterAll(async () => {
    await world.stop();
  });

  const contactNow = async (id: string) => (await world.stack.store.getContact(id)) as Contact;
  const timelineOf = async (id: string) => world.stack.store.listTimeline(id);
  const liveSchedules = (contactId: string) =>
    world.stack.emulator.schedules().filter((s) => s.name.includes(contactId) && s.status === 'scheduled');
  const emailsTo = async (address: string) => (await world.stack.sent()).filter((m) => m.to === address);

  /**
   * A contacted contact's unsure reply, delivered: "thanks for your note" says nothing of what they
   * want (read as `other` without evidence, confidence below the threshold).
   */
  async function unsureReply() {
    const { contact, client } = await world.contacted();
    const outcome = await world.deliver(
      fixture('unsure-noted.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'other' } });
    const open = await api.call('GET', '/replies', { query: { state: 'open', limit: '100' } });
    const item = open.body.items.find((i: { contactId: string }) => i.contactId === contact.id);
    return { contact, client, replyId: item?.replyId as string, item };
  }

  it('an unsure reply holds the follow-ups (not sent, not dropped), flags the forward and waits in the queue', async () => {
    const { contact, client, replyId, item } = await unsureReply();
    expect(item).toMatchObject({
      reason: 'unsure',
      state: 'open',
      applied: 'held',
      reading: { intent: 'other' },
    });

    const held = await contactNow(contact.id);
    expect(held.stage).toBe('contacted');
    expect(held.schedules.filter((s) => s.step.startsWith('follow-up') || s.step === 'no-response')).toEqual(
      [],
    );
    expect(held.reviewHold?.steps.map((s) => s.step)).toEqual(['follow-up-1']);
    expect(liveSchedules(contact.id).filter((s) => s.name.includes('follow-up'))).toEqual([]);

    // The client's forward says the reading is unsure.
    await world.stack.emulator.advanceBy(60_000);
    const forwards = await emailsTo(client.email);
    expect(forwards).toHaveLength(1);
    expect(forwards[0]?.mail.text).toContain('UNSURE');

    // Two weeks pass: the follow-up that was due goes nowhere while the reply waits.
    await world.stack.emulator.advanceBy(14 * DAY);
    expect((await emailsTo(contact.email)).map((m) => m.subject)).toHaveLength(1); // the outreach only

    const read = await api.call('GET', `/replies/${replyId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      replyId,
      contactId: contact.id,
      text: expect.stringContaining('thanks for your note'),
    });
  });

  it('a request to stop in words no rule knows is not applied on a guess: held, the doubt shown, a person unsubscribes', async () => {
    const { contact } = await world.contacted();
    const outcome = await world.deliver(
      fixture('stop-maybe.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect(outcome).toMatchObject({ outcome: 'recorded' });
    const open = await api.call('GET', '/replies', { query: { state: 'open', limit: '100' } });
    const item = open.body.items.find((i: { contactId: string }) => i.contactId === contact.id);
    expect(item).toMatchObject({
      reason: 'unsure',
      reading: { doubt: expect.stringContaining('may ask to stop emails') },
    });
    expect(item.reading.intent).not.toBe('unsubscribe');
    const held = await contactNow(contact.id);
    expect(held.stage).toBe('contacted');
    expect(held.reviewHold?.steps.map((s) => s.step)).toEqual(['follow-up-1']);

    const corrected = await api.call('POST', `/replies/${item.replyId}/correct`, {
      body: { intent: 'unsubscribe' },
    });
    expect(corrected.body).toMatchObject({ changed: true });
    expect(await contactNow(contact.id)).toMatchObject({ stage: 'unsubscribed', schedules: [] });
    await world.stack.emulator.advanceBy(14 * DAY);
    expect(await emailsTo(contact.email)).toHaveLength(1); // the outreach only
  });

  it('correcting an unsure reply to out_of_office releases the held follow-up after the return date, once', async () => {
    const { contact, replyId } = await unsureReply();
    const corrected = await api.call('POST', `/replies/${replyId}/correct`, {
      body: { intent: 'out_of_office', returnDate: '2026-12-14' },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ changed: true, reply: { state: 'corrected' } });
    const after = await contactNow(contact.id);
    expect(after.stage).toBe('contacted');
    expect(after.reviewHold).toBeUndefined();
    const followUp = after.schedules.find((s) => s.step === 'follow-up-1');
    expect(Date.parse(followUp?.at as string)).toBeGreaterThan(Date.parse('2026-12-14T00:00:00Z'));
    expect(liveSchedules(contact.id).some((s) => s.name.includes('follow-up-1'))).toBe(true);
    const entries = (await timelineOf(contact.id)).filter((t) => t.event === 'reply_received');
    expect(entries.map((t) => t.detail)).toEqual([
      expect.stringContaining('reply held for review'),
      expect.stringMatching(/resolved as out_of_office by review.*released/),
    ]);
    // The released follow-up goes out after the return (and only once).
    await world.stack.emulator.advanceTo(new Date(Date.parse(followUp?.at as string) + 60_000));
    expect(await emailsTo(contact.email)).toHaveLength(2);
  });

  it('confirming an unsure `other` stops the follow-ups (any human reply does); a second confirm changes nothing', async () => {
    const { contact, replyId } = await unsureReply();
    const first = await api.call('POST', `/replies/${replyId}/confirm`);
    expect(first.body).toMatchObject({ changed: true, reply: { state: 'confirmed' } });
    const again = await api.call('POST', `/replies/${replyId}/confirm`);
    expect(again.body).toMatchObject({ changed: false });
    const after = await contactNow(contact.id);
    expect(after).toMatchObject({ stage: 'replied', schedules: [] });
    expect(after.reviewHold).toBeUndefined();
    const open = await api.call('GET', '/replies', { query: { state: 'open', limit: '100' } });
    expect(open.body.items.map((i: { replyId: string }) => i.replyId)).not.toContain(replyId);
  });

  it('a correction applies its effect once: repeated and concurrent corrections write one timeline entry', async () => {
    const { contact, replyId } = await unsureReply();
    const correct = () => api.call('POST', `/replies/${replyId}/correct`, { body: { intent: 'declined' } });
    const answers = await Promise.all([correct(), correct(), correct(), correct()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.changed === true).length).toBeGreaterThanOrEqual(1);
    const repeat = await correct();
    expect(repeat.body).toMatchObject({ changed: false, reply: { state: 'corrected' } });

    const after = await contactNow(contact.id);
    expect(after).toMatchObject({ stage: 'declined', schedules: [] });
    const decided = (await timelineOf(contact.id)).filter((t) => t.detail?.includes('resolved as declined'));
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ from: 'contacted', to: 'declined' });
  });

  it('a confident misreading is corrected as if read right: wrongly declined → replied, follow-ups stay stopped', async () => {
    const { contact } = await world.contacted();
    await world.deliver(
      fixture('decline-polite.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect((await contactNow(contact.id)).stage).toBe('declined');
    const read = await api.call('GET', '/replies', { query: { state: 'read', limit: '100' } });
    const replyId = read.body.items.find((i: { contactId: string }) => i.contactId === contact.id)?.replyId;
    const corrected = await api.call('POST', `/replies/${replyId}/correct`, { body: { intent: 'accepted' } });
    expect(corrected.body).toMatchObject({
      changed: true,
      reply: { resolution: { previous: 'declined', intent: 'accepted' } },
    });
    expect(await contactNow(contact.id)).toMatchObject({ stage: 'replied', schedules: [] });
    const last = (await timelineOf(contact.id)).at(-1);
    expect(last).toMatchObject({
      from: 'declined',
      to: 'replied',
      detail: expect.stringContaining('corrected: declined → accepted'),
    });
  });

  it('an unsubscribe is applied at once; undoing it needs confirmNotAsked and is recorded', async () => {
    const { contact } = await world.contacted();
    await world.deliver(
      fixture('unsubscribe-request.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect((await contactNow(contact.id)).stage).toBe('unsubscribed');
    expect(await world.stack.store.isSuppressed(contact.email)).toBe(true);
    const read = await api.call('GET', '/replies', { query: { state: 'read', limit: '100' } });
    const replyId = read.body.items.find((i: { contactId: string }) => i.contactId === contact.id)?.replyId;

    const before = await api.dump();
    const refused = await api.call('POST', `/replies/${replyId}/correct`, { body: { intent: 'other' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.field).toBe('confirmNotAsked');
    expect(await api.dump()).toEqual(before);

    const undone = await api.call('POST', `/replies/${replyId}/correct`, {
      body: { intent: 'other', confirmNotAsked: true },
    });
    expect(undone.status).toBe(200);
    expect(await contactNow(contact.id)).toMatchObject({ stage: 'replied' });
    expect(await world.stack.store.isSuppressed(contact.email)).toBe(false);
    const last = (await timelineOf(contact.id)).at(-1);
    expect(last).toMatchObject({
      from: 'unsubscribed',
      to: 'replied',
      detail: expect.stringContaining('unsubscribe undone'),
    });
  });

  it('an unmatched reply is kept and listed; attached to a contact it is processed as if it had matched', async () => {
    const { contact } = await world.contacted();
    // No thread headers, to an unknown token: matches no contact. A clear decline once attached.
    const raw = fixture('unmatched-decline.eml', { from: contact.email });
    const outcome = await world.deliver(
      raw,
      `reply+nosuchtoken${randomUUID().slice(0, 8)}@${MAIL_CONFIG.inboundDomain}`,
    );
    expect(outcome.outcome).toBe('unmatched');
    expect((await contactNow(contact.id)).stage).toBe('contacted');

    const unmatched = await api.call('GET', '/replies', { query: { state: 'unmatched', limit: '100' } });
    const item = unmatched.body.items.find((i: { from?: string }) => i.from === contact.email);
    expect(item).toMatchObject({ reason: 'unmatched', state: 'unmatched' });
    expect(item.replyId).toMatch(/^unmatched\./);

    const attach = () =>
      api.call('POST', `/replies/${item.replyId}/attach`, { body: { contactId: contact.id } });
    const [a, b] = await Promise.all([attach(), attach()]);
    expect([a?.status, b?.status]).toEqual([200, 200]);
    const after = await contactNow(contact.id);
    expect(after).toMatchObject({ stage: 'declined', schedules: [] });
    expect((await timelineOf(contact.id)).filter((t) => t.event === 'reply_received')).toHaveLength(1);
    const again = await attach();
    expect(again.body).toMatchObject({ changed: false, reply: { state: 'attached' } });
    expect(again.body.reply.from).toBeUndefined(); // the contact's now: nothing of it left unerasable

    const other = await world.contacted();
    const elsewhere = await api.call('POST', `/replies/${item.replyId}/attach`, {
      body: { contactId: other.contact.id },
    });
    expect(elsewhere.status).toBe(409);
  });

  it('DMARC FAIL: forwarded to the client flagged, nothing else changes', async () => {
    const { contact, client } = await world.contacted();
    const beforeContact = await contactNow(contact.id);
    const beforeTimeline = await timelineOf(contact.id);
    const raw = Buffer.concat([
      Buffer.from('X-Rapport-Dmarc-Verdict: FAIL\r\n'),
      fixture('accept-gmail-times.eml', { from: contact.email }),
    ]);
    const outcome = await world.deliver(raw, replyAddress(contact.replyToken));
    expect(outcome).toMatchObject({ outcome: 'flagged', contactId: contact.id });
    expect(await contactNow(contact.id)).toEqual(beforeContact);
    await world.stack.emulator.advanceBy(60_000);
    const forwards = await emailsTo(client.email);
    expect(forwards).toHaveLength(1);
    expect(forwards[0]?.mail.text).toContain('failed DMARC');
    const after = await timelineOf(contact.id);
    // Only the forward's own record (an email that went out) is added; the stage and plan stay.
    expect(after.slice(0, beforeTimeline.length)).toEqual(beforeTimeline);
    expect(
      after.slice(beforeTimeline.length).every((t) => t.from === 'contacted' && t.to === 'contacted'),
    ).toBe(true);
    expect((await contactNow(contact.id)).schedules).toEqual(beforeContact.schedules);
  });

  it('bad input is refused naming the field, and writes nothing', async () => {
    const { replyId } = await unsureReply();
    const before = await api.dump();
    const cases: [string, string, unknown, number, string | null][] = [
      ['POST', `/replies/${replyId}/correct`, { intent: 'maybe' }, 422, 'intent'],
      [
        'POST',
        `/replies/${replyId}/correct`,
        { intent: 'out_of_office', returnDate: '14/12/2026' },
        422,
        'returnDate',
      ],
      [
        'POST',
        `/replies/${replyId}/correct`,
        { intent: 'accepted', proposedTimes: ['tomorrow'] },
        422,
        'proposedTimes',
      ],
      [
        'POST',
        `/replies/${replyId}/correct`,
        { intent: 'referral', referrals: [{ email: 'nope' }] },
        422,
        'referrals',
      ],
      ['POST', `/replies/${replyId}/correct`, { intent: 'declined', extra: 1 }, 422, 'extra'],
      ['POST', `/replies/${replyId}/attach`, {}, 422, 'contactId'],
      ['POST', `/replies/${replyId}/attach`, { contactId: randomUUID() }, 422, 'contactId'],
      ['GET', '/replies?state=everything', undefined, 422, 'state'],
      ['GET', '/replies/not-a-reply-id', undefined, 404, 'replyId'],
      ['POST', `/replies/${randomUUID()}.abc/confirm`, undefined, 404, 'contactId'],
    ];
    for (const [method, path, body, status, field] of cases) {
      const answer = await api.call(method, path, body === undefined ? {} : { body });
      expect({ path, body, status: answer.status }).toEqual({ path, body, status });
      expect(String(answer.body.error.field)).toContain(String(field));
    }
    expect(await api.dump()).toEqual(before);
  });
});
