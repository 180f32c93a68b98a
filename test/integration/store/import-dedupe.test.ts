import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '#domain/email.ts';
import { ValidationError } from '#domain/errors.ts';
import type { Campaign } from '#domain/types.ts';
import { useTestTable } from '../store-fixture.ts';
import { aCampaign, aContact, seedCampaign } from './fixtures.ts';

let campaign: Campaign;
const t = useTestTable('store-import', async ({ store }) => {
  campaign = await seedCampaign(store);
});

describe('importContacts', () => {
  it('creates each address once per campaign and reports every duplicate with its index', async () => {
    const batch = [
      aContact(campaign, { email: normaliseEmail('jo.lee@Studio.example') }),
      aContact(campaign, { email: normaliseEmail('kim@example.net') }),
      aContact(campaign, { email: normaliseEmail('  jo.lee@STUDIO.EXAMPLE ') }), // same address
      aContact(campaign, { email: normaliseEmail('pat@example.net') }),
      aContact(campaign, { email: normaliseEmail('kim@example.net') }), // same again
    ];
    const first = await t.store.importContacts(campaign.id, batch);
    expect(first.created.map((c) => c.id)).toEqual([batch[0]?.id, batch[1]?.id, batch[3]?.id]);
    expect(first.duplicates).toEqual([
      { index: 2, email: 'jo.lee@studio.example', existingContactId: batch[0]?.id },
      { index: 4, email: 'kim@example.net', existingContactId: batch[1]?.id },
    ]);

    // A second import of the same people (different case in the domain, stray spaces, new ids).
    const second = [
      aContact(campaign, { email: normaliseEmail('new@example.org') }),
      aContact(campaign, { email: normaliseEmail(' jo.lee@studio.EXAMPLE') }),
      aContact(campaign, { email: normaliseEmail('PAT@example.net') }), // the local part is case-sensitive: a new address
      aContact(campaign, { email: 'kim@EXAMPLE.net ' }), // the store normalises defensively too
    ];
    const again = await t.store.importContacts(campaign.id, second);
    expect(again.created.map((c) => c.email)).toEqual(['new@example.org', 'PAT@example.net']);
    expect(again.duplicates).toEqual([
      { index: 1, email: 'jo.lee@studio.example', existingContactId: batch[0]?.id },
      { index: 3, email: 'kim@example.net', existingContactId: batch[1]?.id },
    ]);

    expect(await t.store.findContactByEmail(campaign.id, 'Jo.Lee@studio.example')).toBeUndefined();
    expect((await t.store.findContactByEmail(campaign.id, ' jo.lee@STUDIO.example'))?.id).toBe(batch[0]?.id);
    const stats = await t.store.getCampaignStats(campaign.id);
    expect(stats?.total).toBe(5);
    expect(stats?.byStage.prospect).toBe(5);
    // The loser of a dedupe left nothing behind.
    expect(await t.store.getContact(batch[2]?.id as string)).toBeUndefined();
    expect(await t.store.listTimeline(batch[2]?.id as string)).toEqual([]);
    expect(await t.store.findContactByReplyToken(batch[2]?.replyToken as string)).toBeUndefined();
  });

  it('dedupes per campaign, not across campaigns', async () => {
    const other = aCampaign(campaign.clientId);
    await t.store.putCampaign(other);
    const email = 'shared@example.com';
    const a = await t.store.importContacts(campaign.id, [aContact(campaign, { email })]);
    const b = await t.store.importContacts(other.id, [aContact(other, { email })]);
    expect(a.created).toHaveLength(1);
    expect(b.created).toHaveLength(1);
    expect((await t.store.findContactByEmail(other.id, email))?.campaignId).toBe(other.id);
  });

  it('dedupes concurrent imports of the same address (the uniqueness item decides)', async () => {
    const email = 'race@example.com';
    const reports = await Promise.all(
      Array.from({ length: 8 }, () => t.store.importContacts(campaign.id, [aContact(campaign, { email })])),
    );
    expect(reports.flatMap((r) => r.created)).toHaveLength(1);
    expect(reports.flatMap((r) => r.duplicates)).toHaveLength(7);
  });

  it('writes the imported timeline entry and the reply-token lookup with each contact', async () => {
    const contact = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact]);
    expect(await t.store.getContact(contact.id)).toEqual(contact);
    expect(await t.store.listTimeline(contact.id)).toEqual([
      { contactId: contact.id, at: contact.createdAt, event: 'imported', from: 'prospect', to: 'prospect' },
    ]);
    expect((await t.store.findContactByReplyToken(contact.replyToken))?.id).toBe(contact.id);
    expect(await t.store.findContactByReplyToken('no-such-token')).toBeUndefined();
  });

  it('refuses a contact of another campaign before writing anything', async () => {
    const other = aCampaign(campaign.clientId);
    const good = aContact(campaign);
    await expect(t.store.importContacts(campaign.id, [good, aContact(other)])).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(
      t.store.importContacts(campaign.id, [good, aContact(campaign, { email: 'not-an-address' })]),
    ).rejects.toThrow(/contacts\[1\]\.email/);
    expect(await t.store.getContact(good.id)).toBeUndefined();
  });
});
