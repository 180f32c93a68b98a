import { describe, expect, it } from 'vitest';
import { NotFound } from '#domain/errors.ts';
import { type Contact, STAGES } from '#domain/types.ts';
import { useTestTable } from '../store-fixture.ts';
import { aCampaign, aClient, aContact, minutesAfter, moved, T0 } from './fixtures.ts';

const t = useTestTable('store-lookups');

describe('clients and campaigns', () => {
  it('stores a client and its campaigns, and starts each campaign with zeroed counters', async () => {
    const client = aClient({ resumeKey: 'resumes/ada.pdf' });
    await t.store.putClient(client);
    expect(await t.store.getClient(client.id)).toEqual(client);
    expect(await t.store.getClient('nobody')).toBeUndefined();

    const spring = aCampaign(client.id, { name: 'spring', createdAt: minutesAfter(1) });
    const autumn = aCampaign(client.id, { name: 'autumn', createdAt: minutesAfter(2) });
    await t.store.putCampaign(autumn);
    await t.store.putCampaign(spring);
    await t.store.putCampaign(aCampaign(aClient().id)); // someone else's
    expect(await t.store.getCampaign(spring.id)).toEqual(spring);
    expect((await t.store.listCampaigns(client.id)).map((c) => c.name)).toEqual(['spring', 'autumn']);
    expect(await t.store.listCampaigns('nobody')).toEqual([]);

    const stats = await t.store.getCampaignStats(spring.id);
    expect(stats).toEqual({
      campaignId: spring.id,
      total: 0,
      byStage: Object.fromEntries(STAGES.map((s) => [s, 0])),
    });
    expect(await t.store.getCampaignStats('no-such-campaign')).toBeUndefined();
  });

  it('updates campaign fields, keeps the counters on a re-put, and says NotFound for an unknown campaign', async () => {
    const client = aClient();
    const campaign = aCampaign(client.id);
    await t.store.putCampaign(campaign);
    await t.store.importContacts(campaign.id, [aContact(campaign), aContact(campaign)]);

    const updated = await t.store.updateCampaign(campaign.id, { name: 'renamed' });
    expect(updated).toEqual({ ...campaign, name: 'renamed' });
    expect(await t.store.getCampaign(campaign.id)).toEqual(updated);
    expect(await t.store.updateCampaign(campaign.id, {})).toEqual(updated);

    await t.store.putCampaign({ ...updated, status: 'paused' });
    expect((await t.store.getCampaignStats(campaign.id))?.total).toBe(2);

    await expect(t.store.updateCampaign('no-such-campaign', { name: 'x' })).rejects.toBeInstanceOf(NotFound);
    await expect(t.store.updateCampaign('no-such-campaign', {})).rejects.toBeInstanceOf(NotFound);
    expect(await t.store.getCampaign('no-such-campaign')).toBeUndefined();
  });
});

describe('suppression', () => {
  it('is global, idempotent, keeps the first reason, and is keyed by the normalised address', async () => {
    expect(await t.store.isSuppressed('gone@example.com')).toBe(false);
    expect(await t.store.suppress(' gone@Example.COM', 'bounced', T0)).toBe('suppressed');
    expect(await t.store.suppress('gone@example.com', 'unsubscribed', minutesAfter(5))).toBe(
      'already_suppressed',
    );
    expect(await t.store.isSuppressed('gone@EXAMPLE.com ')).toBe(true);
    expect(await t.store.getSuppression('gone@example.com')).toEqual({
      email: 'gone@example.com',
      reason: 'bounced',
      at: T0,
    });
    expect(await t.store.isSuppressed('Gone@example.com')).toBe(false); // the local part keeps its case
  });
});

describe('contact lookups and timeline', () => {
  it('finds a contact by reply token and by every Message-ID committed for it', async () => {
    const campaign = aCampaign(aClient().id);
    await t.store.putCampaign(campaign);
    const contact = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact]);
    expect((await t.store.findContactByReplyToken(contact.replyToken))?.email).toBe(contact.email);

    await t.store.claimSend('k-outreach', {
      contactId: contact.id,
      step: 'outreach',
      now: T0,
      leaseMs: 60_000,
    });
    const sent = moved(contact, 'contacted', minutesAfter(1), 'email_sent');
    await t.store.applyTransition(contact, sent, {
      sendCommit: { key: 'k-outreach', messageId: 'msg-outreach' },
      messageIdLookup: '<msg-cancellation>',
    });
    expect((await t.store.findContactByMessageId('msg-outreach'))?.version).toBe(contact.version + 1);
    expect((await t.store.findContactByMessageId('msg-cancellation'))?.id).toBe(contact.id);
    expect(await t.store.findContactByMessageId('msg-unknown')).toBeUndefined();
  });

  it('lists the timeline oldest first, including entries written in the same millisecond', async () => {
    const campaign = aCampaign(aClient().id);
    await t.store.putCampaign(campaign);
    let contact: Contact = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact]);
    const steps = [
      { to: 'queued', at: minutesAfter(1), event: 'launch' },
      { to: 'contacted', at: minutesAfter(600), event: 'email_sent' },
      { to: 'replied', at: minutesAfter(600), event: 'reply_received' }, // same instant as the send
      { to: 'meeting_booked', at: minutesAfter(2000), event: 'meeting_booked' },
      { to: 'meeting_booked', at: minutesAfter(2001), event: 'meeting_rescheduled' }, // no stage change
    ] as const;
    for (const step of steps) {
      const result = moved(contact, step.to, step.at, step.event);
      await t.store.applyTransition(contact, result);
      contact = result.contact;
    }
    const timeline = await t.store.listTimeline(contact.id);
    expect(timeline.map((e) => [e.event, e.at])).toEqual([
      ['imported', T0],
      ...steps.map((s) => [s.event, s.at]),
    ]);
    expect(timeline[3]).toEqual({
      contactId: contact.id,
      at: minutesAfter(600),
      event: 'reply_received',
      from: 'contacted',
      to: 'replied',
    });
    const stats = await t.store.getCampaignStats(campaign.id);
    expect(stats?.byStage).toMatchObject({
      prospect: 0,
      queued: 0,
      contacted: 0,
      replied: 0,
      meeting_booked: 1,
    });
    expect(await t.store.listTimeline('nobody')).toEqual([]);
  });
});
