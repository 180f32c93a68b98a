/**
 * Auto-pause on reputation through the SES feedback path (issue 13 item 5), on the emulators:
 * DynamoDB Local holds the counters, the SES emulator receives the operations notice, the scheduler
 * emulator fires (or not) the follow-ups. Every feedback event is delivered twice, as EventBridge may.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapPool } from '#shared/map-pool.ts';
import { aProspect, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const OPS = 'ops@consultancy.example';

/** An SES Send event record, as the configuration set publishes it. */
function sendEvent(messageId: string, tags: Record<string, string>) {
  return {
    eventType: 'Send',
    mail: {
      messageId,
      timestamp: '2027-03-01T09:00:00.000Z',
      destination: [`someone.${messageId.slice(0, 8)}@list.example`],
      tags: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
    },
  };
}

/** A permanent (hard) bounce of the message `messageId`. */
function bounceEvent(messageId: string, tags: Record<string, string>) {
  const recipient = `gone.${messageId.slice(0, 8)}@list.example`;
  return {
    eventType: 'Bounce',
    mail: { ...sendEvent(messageId, tags).mail, destination: [recipient] },
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: [{ emailAddress: recipient }],
      timestamp: '2027-03-01T09:05:00.000Z',
    },
  };
}

describe('auto-pause on reputation', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START, reputation: { operationsEmail: OPS } });
  });
  afterAll(() => stack.stop());

  /** Delivers each event twice (at-least-once delivery), a few at a time. */
  async function deliverTwice(events: unknown[], concurrency = 4) {
    await mapPool(events, concurrency, async (event) => {
      await stack.sesFeedback.handle(event);
      await stack.sesFeedback.handle(event);
    });
  }

  it('25 hard bounces out of 1,000 sends: the campaign pauses at the 20th with its reason, the operations address is told, nothing is sent after', async () => {
    const { campaign } = await stack.seed();
    const prospects = [aProspect(), aProspect(), aProspect()];
    const { created } = await stack.workflow.importContacts(campaign.id, prospects);
    await stack.workflow.launchCampaign(campaign.id);
    const outreachAt = (await stack.store.getContact(created[0]?.id as string))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(outreachAt) + 3_600_000));
    const toContacts = async () =>
      (await stack.sent()).filter((m) => prospects.some((p) => p.email === m.to));
    // The three outreaches went out through dispatch; their Send events were counted.
    expect((await toContacts()).length).toBe(3);
    for (const c of created) expect((await stack.store.getContact(c.id))?.stage).toBe('contacted');

    // 997 more sends of the campaign (1,000 in all), then 25 hard bounces: each delivered twice.
    const tags = { campaign: campaign.id };
    await deliverTwice(
      Array.from({ length: 997 }, () => sendEvent(randomUUID(), tags)),
      8,
    );
    expect((await stack.reputation?.counts(campaign.id))?.campaign).toEqual({
      sends: 1000,
      hardBounces: 0,
      complaints: 0,
    });
    // One at a time, so the bounce that reaches the limit is the 20th.
    for (let i = 0; i < 25; i++) {
      const event = bounceEvent(randomUUID(), tags);
      await stack.sesFeedback.handle(event);
      await stack.sesFeedback.handle(event);
    }

    expect((await stack.reputation?.counts(campaign.id))?.campaign).toEqual({
      sends: 1000,
      hardBounces: 25,
      complaints: 0,
    });
    const paused = await stack.store.getCampaign(campaign.id);
    expect(paused?.status).toBe('paused');
    expect(paused?.pausedReason).toBe('hard bounces 20 of 1000 sends (2.00 %) reached the 2 % limit');
    for (const c of created) {
      const contact = await stack.store.getContact(c.id);
      expect(contact?.stage).toBe('paused');
      expect(contact?.schedules).toEqual([]);
    }
    // The operations address was told once, with the reason.
    const notices = (await stack.sent()).filter((m) => m.to === OPS);
    expect(notices.map((m) => m.subject)).toEqual([`rapport: campaign "${campaign.name}" paused itself`]);
    expect(notices[0]?.mail.text).toContain('hard bounces 20 of 1000 sends (2.00 %) reached the 2 % limit');

    // A month on: no follow-up went out.
    await stack.emulator.advanceTo(new Date(Date.parse(outreachAt) + 30 * 86_400_000));
    expect((await toContacts()).length).toBe(3);

    // A person resumes it: the reason is cleared, the follow-ups are planned again.
    await stack.workflow.resumeCampaign(campaign.id);
    const resumed = await stack.store.getCampaign(campaign.id);
    expect(resumed?.status).toBe('active');
    expect(resumed?.pausedReason).toBeUndefined();
    const contact = await stack.store.getContact(created[0]?.id as string);
    expect(contact?.stage).toBe('contacted');
    expect(contact?.schedules.map((s) => s.step)).toEqual(['follow-up-1']);
  }, 240_000);

  it('the consultancy stops sending before SES reviews the account: every send claim is refused until a person clears it', async () => {
    const { campaign } = await stack.seed();
    const prospect = aProspect();
    const { created } = await stack.workflow.importContacts(campaign.id, [prospect]);
    const contactId = created[0]?.id as string;
    await stack.workflow.launchCampaign(campaign.id);
    const before = await stack.reputation?.sendingStop();
    expect(before).toBeUndefined();

    // Sends and hard bounces of other senders' campaigns (untagged: counted for the consultancy only),
    // until the consultancy reaches 4 % hard bounces over its sends.
    const { consultancy } = (await stack.reputation?.counts()) ?? {
      consultancy: { sends: 0, hardBounces: 0 },
    };
    const more = Math.max(0, 500 - consultancy.sends);
    await deliverTwice(Array.from({ length: more }, () => sendEvent(randomUUID(), {})));
    const sends = consultancy.sends + more;
    const bouncesNeeded = Math.ceil((sends * 4) / 100) - consultancy.hardBounces;
    await deliverTwice(Array.from({ length: bouncesNeeded }, () => bounceEvent(randomUUID(), {})));
    const stop = await stack.reputation?.sendingStop();
    expect(stop?.reason).toMatch(/^hard bounces \d+ of \d+ sends \(4\.\d\d %\) reached the 4 % limit$/);
    expect(
      (await stack.sent()).filter((m) => m.to === OPS && m.subject === 'rapport: all sending stopped'),
    ).toHaveLength(1);

    // The outreach comes due: its claim is refused (same request as the claim), nothing goes out.
    const outreachAt = (await stack.store.getContact(contactId))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(outreachAt) + 60_000));
    expect((await stack.sent()).filter((m) => m.to === prospect.email)).toEqual([]);
    expect((await stack.store.getContact(contactId))?.stage).toBe('paused');

    // A person clears the stop and resumes the contact: the outreach goes out.
    await stack.reputation?.resumeSending();
    await stack.workflow.resumeContact(contactId);
    const replanned = (await stack.store.getContact(contactId))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(replanned) + 60_000));
    expect((await stack.sent()).filter((m) => m.to === prospect.email)).toHaveLength(1);
  }, 120_000);
});
