import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionConflict } from '#domain/errors.ts';
import { type Campaign, type Contact, STAGES, type Stage } from '#domain/types.ts';
import { useTestTable } from '../store-fixture.ts';
import { aCampaign, aClient, aContact, minutesAfter, moved } from './fixtures.ts';

const t = useTestTable('store-transitions');

async function campaignWith(count: number): Promise<{ campaign: Campaign; contacts: Contact[] }> {
  const client = aClient();
  await t.store.putClient(client);
  const campaign = aCampaign(client.id);
  await t.store.putCampaign(campaign);
  const contacts = Array.from({ length: count }, (_, i) =>
    aContact(campaign, { createdAt: minutesAfter(i), updatedAt: minutesAfter(i) }),
  );
  const report = await t.store.importContacts(campaign.id, contacts);
  expect(report.created).toHaveLength(count);
  return { campaign, contacts: report.created };
}

describe('applyTransition', () => {
  it('lets exactly one of 20 concurrent transitions from the same version win', async () => {
    const {
      contacts: [contact],
    } = await campaignWith(1);
    if (!contact) throw new Error('no contact');
    const targets: Stage[] = ['queued', 'paused', 'declined', 'no_response'];
    const attempts = Array.from({ length: 20 }, (_, i) =>
      t.store.applyTransition(
        contact,
        moved(contact, targets[i % targets.length] as Stage, minutesAfter(60 + i), 'launch'),
      ),
    );
    const settled = await Promise.allSettled(attempts);

    const won = settled.filter((s) => s.status === 'fulfilled');
    const lost = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const reason of lost) {
      expect(reason).toBeInstanceOf(VersionConflict);
      expect(reason).toMatchObject({ entity: 'contact', id: contact.id });
    }
    const stored = await t.store.getContact(contact.id);
    expect(stored?.version).toBe(contact.version + 1);
    const timeline = await t.store.listTimeline(contact.id);
    expect(timeline.map((e) => e.event)).toEqual(['imported', 'launch']);
    expect(timeline[1]?.to).toBe(stored?.stage);
    const stats = await t.store.getCampaignStats(contact.campaignId);
    expect(stats?.total).toBe(1);
    expect(stats?.byStage[stored?.stage as Stage]).toBe(1);
    expect(stats?.byStage.prospect).toBe(0);
  });

  it('refuses a write based on an old version and writes nothing', async () => {
    const {
      contacts: [contact],
    } = await campaignWith(1);
    if (!contact) throw new Error('no contact');
    const first = moved(contact, 'queued', minutesAfter(10), 'launch');
    await t.store.applyTransition(contact, first);
    await expect(
      t.store.applyTransition(contact, moved(contact, 'paused', minutesAfter(11))),
    ).rejects.toThrow(VersionConflict);
    expect(await t.store.getContact(contact.id)).toEqual(first.contact);
    expect(await t.store.listTimeline(contact.id)).toHaveLength(2);
    expect((await t.store.getCampaignStats(contact.campaignId))?.byStage).toMatchObject({
      queued: 1,
      paused: 0,
    });
  });

  it('keeps the counters equal to the contacts per stage after random transitions of 200 contacts', async () => {
    const { campaign, contacts } = await campaignWith(200);
    const current = new Map(contacts.map((c) => [c.id, c]));
    // Random stage changes (and some same-stage writes), several rounds, each round in parallel.
    const plan = fc.sample(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 199 }), fc.constantFrom(...STAGES)), {
        minLength: 150,
        maxLength: 150,
      }),
      { numRuns: 3, seed: 20250303 },
    );
    let minute = 1000;
    for (const round of plan) {
      const byContact = new Map<number, Stage>(round); // one change per contact per round
      await Promise.all(
        [...byContact].map(async ([index, stage]) => {
          const before = current.get((contacts[index] as Contact).id) as Contact;
          const result = moved(before, stage, minutesAfter(minute++), 'launch');
          await t.store.applyTransition(before, result);
          current.set(before.id, result.contact);
        }),
      );
    }

    const expected = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    for (const c of current.values()) expected[c.stage] += 1;

    // Counted from the stored contacts one by one …
    const stored = await Promise.all(contacts.map((c) => t.store.getContact(c.id)));
    const byGet = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    for (const c of stored) byGet[(c as Contact).stage] += 1;
    // … and from the pipeline board, page by page.
    const byBoard = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
    for (const stage of STAGES) {
      let cursor: string | undefined;
      do {
        const page = await t.store.listContactsByStage(campaign.id, stage, {
          limit: 17,
          ...(cursor ? { cursor } : {}),
        });
        for (const c of page.items) expect(c.stage).toBe(stage);
        byBoard[stage] += page.items.length;
        cursor = page.cursor;
      } while (cursor);
    }

    const stats = await t.store.getCampaignStats(campaign.id);
    expect(byGet).toEqual(expected);
    expect(byBoard).toEqual(expected);
    expect(stats?.byStage).toEqual(expected);
    expect(stats?.total).toBe(200);
  });

  it('pages through a stage with a small limit without gaps or repeats, oldest first', async () => {
    const { campaign, contacts } = await campaignWith(23);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.store.listContactsByStage(campaign.id, 'prospect', {
        limit: 5,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(contacts.map((c) => c.id)); // created one minute apart: board order = import order
    expect(pages).toBeGreaterThanOrEqual(5);
    await expect(
      t.store.listContactsByStage(campaign.id, 'queued', { limit: 5, cursor: 'bm90IGEgY3Vyc29y' }),
    ).rejects.toThrow(/cursor/);
  });

  it('reads campaign stats with a single GetItem, whatever the campaign size', async () => {
    const { campaign } = await campaignWith(30);
    t.commands.length = 0;
    const stats = await t.store.getCampaignStats(campaign.id);
    expect(t.commands).toEqual(['GetItemCommand']);
    expect(stats?.total).toBe(30);
    expect(stats?.byStage.prospect).toBe(30);
  });

  it('commits a transition in one request', async () => {
    const {
      contacts: [contact],
    } = await campaignWith(1);
    if (!contact) throw new Error('no contact');
    t.commands.length = 0;
    await t.store.applyTransition(contact, moved(contact, 'queued', minutesAfter(5), 'launch'));
    expect(t.commands).toEqual(['TransactWriteItemsCommand']);
  });
});
