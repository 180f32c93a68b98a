/**
 * One contact per employer at a time (issue 16, "3B7"), on the emulators: the launch plans the
 * outreach of three contacts at one employer 3 business days apart; a reply from the first pauses
 * the other two and the client is told; the colleague that reply refers is still contacted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessDays } from '#domain/timing.ts';
import { aProspect } from './harness.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

// Monday 2026-11-30 08:00 UTC: the fixtures are replies written on 1 December 2026.
const START = '2026-11-30T08:00:00.000Z';
const ZONE = 'America/New_York';

describe('one contact per employer', () => {
  let world: InboundStack;
  let stack: InboundStack['stack'];
  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    stack = world.stack;
  });
  afterAll(() => world.stop());

  const atAdatum = (name: string) =>
    aProspect({ email: `${name}@adatum.example`, firstName: name, company: 'Adatum', timeZone: ZONE });

  async function outreachAt(contactId: string): Promise<string | undefined> {
    return (await stack.store.getContact(contactId))?.schedules.find((s) => s.step === 'outreach')?.at;
  }

  it('three at one employer go out 3 business days apart; a reply pauses the rest; a referral stays allowed', async () => {
    const { campaign, client } = await stack.seed();
    const { created } = await stack.workflow.importContacts(campaign.id, [
      atAdatum('sortiz'),
      atAdatum('lkim'),
      atAdatum('tnguyen'),
      aProspect({ email: 'elsewhere@contoso.example', company: 'Contoso', timeZone: ZONE }),
    ]);
    const other = created.find((c) => c.company === 'Contoso')?.id as string;
    await stack.workflow.launchCampaign(campaign.id);

    // In the order the launch took them: the first at Adatum goes out on the first morning, like the
    // one at Contoso (staggered); the next 3 business days later, the last 3 after that.
    const planned = await Promise.all(
      created
        .filter((c) => c.id !== other)
        .map(async (c) => ({ id: c.id, at: (await outreachAt(c.id)) as string })),
    );
    const [p1, p2, p3] = planned.sort((x, y) => x.at.localeCompare(y.at)) as [
      { id: string; at: string },
      { id: string; at: string },
      { id: string; at: string },
    ];
    const [first, second, third] = [p1.id, p2.id, p3.id];
    expect(p1.at).toMatch(/^2026-11-30T14:0[07]:00\.000Z$/); // Monday 09:00 in New York (or 7 minutes on)
    expect(Math.abs(Date.parse((await outreachAt(other)) as string) - Date.parse(p1.at))).toBe(7 * 60_000);
    expect(p2.at).toBe(addBusinessDays(p1.at, 3, ZONE)); // Thursday
    expect(p3.at).toBe(addBusinessDays(p2.at, 3, ZONE)); // the next Tuesday
    expect(p3.at.slice(0, 10)).toBe('2026-12-08');
    const a1 = p1.at;

    // The first one's outreach goes out; a day later they reply, referring a colleague.
    await stack.emulator.advanceTo(new Date(Date.parse(a1) + 60_000));
    const replier = await stack.store.getContact(first);
    expect(replier?.stage).toBe('contacted');
    const outcome = await world.deliver(
      fixture('referral-decline.eml', { from: replier?.email }),
      replyAddress(replier?.replyToken as string),
    );
    expect(outcome).toMatchObject({
      outcome: 'recorded',
      reading: { intent: 'referral' },
      referralsAdded: 1,
    });

    // The rest of Adatum's queue is paused; their outreach schedules are gone; Contoso goes on.
    for (const id of [second, third]) {
      const held = await stack.store.getContact(id);
      expect(held?.stage).toBe('paused');
      expect(held?.pausedFrom).toBe('queued');
      expect(held?.schedules).toEqual([]);
    }
    expect(['queued', 'contacted']).toContain((await stack.store.getContact(other))?.stage);

    // The client is told, in the forwarded reply.
    await stack.emulator.advanceBy(60_000);
    const forward = (await stack.sent()).find((m) => m.to === client.email);
    expect(forward?.mail.text).toContain(
      'Someone at Adatum has now replied, so the other 2 contacts there are paused',
    );

    // The referral (Mei Chen, at the same employer) is still allowed: approved and launched, her
    // outreach is planned for the next window opening, not held behind her colleagues.
    const mei = await stack.store.findContactByEmail(campaign.id, 'mei.chen@adatum.example');
    expect(mei?.foundVia).toMatchObject({ kind: 'referral', contactId: first });
    await stack.workflow.approveContact(mei?.id as string);
    const launch = await stack.workflow.launchCampaign(campaign.id);
    expect(launch.launched).toBe(1);
    const meiAt = await outreachAt(mei?.id as string);
    expect(meiAt).toBeDefined();
    expect(Date.parse(meiAt as string) - stack.clock.now().getTime()).toBeLessThan(24 * 3_600_000);
    // Nothing went to the paused colleagues, ever.
    await stack.emulator.advanceTo(new Date('2026-12-10T00:00:00.000Z'));
    const sentTo = new Set((await stack.sent()).map((m) => m.to));
    for (const id of [second, third]) {
      expect(sentTo.has((await stack.store.getContact(id))?.email as string)).toBe(false);
    }
    expect(sentTo.has('mei.chen@adatum.example')).toBe(true);
  });

  it('with onePerEmployer: false every contact goes out on the first morning', async () => {
    const { campaign } = await stack.seed({ policy: { onePerEmployer: false } });
    const { created } = await stack.workflow.importContacts(campaign.id, [atAdatum('ax'), atAdatum('bx')]);
    await stack.workflow.launchCampaign(campaign.id);
    const times = await Promise.all(created.map((c) => outreachAt(c.id)));
    expect(Math.abs(Date.parse(times[1] as string) - Date.parse(times[0] as string))).toBe(7 * 60_000);
  });
});
