/**
 * Out-of-office done right (issue 13 item 4), through inbound on the emulators: an auto-reply with no
 * return date moves the next follow-up by a week; the same follow-up is moved at most twice, and the
 * third auto-reply holds it for the coach (the contact paused, the reason on it and its timeline,
 * its schedule gone from the scheduler).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextInWindow } from '#domain/timing.ts';
import { type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

// Monday 2026-11-30 08:00 UTC.
const START = '2026-11-30T08:00:00.000Z';
const WEEK = 7 * 86_400_000;

/** An auto-reply that names no return date. */
function undatedAutoReply(from: string, to: string): Buffer {
  return Buffer.from(
    [
      `From: Priya Raman <${from}>`,
      `To: ${to}`,
      'Subject: Automatic reply: Informational interview request',
      'Date: Tue, 01 Dec 2026 10:15:00 -0500',
      `Message-ID: <${randomUUID()}@mail.example.net>`,
      'Auto-Submitted: auto-replied',
      'X-Autoreply: yes',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Thank you for your email. I am out of the office with limited access to email.',
      '',
    ].join('\r\n'),
  );
}

describe('out-of-office without a return date, three times', () => {
  let world: InboundStack;
  beforeAll(async () => {
    world = await startInboundStack({ start: START });
  });
  afterAll(() => world.stop());

  it('moves the follow-up by a week, twice, then holds it for the coach', async () => {
    const { stack, contacted, deliver } = world;
    const { contact } = await contacted();
    const followUpAt = async () =>
      (await stack.store.getContact(contact.id))?.schedules.find((s) => s.step === 'follow-up-1')?.at;
    const planned = (await followUpAt()) as string;
    const policy = (await stack.store.getCampaign(contact.campaignId))?.policy;
    const weekAfter = (at: string) =>
      nextInWindow(
        new Date(Date.parse(at) + WEEK).toISOString(),
        contact.timeZone,
        policy?.sendWindow as never,
      );

    const reply = () =>
      deliver(
        undatedAutoReply(contact.email, replyAddress(contact.replyToken)),
        replyAddress(contact.replyToken),
      );
    expect(await reply()).toMatchObject({ outcome: 'recorded', reading: { intent: 'out_of_office' } });
    const once = (await followUpAt()) as string;
    expect(once).toBe(weekAfter(planned));
    await reply();
    const twice = (await followUpAt()) as string;
    expect(twice).toBe(weekAfter(once));

    await reply();
    const held = await stack.store.getContact(contact.id);
    expect(held?.stage).toBe('paused');
    expect(held?.schedules).toEqual([]);
    expect(held?.heldForCoach).toBe('follow-up-1 moved 2 times; held for the coach');
    const live = stack.emulator
      .schedules()
      .filter((s) => s.name.startsWith(contact.id) && s.status === 'scheduled');
    expect(live).toEqual([]);
    const timeline = await stack.store.listTimeline(contact.id);
    expect(timeline.at(-1)?.detail).toContain('held for the coach');

    // Nothing goes out however long it waits; the coach resumes it and the follow-up is planned again.
    const sentBefore = (await stack.sent()).filter((m) => m.to === contact.email).length;
    await stack.emulator.advanceTo(new Date(Date.parse(twice) + 2 * WEEK));
    expect((await stack.sent()).filter((m) => m.to === contact.email)).toHaveLength(sentBefore);
    await stack.workflow.resumeContact(contact.id);
    const resumed = await stack.store.getContact(contact.id);
    expect(resumed?.stage).toBe('contacted');
    expect(resumed?.heldForCoach).toBeUndefined();
    expect(resumed?.schedules.map((s) => s.step)).toEqual(['follow-up-1']);
  });
});
