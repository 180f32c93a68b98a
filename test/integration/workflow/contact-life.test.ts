import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleName } from '#domain/schedule-name.ts';
import { isInWindow } from '#domain/timing.ts';
import { aProspect, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC: before the New York window opens.
const START = '2027-03-01T08:00:00.000Z';

describe('a contact whose emails go unanswered', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
  });
  afterAll(() => stack.stop());

  it('gets the outreach inside its window, two threaded follow-ups, then becomes no_response', async () => {
    const { campaign } = await stack.seed();
    const row = aProspect();
    const report = await stack.workflow.importContacts(campaign.id, [row]);
    const contactId = report.created[0]?.id as string;
    const launch = await stack.workflow.launchCampaign(campaign.id);
    expect(launch.launched).toBe(1);

    let contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('queued');
    const outreachAt = contact?.schedules.find((s) => s.step === 'outreach')?.at as string;
    expect(isInWindow(outreachAt, 'America/New_York', campaign.policy.sendWindow)).toBe(true);

    // Run the next 30 days of the virtual clock.
    await stack.emulator.advanceTo(DateTime.fromISO(START).plus({ days: 30 }).toJSDate());

    const mine = (await stack.sent()).filter((m) => m.to === row.email);
    expect(mine.map((m) => m.subject)).toHaveLength(3);
    const [outreach, first, second] = mine.sort(
      (a, b) => (a.mail.date?.getTime() ?? 0) - (b.mail.date?.getTime() ?? 0),
    );
    if (!outreach || !first || !second) throw new Error('three emails expected');

    // Every email went out inside the window in the contact's zone.
    contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('no_response');
    expect(contact?.sent.map((s) => s.step)).toEqual(['outreach', 'follow-up-1', 'follow-up-2']);
    for (const s of contact?.sent ?? []) {
      expect(isInWindow(s.at, 'America/New_York', campaign.policy.sendWindow)).toBe(true);
    }
    // Follow-ups thread on the outreach: In-Reply-To is the outreach's SES Message-ID.
    const outreachMessageId = contact?.sent[0]?.messageId as string;
    expect(first.header('in-reply-to')).toContain(outreachMessageId);
    expect(second.header('references')).toContain(outreachMessageId);
    expect(first.subject).toBe(`Re: ${outreach.subject}`);
    // The outreach carries the resume and the etiquette.
    expect(outreach.mail.attachments.map((a) => a.contentType)).toContain('application/pdf');
    expect(outreach.mail.text).toMatch(/not asking for a job/i);

    // What landed in the SES emulator.
    const landed = await stack.inSesEmulator();
    for (const m of mine) expect(landed.has(m.messageId)).toBe(true);

    // Nothing left scheduled for this contact; the timeline tells the story.
    expect(contact?.schedules).toEqual([]);
    expect(
      stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled'),
    ).toEqual([]);
    const timeline = await stack.store.listTimeline(contactId);
    expect(timeline.map((t) => t.to)).toEqual([
      'prospect',
      'queued',
      'contacted',
      'contacted',
      'contacted',
      'no_response',
    ]);
    const stats = await stack.store.getCampaignStats(campaign.id);
    expect(stats?.byStage.no_response).toBe(1);
  });

  it('stops the follow-ups when a reply arrives: their schedules are gone', async () => {
    const { campaign } = await stack.seed();
    const row = aProspect({ timeZone: 'Europe/Berlin' });
    const report = await stack.workflow.importContacts(campaign.id, [row]);
    const contactId = report.created[0]?.id as string;
    await stack.workflow.launchCampaign(campaign.id);
    const outreachAt = (await stack.store.getContact(contactId))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(outreachAt) + 60_000));

    const contacted = await stack.store.getContact(contactId);
    expect(contacted?.stage).toBe('contacted');
    const followUp = contacted?.schedules.find((s) => s.step === 'follow-up-1');
    expect(followUp).toBeDefined();
    expect(
      stack.emulator
        .schedules()
        .some((s) => s.name === scheduleName(contactId, 'follow-up-1', followUp?.planVersion ?? -1)),
    ).toBe(true);

    await stack.workflow.recordReply(contactId, { intent: 'other' });
    const replied = await stack.store.getContact(contactId);
    expect(replied?.stage).toBe('replied');
    expect(replied?.schedules).toEqual([]);
    expect(
      stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled'),
    ).toEqual([]);

    await stack.emulator.advanceTo(new Date(Date.parse(outreachAt) + 40 * 86_400_000));
    const mine = (await stack.sent()).filter((m) => m.to === row.email);
    expect(mine).toHaveLength(1);
  });
});
