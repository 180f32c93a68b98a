/**
 * Issue 17 on the emulators: a referred contact in Britain launched over Christmas (its public
 * holidays on the campaign, the outreach not on one); its meeting held → the client's reminder to
 * thank the referrer, with the draft, arrives once — every schedule delivered twice.
 */

import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteMeeting, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Wednesday 23 December 2026, 10:00 UTC: Christmas Day (Fri), and the Boxing Day bank holiday
// (Mon 28th, for Saturday 26th) ahead.
const START = '2026-12-23T10:00:00.000Z';
const HOUR = 3_600_000;

describe('thanking the referrer, and holidays, on the emulators', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START, holidays: true });
  });
  afterAll(() => stack.stop());

  it('a referred contact’s meeting held → the client gets "thank Raj" with the draft, once', async () => {
    stack.emulator.faults = { duplicateDeliveries: true };
    const zone = 'Europe/London';
    const { contactId, campaign, client } = await stack.launched({
      timeZone: zone,
      country: 'GB',
      foundVia: { kind: 'referral', name: 'Raj Patel' },
    });
    const launchedCampaign = await stack.store.getCampaign(campaign.id);
    expect(launchedCampaign?.holidays?.GB).toEqual(expect.arrayContaining(['2026-12-25', '2026-12-28']));
    const outreach = (await stack.store.getContact(contactId))?.schedules.find((s) => s.step === 'outreach');
    const outreachDay = DateTime.fromISO(outreach?.at as string, { zone }).toISODate();
    expect(['2026-12-25', '2026-12-28']).not.toContain(outreachDay);

    await stack.emulator.advanceTo(new Date(Date.parse(outreach?.at as string) + 60_000));
    await stack.workflow.recordReply(contactId, { intent: 'accepted' });
    const start = new Date(Date.parse('2027-01-06T14:00:00Z'));
    await stack.workflow.bookMeeting(contactId, remoteMeeting(start, { timeZone: zone }));
    await stack.emulator.advanceTo(new Date(start.getTime() + HOUR));
    await stack.workflow.markMeetingHeld(contactId);

    const held = await stack.store.getContact(contactId);
    const note = held?.schedules.find((s) => s.step === 'client-thank-referrer');
    expect(note).toBeDefined();
    // The thank-you goes too (3 h after the end); a day later everything due went out.
    await stack.emulator.advanceTo(new Date(start.getTime() + 24 * HOUR));

    const toClient = (await stack.sent()).filter(
      (m) => m.to === client.email && /^Thank Raj Patel/.test(m.subject),
    );
    expect(toClient).toHaveLength(1);
    const text = toClient[0]?.mail.text ?? '';
    expect(toClient[0]?.subject).toBe('Thank Raj Patel for the introduction to Priya');
    expect(text).toContain('Hi Raj,');
    expect(text).toContain('I met Priya Raman on');
    expect(text).toContain('Thank you for introducing us');
    const after = await stack.store.getContact(contactId);
    expect(after?.sent.filter((s) => s.step === 'client-thank-referrer')).toHaveLength(1);
    expect(after?.sent.filter((s) => s.step === 'thank-you')).toHaveLength(1);
    expect(after?.schedules.some((s) => s.step === 'client-thank-referrer')).toBe(false);
  });
});
