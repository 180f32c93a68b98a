import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { VersionConflict } from '#domain/errors.ts';
import type { Campaign, Contact } from '#domain/types.ts';
import { TABLE } from '#shared/table-definition.ts';
import { useTestTable } from '../store-fixture.ts';
import { aContact, minutesAfter, moved, seedCampaign } from './fixtures.ts';

let campaign: Campaign;
const t = useTestTable('store-erase', async ({ store }) => {
  campaign = await seedCampaign(store);
});

/** Every item keyed by the contact: its partition, and everything it owns elsewhere (GSI1). */
async function itemsOf(contactId: string): Promise<number> {
  const own = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: `CONTACT#${contactId}` } },
      ConsistentRead: true,
    }),
  );
  const elsewhere = await t.client.send(
    new QueryCommand({
      TableName: t.tableName,
      IndexName: TABLE.gsi1.indexName,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: `CONTACT#${contactId}#OWNS` } },
    }),
  );
  return (own.Items?.length ?? 0) + (elsewhere.Items?.length ?? 0);
}

describe('eraseContact', () => {
  it('removes the contact, timeline, lookups, dedupe and send records, and its place in the counters', async () => {
    let contact: Contact = aContact(campaign, { email: 'erase.me@example.com' });
    const neighbour = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact, neighbour]);
    for (const [i, step] of (['outreach', 'follow-up-1'] as const).entries()) {
      const key = `${contact.id}.${step}.1`;
      await t.store.claimSend(key, {
        contactId: contact.id,
        step,
        now: minutesAfter(i * 100),
        leaseMs: 60_000,
      });
      await t.store.recordSendEvent(key, `msg-${i}-${contact.id}`);
      const result = moved(contact, 'contacted', minutesAfter(i * 100 + 1), 'email_sent');
      await t.store.applyTransition(contact, result, {
        sendCommit: { key, messageId: `msg-${i}-${contact.id}` },
      });
      contact = result.contact;
    }
    await t.store.claimSend(`${contact.id}.follow-up-2.1`, {
      contactId: contact.id,
      step: 'follow-up-2',
      now: minutesAfter(300),
      leaseMs: 60_000,
    });
    await t.store.suppress(contact.email, 'unsubscribed', minutesAfter(301));
    // contact + 3 timeline entries in its partition; dedupe, token, 2 Message-IDs, 3 send records elsewhere.
    expect(await itemsOf(contact.id)).toBe(4 + 7);
    expect((await t.store.getCampaignStats(campaign.id))?.byStage).toMatchObject({
      contacted: 1,
      prospect: 1,
    });

    const report = await t.store.eraseContact(contact.id);
    expect(report).toEqual({ erased: true, itemsDeleted: 11 });

    expect(await itemsOf(contact.id)).toBe(0);
    expect(await t.store.getContact(contact.id)).toBeUndefined();
    expect(await t.store.listTimeline(contact.id)).toEqual([]);
    expect(await t.store.findContactByEmail(campaign.id, contact.email)).toBeUndefined();
    expect(await t.store.findContactByReplyToken(contact.replyToken)).toBeUndefined();
    expect(await t.store.findContactByMessageId(`msg-0-${contact.id}`)).toBeUndefined();
    expect(await t.store.getSendRecord(`${contact.id}.outreach.1`)).toBeUndefined();
    const stats = await t.store.getCampaignStats(campaign.id);
    expect(stats?.total).toBe(1);
    expect(stats?.byStage).toMatchObject({ contacted: 0, prospect: 1 });
    // Kept on purpose: the address must never be written to again. The neighbour is untouched.
    expect(await t.store.isSuppressed(contact.email)).toBe(true);
    expect(await t.store.getContact(neighbour.id)).toEqual(neighbour);

    // Erasing again is harmless; the address stays refused at import (it is on the suppression list).
    expect(await t.store.eraseContact(contact.id)).toEqual({ erased: false, itemsDeleted: 0 });
    const back = await t.store.importContacts(campaign.id, [aContact(campaign, { email: contact.email })]);
    expect(back.created).toEqual([]);
    expect(back.suppressed).toEqual([{ index: 0, email: contact.email }]);
  });

  it('a transition based on the erased contact is a conflict and writes nothing', async () => {
    const contact = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact]);
    await t.store.eraseContact(contact.id);
    await expect(
      t.store.applyTransition(contact, moved(contact, 'queued', minutesAfter(1), 'launch')),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect(await itemsOf(contact.id)).toBe(0);
    expect((await t.store.getCampaignStats(campaign.id))?.byStage.queued).toBe(0);
  });
});
