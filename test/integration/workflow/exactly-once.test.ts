import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { RetryableError } from '#domain/errors.ts';
import type { Mailer } from '#domain/ports/mailer.ts';
import { parseScheduleName } from '#domain/schedule-name.ts';
import { sendKey } from '#domain/send-key.ts';
import { isInWindow } from '#domain/timing.ts';
import type { CampaignPolicy } from '#domain/types.ts';
import { aProspect, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const DAY = 86_400_000;

/** Busy policy: every day, a wide window, one follow-up, 1-minute stagger, the highest cap a policy may have. */
const BUSY: Partial<CampaignPolicy> = {
  sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], start: '06:00', end: '22:00' },
  followUpBusinessDays: [2],
  noResponseAfterBusinessDays: 2,
  staggerMinutes: 1,
  dailyCapPerSender: 500,
};

/** A deterministic pseudo-random source (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function launchProspects(stack: WorkflowStack, count: number, policy: Partial<CampaignPolicy>) {
  const { campaign, client } = await stack.seed({ policy });
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Adelaide', 'Asia/Kathmandu'];
  const rows = Array.from({ length: count }, (_, i) => aProspect({ timeZone: zones[i % zones.length] }));
  const report = await stack.workflow.importContacts(campaign.id, rows);
  expect(report.created).toHaveLength(count);
  await stack.workflow.launchCampaign(campaign.id);
  return { campaign, client, rows, contacts: report.created };
}

/** Emails per (recipient, subject-thread position) — each contact must get each step exactly once. */
async function sentCountsByRecipient(stack: WorkflowStack, recipients: string[]) {
  const wanted = new Set(recipients);
  const counts = new Map<string, number>();
  for (const m of await stack.sent()) if (wanted.has(m.to)) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  return counts;
}

describe('exactly-once sending', () => {
  let stack: WorkflowStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('200 contacts with every delivery duplicated, concurrently: each step reaches each contact once', async () => {
    stack = await startWorkflowStack({ start: START });
    stack.emulator.faults = { duplicateDeliveries: true };
    const { rows, contacts } = await launchProspects(stack, 200, BUSY);
    await stack.emulator.advanceTo(new Date(Date.parse(START) + 10 * DAY));

    const counts = await sentCountsByRecipient(
      stack,
      rows.map((r) => r.email),
    );
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 2)).toBe(true); // outreach + one follow-up
    for (const c of contacts) {
      const contact = await stack.store.getContact(c.id);
      expect(contact?.stage).toBe('no_response');
      expect(contact?.sent.map((s) => s.step)).toEqual(['outreach', 'follow-up-1']);
    }
    const stats = await stack.store.getCampaignStats(contacts[0]?.campaignId as string);
    expect(stats?.byStage.no_response).toBe(200);
    // Duplicates did arrive: the emulator delivered more than it had schedules.
    expect(stack.emulator.invocations.length).toBeGreaterThan(600);
  }, 180_000);

  it('20 % of SES calls throttled: every email still goes out exactly once', async () => {
    const random = seeded(20);
    let throttled = 0;
    const throttling = (real: Mailer): Mailer => ({
      async sendRaw(input) {
        if (random() < 0.2) {
          throttled++;
          throw new RetryableError('Throttling: Maximum sending rate exceeded');
        }
        return real.sendRaw(input);
      },
    });
    stack = await startWorkflowStack({ start: START, mailer: throttling });
    const { rows, contacts } = await launchProspects(stack, 60, BUSY);
    await stack.emulator.advanceTo(new Date(Date.parse(START) + 10 * DAY));

    expect(throttled).toBeGreaterThan(10);
    const counts = await sentCountsByRecipient(
      stack,
      rows.map((r) => r.email),
    );
    expect(counts.size).toBe(60);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    for (const c of contacts) {
      expect((await stack.store.getContact(c.id))?.sent.map((s) => s.step)).toEqual([
        'outreach',
        'follow-up-1',
      ]);
    }
  }, 180_000);

  it('a crash between SES accepting and the commit: the retry commits, it does not resend', async () => {
    let crashes = 0;
    stack = await startWorkflowStack({
      start: START,
      dispatch: { leaseMs: 5 * 60_000 },
      afterSend: async (sent) => {
        if (sent.step === 'outreach' && crashes === 0) {
          crashes++;
          throw new Error('injected crash: the function died after SES accepted the message');
        }
      },
    });
    const { rows, contacts } = await launchProspects(stack, 1, BUSY);
    const contactId = contacts[0]?.id as string;
    await stack.emulator.advanceTo(new Date(Date.parse(START) + DAY));

    expect(crashes).toBe(1);
    const counts = await sentCountsByRecipient(stack, [rows[0]?.email as string]);
    expect(counts.get(rows[0]?.email as string)).toBe(1); // the outreach only: follow-up is days away
    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('contacted');
    expect(contact?.sent.map((s) => s.step)).toEqual(['outreach']);
    const record = await stack.store.getSendRecord(
      sendKey(contact as NonNullable<typeof contact>, 'outreach'),
    );
    expect(record?.state).toBe('sent');
    // The retry found the expired claim, read SES's Send event and committed that message.
    expect(record?.sesMessageId).toBeDefined();
    expect(contact?.sent[0]?.messageId).toBe(record?.sesMessageId);
    const timeline = await stack.store.listTimeline(contactId);
    expect(timeline.filter((t) => t.event === 'email_sent')).toHaveLength(1);
  });

  it('the plan changes while an email is on its way: it is recorded outside the plan, not resent', async () => {
    let paused = 0;
    stack = await startWorkflowStack({
      start: START,
      afterSend: async (sent) => {
        // The coach pauses the contact between SES accepting the outreach and its commit.
        if (sent.step === 'outreach' && paused++ === 0)
          await stack?.workflow.apply(sent.contactId, { type: 'pause' });
      },
    });
    const { rows, contacts } = await launchProspects(stack, 1, BUSY);
    const contactId = contacts[0]?.id as string;
    await stack.emulator.advanceTo(new Date(Date.parse(START) + 3 * DAY));

    expect(paused).toBe(1);
    const counts = await sentCountsByRecipient(stack, [rows[0]?.email as string]);
    expect(counts.get(rows[0]?.email as string)).toBe(1);
    const contact = await stack.store.getContact(contactId);
    expect(contact).toMatchObject({ stage: 'paused', pausedFrom: 'queued', schedules: [] });
    expect(contact?.sent.map((s) => s.step)).toEqual(['outreach']);
    const record = await stack.store.getSendRecord(
      sendKey(contact as NonNullable<typeof contact>, 'outreach'),
    );
    expect(record?.state).toBe('sent');
    expect(contact?.sent[0]?.messageId).toBe(record?.sesMessageId);
    const timeline = await stack.store.listTimeline(contactId);
    expect(timeline.at(-1)).toMatchObject({
      event: 'sent_outside_plan',
      from: 'paused',
      to: 'paused',
      detail: 'outreach went out while the plan changed',
    });
  });

  it('launching 1,000 contacts with a daily cap of 50: no local day over 50, every outreach in its window', async () => {
    stack = await startWorkflowStack({ start: START });
    const policy: Partial<CampaignPolicy> = { dailyCapPerSender: 50, staggerMinutes: 5 };
    const { campaign, client, contacts } = await launchProspects(stack, 1000, policy);
    const perDay = new Map<string, number>();
    for (const c of contacts) {
      const contact = await stack.store.getContact(c.id);
      expect(contact?.stage).toBe('queued');
      const at = contact?.schedules.find((s) => s.step === 'outreach')?.at as string;
      expect(isInWindow(at, contact?.timeZone as string, campaign.policy.sendWindow)).toBe(true);
      expect(Date.parse(at)).toBeGreaterThanOrEqual(Date.parse(START));
      const day = DateTime.fromISO(at, { zone: client.timeZone }).toISODate() as string;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(50);
    expect([...perDay.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    // One schedule per contact in the emulator.
    const outreachSchedules = stack.emulator.schedules().filter((s) => {
      const parts = parseScheduleName(s.name);
      return parts?.kind === 'step' && parts.step === 'outreach' && parts.planVersion === 1 && !parts.retry;
    });
    expect(outreachSchedules.length).toBe(1000);
  }, 180_000);
});
