/** Issue 8 defect 3 at the store: campaign status a versioned write, checked with every send claim. */
import { describe, expect, it } from 'vitest';
import type { Campaign, Contact } from '#domain/types.ts';
import { useTestTable } from '../store-fixture.ts';
import { aContact, minutesAfter, moved, seedCampaign, T0 } from './fixtures.ts';

const t = useTestTable('store-campaign-status');
const LEASE = 5 * 60_000;

async function campaignWithContact(): Promise<{ campaign: Campaign; contact: Contact }> {
  const campaign = await seedCampaign(t.store);
  const { created } = await t.store.importContacts(campaign.id, [aContact(campaign)]);
  return { campaign, contact: created[0] as Contact };
}

const claimOf = (contact: Contact, key: string) =>
  t.store.claimSend(key, {
    contactId: contact.id,
    step: 'outreach',
    now: T0,
    leaseMs: LEASE,
    email: contact.email,
    campaignId: contact.campaignId,
  });

describe('defect 3 at the store: campaign status and the send claim', () => {
  it('refuses a claim on a paused campaign in the same request, writing no send record', async () => {
    const { campaign, contact } = await campaignWithContact();
    await t.store.changeCampaignStatus(campaign.id, 'active');
    const paused = await t.store.changeCampaignStatus(campaign.id, 'paused');
    expect(paused).toMatchObject({ outcome: 'changed', campaign: { status: 'paused', statusVersion: 2 } });

    t.commands.length = 0;
    const key = `${contact.id}.outreach.1`;
    expect(await claimOf(contact, key)).toEqual({ outcome: 'campaign_paused' });
    expect(t.commands).toEqual(['TransactWriteItemsCommand']);
    expect(await t.store.getSendRecord(key)).toBeUndefined();
    expect((await t.store.getCampaign(campaign.id))?.inFlight).toBeUndefined();
  });

  it('counts a claim in flight until its commit or its release, and a pause reports the count', async () => {
    const { campaign, contact } = await campaignWithContact();
    await t.store.changeCampaignStatus(campaign.id, 'active');
    const [sent, refused] = [`${contact.id}.outreach.1`, `${contact.id}.follow-up-1.1`];
    expect(await claimOf(contact, sent)).toMatchObject({ outcome: 'claimed' });
    expect(await claimOf(contact, refused)).toMatchObject({ outcome: 'claimed' });
    // A claim that finds the key taken counts nothing.
    expect(await claimOf(contact, sent)).toMatchObject({ outcome: 'in_progress' });
    expect((await t.store.getCampaign(campaign.id))?.inFlight).toBe(2);

    expect(await t.store.releaseSend(refused, campaign.id)).toBe('released');
    expect(await t.store.releaseSend(refused, campaign.id)).toBe('not_pending');
    expect((await t.store.getCampaign(campaign.id))?.inFlight).toBe(1);

    const paused = await t.store.changeCampaignStatus(campaign.id, 'paused');
    expect(paused.campaign).toMatchObject({ status: 'paused', inFlight: 1 });

    const at = minutesAfter(1);
    const commit = { sendCommit: { key: sent, messageId: '0100-sent-1', campaignId: campaign.id } };
    await t.store.applyTransition(contact, moved(contact, 'contacted', at, 'email_sent'), commit);
    const stored = (await t.store.getContact(contact.id)) as Contact;
    // A second commit of the same send is refused whole: the count goes down once.
    await expect(
      t.store.applyTransition(stored, moved(stored, 'contacted', at, 'email_sent'), commit),
    ).rejects.toMatchObject({ name: 'VersionConflict', entity: 'send' });
    expect((await t.store.getCampaign(campaign.id))?.inFlight).toBe(0);
  });

  it('a stale launch cannot overwrite a pause, nor commit a contact after it', async () => {
    const { campaign, contact } = await campaignWithContact();
    // Launch read the draft campaign (version 0) and made it active (version 1) …
    const launched = await t.store.changeCampaignStatus(campaign.id, 'active', 0);
    expect(launched).toMatchObject({ outcome: 'changed', campaign: { status: 'active', statusVersion: 1 } });
    // … a pause lands …
    await t.store.changeCampaignStatus(campaign.id, 'paused');
    // … and a launch that read version 1 (or 0) writes nothing.
    for (const read of [0, 1]) {
      const stale = await t.store.changeCampaignStatus(campaign.id, 'active', read);
      expect(stale).toMatchObject({ outcome: 'conflict', campaign: { status: 'paused', statusVersion: 2 } });
    }
    await expect(
      t.store.applyTransition(contact, moved(contact, 'queued', T0, 'launch'), {
        campaignActive: { campaignId: campaign.id, statusVersion: 1 },
      }),
    ).rejects.toMatchObject({ name: 'VersionConflict', entity: 'campaign', id: campaign.id });
    expect((await t.store.getContact(contact.id))?.stage).toBe('prospect');
    expect((await t.store.getCampaign(campaign.id))?.status).toBe('paused');
  });
});
