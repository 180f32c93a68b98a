import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '#domain/errors.ts';
import type { Mailer } from '#domain/ports/mailer.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet } from '#domain/questions.ts';
import { parseScheduleName } from '#domain/schedule-name.ts';
import { makeWorkflow } from '#usecases/workflow.ts';
import { aProspect, remoteMeeting, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Addresses a failing test can aim at: every email to them is rejected for good, or throttled. */
const REJECTED = '@rejected.example';
const THROTTLED = '@throttled.example';

/** The parts of a step's schedule name (a retry too); undefined for other names. */
function stepSchedule(name: string) {
  const parts = parseScheduleName(name);
  return parts?.kind === 'step' ? parts : undefined;
}
/** The contact's outreach schedule or one of its retries. */
function isOutreachOf(contactId: string, name: string): boolean {
  const parts = stepSchedule(name);
  return parts?.contact === contactId && parts.step === 'outreach';
}

describe('workflow paths', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    const rejecting = (real: Mailer): Mailer => ({
      async sendRaw(input) {
        if (input.destinations.some((d) => d.endsWith(REJECTED))) {
          throw new PermanentError('MessageRejected: Email address is not verified.', 'MessageRejected');
        }
        if (input.destinations.some((d) => d.endsWith(THROTTLED))) {
          throw new RetryableError('Throttling: Maximum sending rate exceeded');
        }
        return real.sendRaw(input);
      },
    });
    stack = await startWorkflowStack({ start: START, mailer: rejecting });
  });
  afterAll(() => stack.stop());

  const launched = (row: Record<string, unknown> = {}) => stack.launched(row);
  const contacted = () => stack.contacted();

  function liveSchedulesOf(contactId: string) {
    return stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled');
  }

  it('a dispatched email costs at most 3 DynamoDB round trips', async () => {
    const { contactId } = await launched();
    const at = (await stack.store.getContact(contactId))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(at) - 60_000));
    stack.commands.length = 0;
    await stack.emulator.advanceTo(new Date(Date.parse(at) + 60_000));
    const dispatched = [...stack.commands];
    expect((await stack.store.getContact(contactId))?.stage).toBe('contacted');
    // Load (contact + client + campaign), claim (with the suppression check), commit.
    expect(dispatched).toEqual([
      'BatchGetItemCommand',
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
    ]);
  });

  it('an out-of-office reply postpones the next follow-up until after the return date', async () => {
    const { contactId, email } = await contacted();
    const returnDate = DateTime.fromMillis(stack.clock.now().getTime(), { zone: 'America/New_York' })
      .plus({ weeks: 3 })
      .toISODate() as string;
    await stack.workflow.recordReply(contactId, { intent: 'out_of_office', returnDate });
    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('contacted');
    const followUp = contact?.schedules.find((s) => s.step === 'follow-up-1');
    const returnStart = DateTime.fromISO(returnDate, { zone: 'America/New_York' }).toMillis();
    expect(Date.parse(followUp?.at as string)).toBeGreaterThan(returnStart);

    await stack.emulator.advanceTo(new Date(returnStart));
    expect((await stack.sent()).filter((m) => m.to === email)).toHaveLength(1);
    await stack.emulator.advanceTo(new Date(Date.parse(followUp?.at as string) + 60_000));
    expect((await stack.sent()).filter((m) => m.to === email)).toHaveLength(2);
  });

  it('pausing a campaign removes its schedules; resuming re-plans from now', async () => {
    const { campaign } = await stack.seed();
    const rows = [
      aProspect(),
      aProspect({ timeZone: 'Asia/Kolkata' }),
      aProspect({ timeZone: 'Europe/Paris' }),
    ];
    const { created } = await stack.workflow.importContacts(campaign.id, rows);
    await stack.workflow.launchCampaign(campaign.id);
    expect(created.flatMap((c) => liveSchedulesOf(c.id))).toHaveLength(3);

    const paused = await stack.workflow.pauseCampaign(campaign.id);
    expect(paused.changed).toBe(3);
    expect(created.flatMap((c) => liveSchedulesOf(c.id))).toHaveLength(0);
    for (const c of created) expect((await stack.store.getContact(c.id))?.stage).toBe('paused');
    expect((await stack.store.getCampaign(campaign.id))?.status).toBe('paused');

    await stack.emulator.advanceBy(3 * DAY);
    const emails = new Set(rows.map((r) => r.email));
    expect((await stack.sent()).filter((m) => emails.has(m.to))).toHaveLength(0);

    const resumedAt = stack.clock.now().getTime();
    await stack.workflow.resumeCampaign(campaign.id);
    for (const c of created) {
      const contact = await stack.store.getContact(c.id);
      expect(contact?.stage).toBe('queued');
      expect(Date.parse(contact?.schedules[0]?.at as string)).toBeGreaterThanOrEqual(resumedAt);
    }
    await stack.emulator.advanceBy(3 * DAY);
    expect((await stack.sent()).filter((m) => emails.has(m.to))).toHaveLength(3);
  });

  it('a permanent rejection is recorded on the timeline and never retried', async () => {
    const { contactId } = await launched({ email: `lee${Date.now()}${REJECTED}` });
    await stack.emulator.advanceBy(3 * DAY);
    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('queued');
    expect(contact?.schedules).toEqual([]);
    const rejected = (await stack.store.listTimeline(contactId)).filter((t) => t.event === 'send_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.detail).toContain('MessageRejected');
    expect(stack.emulator.deadLetters.filter((d) => d.scheduleName.startsWith(contactId))).toEqual([]);
  });

  it('a send throttled every time is retried with growing delays, then given up on the timeline', async () => {
    const { contactId } = await launched({ email: `kim${Date.now()}${THROTTLED}` });
    await stack.emulator.advanceBy(3 * DAY);
    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('queued');
    expect(contact?.schedules).toEqual([]);
    const retries = stack.emulator
      .schedules()
      .filter((s) => isOutreachOf(contactId, s.name) && stepSchedule(s.name)?.retry !== undefined);
    expect(retries.length).toBe(0); // each retry schedule deleted itself after firing
    const invocations = stack.emulator.invocations.filter((i) => isOutreachOf(contactId, i.scheduleName));
    expect(invocations.length).toBe(8); // the first delivery and 7 rescheduled retries
    const rejected = (await stack.store.listTimeline(contactId)).filter((t) => t.event === 'send_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.detail).toMatch(/gave up after 8 attempts/);
  });

  it('an address suppressed elsewhere gets nothing: the contact becomes suppressed at send time', async () => {
    const { contactId, email } = await launched();
    await stack.store.suppress(email, 'unsubscribed', stack.clock.now().toISOString());
    await stack.emulator.advanceBy(3 * DAY);
    expect((await stack.sent()).filter((m) => m.to === email)).toHaveLength(0);
    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('unsubscribed');
    expect(liveSchedulesOf(contactId)).toEqual([]);
  });

  it('a schedule-creation failure leaves the contact where it was', async () => {
    const { contactId } = await contacted();
    await stack.workflow.recordReply(contactId, { intent: 'accepted' });
    const before = await stack.store.getContact(contactId);
    const failing: Scheduler = {
      ...stack.scheduler,
      create: async (schedule) => {
        if (stepSchedule(schedule.name)?.step === 'thank-you')
          throw new RetryableError('Scheduler throttled');
        return stack.scheduler.create(schedule);
      },
    };
    const workflow = makeWorkflow({ ...stack.deps, scheduler: failing });
    const start = new Date(stack.clock.now().getTime() + 4 * DAY);
    start.setUTCHours(18, 0, 0, 0);
    const booking = {
      start: start.toISOString(),
      durationMinutes: 20,
      timeZone: 'America/New_York',
      mode: 'in_person',
      location: 'Lumen Health, 200 Park Ave, 4th floor',
      questions: pickDefaultSet(DEFAULT_QUESTION_BANK),
    };
    await expect(workflow.bookMeeting(contactId, booking)).rejects.toBeInstanceOf(RetryableError);
    expect(await stack.store.getContact(contactId)).toEqual(before);

    // Any schedule made before the failure is an orphan: when it fires, dispatch drops it.
    await stack.emulator.advanceTo(new Date(start.getTime() + DAY));
    expect(await stack.store.getContact(contactId)).toEqual(before);
    // And the same booking through a healthy scheduler then succeeds.
    await stack.workflow.bookMeeting(contactId, {
      ...booking,
      start: new Date(start.getTime() + 7 * DAY).toISOString(),
    });
    expect((await stack.store.getContact(contactId))?.stage).toBe('meeting_booked');
  });

  it('keep in touch: an update written goes out; none written reminds the client instead', async () => {
    const { contactId, email, client } = await contacted();
    await stack.workflow.recordReply(contactId, { intent: 'accepted' });
    const start = new Date(stack.clock.now().getTime() + 2 * DAY);
    start.setUTCHours(15, 0, 0, 0);
    await stack.workflow.bookMeeting(
      contactId,
      remoteMeeting(start, { durationMinutes: 30, videoLink: 'https://meet.example/xyz' }),
    );
    await stack.emulator.advanceTo(new Date(start.getTime() + HOUR));
    await stack.workflow.markMeetingHeld(contactId);
    await stack.emulator.advanceBy(5 * DAY);
    const thanked = await stack.store.getContact(contactId);
    expect(thanked?.stage).toBe('thanked');
    const first = thanked?.schedules.find((s) => s.step === 'keep-in-touch-1');
    expect(first).toBeDefined();

    // No update written: at keep-in-touch-1 time the contact gets nothing, the client a reminder.
    const clientMailsBefore = (await stack.sent()).filter((m) => m.to === client.email).length;
    const contactMailsBefore = (await stack.sent()).filter((m) => m.to === email).length;
    await stack.emulator.advanceTo(new Date(Date.parse(first?.at as string) + 60_000));
    expect((await stack.sent()).filter((m) => m.to === email)).toHaveLength(contactMailsBefore);
    expect((await stack.sent()).filter((m) => m.to === client.email).length).toBeGreaterThan(
      clientMailsBefore,
    );

    // The client writes the update: the retried keep-in-touch carries it.
    await stack.workflow.writeUpdate(contactId, 'I started a UX apprenticeship at Fernwood Labs last week.');
    const retry = (await stack.store.getContact(contactId))?.schedules.find(
      (s) => s.step === 'keep-in-touch-1',
    );
    await stack.emulator.advanceTo(new Date(Date.parse(retry?.at as string) + 60_000));
    const update = (await stack.sent()).find((m) => m.to === email && m.mail.text?.includes('Fernwood Labs'));
    expect(update).toBeDefined();
    const after = await stack.store.getContact(contactId);
    expect(after?.stage).toBe('keeping_in_touch');
    expect(after?.pendingUpdate).toBeUndefined();
    expect(after?.schedules.some((s) => s.step === 'keep-in-touch-2')).toBe(true);
  });
});
