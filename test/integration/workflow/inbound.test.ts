import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { MAIL_CONFIG } from './harness.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

// Monday 2026-11-30 08:00 UTC: the fixtures are replies written on 1 December 2026.
const START = '2026-11-30T08:00:00.000Z';

describe('replies (SMTP inbound MX → S3 → inbound use case)', () => {
  let world: InboundStack;
  let stack: InboundStack['stack'];
  let inbound: InboundStack['inbound'];
  let contacted: InboundStack['contacted'];
  let deliver: InboundStack['deliver'];

  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    ({ stack, inbound, contacted, deliver } = world);
  });
  afterAll(async () => {
    await world.stop();
  });

  it('an acceptance stops the follow-ups, reaches the client with its classification, and counts once', async () => {
    const { contact, client } = await contacted();
    const raw = fixture('accept-gmail-times.eml', { from: contact.email });
    const first = await deliver(raw, replyAddress(contact.replyToken));
    expect(first).toMatchObject({
      outcome: 'recorded',
      reading: { intent: 'accepted' },
      forwardScheduled: true,
    });
    if (first.outcome === 'recorded') expect(first.reading.proposedDates[0]).toBe('2026-12-03');
    const replied = await stack.store.getContact(contact.id);
    expect(replied?.stage).toBe('replied');
    expect(replied?.schedules).toEqual([]);
    expect(
      stack.emulator.schedules().filter((s) => s.name.startsWith(contact.id) && s.status === 'scheduled'),
    ).toEqual([]);
    // The forward is a schedule due now (at() rounds up to the minute): the dispatch function sends it.
    await stack.emulator.advanceBy(60_000);
    const forwards = (await stack.sent()).filter((m) => m.to === client.email);
    expect(forwards).toHaveLength(1);
    expect(forwards[0]?.mail.text).toMatch(/accepted/i);
    expect(forwards[0]?.mail.text).toContain('Thursday Dec 3');

    // The same message delivered again changes nothing and is not forwarded twice.
    const again = await deliver(raw, replyAddress(contact.replyToken));
    expect(again.outcome).toBe('duplicate');
    await stack.emulator.advanceBy(60_000);
    expect((await stack.sent()).filter((m) => m.to === client.email)).toHaveLength(1);
    const replies = (await stack.store.listTimeline(contact.id)).filter((t) => t.event === 'reply_received');
    expect(replies).toHaveLength(1);
  });

  it('an out-of-office postpones the next follow-up past the return date', async () => {
    const { contact } = await contacted();
    const outcome = await deliver(
      fixture('ooo-exchange.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect(outcome).toMatchObject({
      outcome: 'recorded',
      reading: { intent: 'out_of_office', returnDate: '2026-12-14' },
    });
    const after = await stack.store.getContact(contact.id);
    expect(after?.stage).toBe('contacted');
    const followUp = after?.schedules.find((s) => s.step === 'follow-up-1');
    expect(Date.parse(followUp?.at as string)).toBeGreaterThan(Date.parse('2026-12-14T05:00:00Z'));
  });

  it('matches by In-Reply-To when the reply address is lost, and records a decline', async () => {
    const { contact } = await contacted();
    const outreachId = `${contact.sent[0]?.messageId}@email.amazonses.com`;
    const outcome = await deliver(
      fixture('decline-polite.eml', { inReplyTo: outreachId, from: contact.email }),
      `someone-else@${MAIL_CONFIG.inboundDomain}`,
    );
    expect(outcome).toMatchObject({
      outcome: 'recorded',
      contactId: contact.id,
      reading: { intent: 'declined' },
    });
    expect((await stack.store.getContact(contact.id))?.stage).toBe('declined');
  });

  it('a referral adds the suggested person as a prospect who was referred by the contact', async () => {
    const { contact, campaign } = await contacted();
    const outcome = await deliver(
      fixture('referral-decline.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect(outcome).toMatchObject({
      outcome: 'recorded',
      reading: { intent: 'referral' },
      referralsAdded: 1,
    });
    const referred = await stack.store.findContactByEmail(campaign.id, 'mei.chen@adatum.example');
    expect(referred?.stage).toBe('prospect');
    expect(referred?.foundVia).toMatchObject({ kind: 'referral', contactId: contact.id });
    expect(referred?.foundVia.name).toContain(contact.firstName);
  });

  it('an unsubscribe request suppresses the address everywhere', async () => {
    const { contact } = await contacted();
    const outcome = await deliver(
      fixture('unsubscribe-request.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'unsubscribe' } });
    expect((await stack.store.getContact(contact.id))?.stage).toBe('unsubscribed');
    expect(await stack.store.isSuppressed(contact.email)).toBe(true);
  });

  it('a reply that matches no contact changes nothing; a spam verdict FAIL is quarantined unread', async () => {
    const unmatched = await deliver(
      fixture('accept-no-time.eml', { inReplyTo: 'nobody@example.net' }),
      `x@${MAIL_CONFIG.inboundDomain}`,
    );
    expect(unmatched.outcome).toBe('unmatched');

    const { contact } = await contacted();
    const key = `${INBOUND_OBJECT_PREFIX}${randomUUID()}`;
    await stack.blobs.put(key, fixture('accept-no-time.eml'));
    const outcome = await inbound({
      sesMessageId: key.slice(INBOUND_OBJECT_PREFIX.length),
      objectKey: key,
      recipients: [replyAddress(contact.replyToken)],
      spamVerdict: 'FAIL',
      virusVerdict: 'PASS',
    });
    expect(outcome.outcome).toBe('quarantined');
    await expect(stack.blobs.get(key)).rejects.toThrow();
    expect((await stack.store.getContact(contact.id))?.stage).toBe('contacted');
  });
});
