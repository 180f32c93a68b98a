/**
 * The funnel on the emulators: a seeded campaign driven through the real paths (launch, the
 * dispatch function on the Scheduler emulator with every delivery duplicated, replies through the
 * inbound hook, meetings booked and held through the API, thank-yous sent) — the report equals the
 * counts computed by reading every contact, and duplicated deliveries count nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ReplyIntent } from '#domain/types.ts';
import { aProspect, remoteMeeting } from '../workflow/harness.ts';
import { type ApiStack, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const DAY = 86_400_000;
const EVERY_DAY = {
  sendWindow: { days: [1, 2, 3, 4, 5, 6, 7] as (1 | 2 | 3 | 4 | 5 | 6 | 7)[], start: '06:00', end: '22:00' },
  staggerMinutes: 1,
  onePerEmployer: false,
};

/** What each contact of the campaign does, by index. */
const REPLIES: (ReplyIntent | undefined)[] = [
  'accepted',
  'accepted',
  'accepted',
  'accepted',
  'declined',
  'other',
  'out_of_office',
  'unsubscribe',
  undefined,
  undefined,
];

/** The funnel as reading every contact (and its timeline) tells it. */
async function countedByReading(t: ApiStack, contactIds: string[]) {
  const counts = { contacted: 0, replied: 0, accepted: 0, met: 0, thanked: 0 };
  for (const id of contactIds) {
    const contact = (await t.stack.store.getContact(id)) as Contact;
    const timeline = await t.stack.store.listTimeline(id);
    const replies = timeline.filter((e) => e.event === 'reply_received');
    const humanReply = replies.some((e) => e.to !== 'contacted' || e.from !== 'contacted');
    const sent = (step: string) => contact.sent.some((s) => s.step === step);
    if (sent('outreach')) counts.contacted++;
    if (humanReply || contact.meeting) counts.replied++;
    if (replies.some((e) => e.detail?.startsWith('reply: accepted')) || contact.meeting) counts.accepted++;
    // A thank-you goes out for a meeting nobody marked held (it was): met too.
    if (contact.meeting?.status === 'held' || sent('thank-you')) counts.met++;
    if (sent('thank-you')) counts.thanked++;
  }
  return counts;
}

describe('the funnel report (GET /campaigns/{id}/report, GET /clients/{id}/report)', () => {
  let t: ApiStack;
  let campaignId: string;
  let clientId: string;
  let contactIds: string[];

  beforeAll(async () => {
    t = await startApiStack(START);
    // Every scheduled delivery arrives twice, concurrently.
    t.stack.emulator.faults = { duplicateDeliveries: true };
    const { campaign, client } = await t.stack.seed({ policy: EVERY_DAY });
    campaignId = campaign.id;
    clientId = client.id;
    const rows = REPLIES.map(() => aProspect());
    const report = await t.stack.workflow.importContacts(campaign.id, rows);
    contactIds = report.created.map((c) => c.id);
    await t.stack.workflow.launchCampaign(campaign.id);
    await t.stack.emulator.advanceTo(new Date(Date.parse(START) + DAY));

    // Day 2: the replies, each delivered twice (one after the other, then at once).
    t.stack.emulator.setTime(new Date(Date.parse(START) + 2 * DAY));
    for (const [i, intent] of REPLIES.entries()) {
      if (!intent) continue;
      const contactId = contactIds[i] as string;
      const reply = { intent, replyKey: `reply-${i}@mail.example` };
      await t.stack.workflow.recordReply(contactId, reply);
      await Promise.allSettled([
        t.stack.workflow.recordReply(contactId, reply),
        t.stack.workflow.recordReply(contactId, reply),
      ]);
    }
    // Three meetings booked on day 5 (through the API); two are held, their thank-yous go out.
    const start = new Date(Date.parse(START) + 5 * DAY + 6 * 3_600_000);
    for (const i of [0, 1, 2]) {
      const booked = await t.call('POST', `/contacts/${contactIds[i]}/meeting`, {
        body: remoteMeeting(start),
        headers: { 'idempotency-key': `book-${i}` },
      });
      expect(booked.status).toBe(200);
    }
    await t.stack.emulator.advanceTo(new Date(start.getTime() + 30 * 60_000));
    for (const i of [0, 1]) {
      const held = await t.call('POST', `/contacts/${contactIds[i]}/meeting/held`, {
        headers: { 'idempotency-key': `held-${i}` },
      });
      expect(held.status).toBe(200);
    }
    await t.stack.emulator.advanceTo(new Date(start.getTime() + 3 * DAY));
  }, 120_000);
  afterAll(() => t.stack.stop());

  it('equals the counts computed by reading every contact', async () => {
    const report = await t.call('GET', `/campaigns/${campaignId}/report`);
    expect(report.status).toBe(200);
    const byReading = await countedByReading(t, contactIds);
    expect(report.body.counts).toEqual(byReading);
    // The story above, in figures: 10 contacted; 7 replied (the out-of-office is not a reply, the
    // unsubscribe request is); 4 accepted; 3 met and thanked (two marked held, the third's
    // thank-you went out all the same).
    expect(byReading).toEqual({ contacted: 10, replied: 7, accepted: 4, met: 3, thanked: 3 });
    expect(report.body).toMatchObject({
      campaignId,
      replyRate: 0.7,
      acceptanceRate: 0.5714,
      // Outreach on day 0 (from 11:00 UTC), replies on day 2 (08:00): 1 whole day; meetings on day 5.
      medianDaysToReply: { from: 1, to: 1 },
      medianDaysToMeeting: { from: 5, to: 5 },
    });
    expect(report.body.countedSince).toMatch(/^2027-03-0/);
    expect(report.body.note).toMatch(/^counted since 2027-03-0.*buckets/);
    // The histograms hold one entry per reply and per meeting held.
    const total = (rows: { contacts: number }[]) => rows.reduce((n, r) => n + r.contacts, 0);
    expect(total(report.body.histograms.replyDays)).toBe(7);
    expect(total(report.body.histograms.meetingDays)).toBe(3);
    // Duplicates did arrive.
    expect(t.stack.emulator.invocations.length).toBeGreaterThan(2 * contactIds.length);
  });

  it('a duplicated reply or send delivered again counts nothing', async () => {
    const before = await t.stack.store.getFunnelCounters([campaignId]);
    const contactId = contactIds[5] as string;
    const again = { intent: 'other' as const, replyKey: 'reply-5@mail.example' };
    await Promise.allSettled([
      t.stack.workflow.recordReply(contactId, again),
      t.stack.workflow.recordReply(contactId, again),
    ]);
    // The thank-you's and an outreach's deliveries, once more each, concurrently.
    const inputs = t.stack.emulator.invocations
      .filter((r) => ['thank-you', 'outreach'].includes(JSON.parse(r.input).step))
      .map((r) => r.input);
    expect(inputs.length).toBeGreaterThan(2);
    await Promise.all(inputs.slice(0, 6).map((input) => t.stack.invokeDispatch(input)));
    expect(await t.stack.store.getFunnelCounters([campaignId])).toEqual(before);
  });

  it('CSV with ?format=csv or Accept: text/csv; another format is a 422 naming it', async () => {
    const csv = await t.call('GET', `/campaigns/${campaignId}/report?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'scope,id,name,contacted,replied,accepted,met,thanked,reply_rate,acceptance_rate,median_days_to_reply,median_days_to_meeting,counted_since',
    );
    expect(lines[1]).toMatch(new RegExp(`^campaign,${campaignId},[^,]+,10,7,4,3,3,0.7,0.5714,1,5,2027-03-0`));
    const accepted = await t.call('GET', `/campaigns/${campaignId}/report`, {
      headers: { accept: 'text/csv' },
    });
    expect(accepted.body).toBe(csv.body);
    const bad = await t.call('GET', `/campaigns/${campaignId}/report?format=xlsx`);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ field: 'format' });
  });

  it("the client's report adds up its campaigns (one row each in the CSV)", async () => {
    const other = await t.call('POST', `/clients/${clientId}/campaigns`, {
      body: { name: 'Autumn' },
      headers: { 'idempotency-key': 'autumn' },
    });
    expect(other.status).toBe(201);
    const report = await t.call('GET', `/clients/${clientId}/report`);
    expect(report.status).toBe(200);
    expect(report.body.counts).toEqual({ contacted: 10, replied: 7, accepted: 4, met: 3, thanked: 3 });
    expect(report.body.campaigns.map((c: { campaignId: string }) => c.campaignId)).toEqual([
      campaignId,
      other.body.id,
    ]);
    // The new campaign: nothing counted yet, and it says so.
    expect(report.body.campaigns[1]).toMatchObject({ countedSince: null, replyRate: null });
    const csv = await t.call('GET', `/clients/${clientId}/report?format=csv`);
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['scope', 'client', 'campaign', 'campaign']);
    expect((await t.call('GET', '/clients/no-such-client/report')).status).toBe(404);
  });
});
