/**
 * Issue 8, item 11: a schedule that fires after its email stopped being wanted sends nothing.
 *
 * Every change of plan deletes the schedules it replaced, but a deletion can fail (the Scheduler
 * throttles DeleteSchedule, the function dies between commit and delete): the orphan then really
 * fires, and only dispatch's stale-work check (the step at that plan version is no longer planned)
 * stands between it and the contact. Each test makes DeleteSchedule fail for the workflow that
 * changes the plan, checks the orphan is still live in the Scheduler emulator, lets it fire, and
 * checks the emulator delivered it to dispatch and nothing went to the contact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryableError } from '#domain/errors.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import { makeWorkflow, type Workflow } from '#usecases/workflow.ts';
import { remoteMeeting, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const DELETE_FAILURE = 'ThrottlingException: DeleteSchedule rate exceeded (injected)';

describe('late schedules send nothing (issue 8, item 11)', () => {
  let stack: WorkflowStack;
  /** The workflow whose every DeleteSchedule fails: the schedules it replaces stay live and fire. */
  let deletesFail: Workflow;
  const deletesAttempted: string[] = [];

  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
    const scheduler: Scheduler = {
      ...stack.scheduler,
      delete: async (name) => {
        deletesAttempted.push(name);
        throw new RetryableError(DELETE_FAILURE);
      },
    };
    deletesFail = makeWorkflow({ ...stack.deps, scheduler });
  });
  afterAll(() => stack.stop());

  /** Runs a plan change whose deletions fail; the change itself is committed before the deletes. */
  async function withFailedDeletes<T>(change: Promise<T>): Promise<void> {
    await change.then(
      () => undefined,
      (error: unknown) => {
        if (!(error instanceof RetryableError && error.message === DELETE_FAILURE)) throw error;
      },
    );
  }

  function liveSchedulesOf(contactId: string) {
    return stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled');
  }

  async function emailsTo(address: string) {
    return (await stack.sent()).filter((m) => m.to === address);
  }

  /** A contact whose outreach went out; its follow-up is scheduled. */
  async function contacted() {
    const { contactId, email } = await stack.contacted();
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe('contacted');
    return { contactId, email };
  }

  /** A contact who accepted, with a meeting booked four days ahead: confirmation and thank-you scheduled. */
  async function meetingBooked() {
    const { contactId, email } = await contacted();
    await stack.workflow.recordReply(contactId, { intent: 'accepted' });
    const start = new Date(stack.clock.now().getTime() + 4 * DAY);
    start.setUTCHours(19, 0, 0, 0);
    await stack.workflow.bookMeeting(contactId, remoteMeeting(start));
    const booked = await stack.store.getContact(contactId);
    expect(booked?.stage).toBe('meeting_booked');
    const confirmationAt = booked?.schedules.find((s) => s.step === 'confirmation')?.at as string;
    expect(confirmationAt).toBeDefined();
    return { contactId, email, start, confirmationAt };
  }

  /**
   * The contact's live schedules, before `change` runs with failing deletes; afterwards they are still
   * live (the orphans), and the contact's plan no longer holds them.
   */
  async function orphansOf(contactId: string, change: () => Promise<unknown>) {
    const before = liveSchedulesOf(contactId);
    expect(before.length).toBeGreaterThan(0);
    await withFailedDeletes(change());
    const names = before.map((s) => s.name);
    expect(deletesAttempted).toEqual(expect.arrayContaining(names));
    const stillLive = liveSchedulesOf(contactId).map((s) => s.name);
    expect(stillLive).toEqual(expect.arrayContaining(names));
    const planned = ((await stack.store.getContact(contactId))?.schedules ?? []).map(
      (s) => `${contactId}.${s.step}.v${s.planVersion}`,
    );
    for (const name of names) expect(planned).not.toContain(name);
    return before;
  }

  /** Every orphan was delivered to dispatch (the emulator's record) and handled without error. */
  function expectFired(orphans: { name: string }[]) {
    for (const { name } of orphans) {
      const attempts = stack.emulator.invocations.filter((i) => i.scheduleName === name);
      expect(attempts.length, `${name} fired`).toBeGreaterThan(0);
      expect(attempts.every((a) => a.outcome === 'succeeded')).toBe(true);
    }
  }

  it('a follow-up whose schedule fires after the contact replied sends nothing', async () => {
    const { contactId, email } = await contacted();
    const orphans = await orphansOf(contactId, () => deletesFail.recordReply(contactId, { intent: 'other' }));
    expect((await stack.store.getContact(contactId))?.stage).toBe('replied');

    await stack.emulator.advanceBy(30 * DAY);
    expectFired(orphans);
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe('replied');
  });

  it('a follow-up whose schedule fires after the contact declined sends nothing', async () => {
    const { contactId, email } = await contacted();
    const orphans = await orphansOf(contactId, () =>
      deletesFail.recordReply(contactId, { intent: 'declined' }),
    );
    const declined = await stack.store.getContact(contactId);

    await stack.emulator.advanceBy(30 * DAY);
    expectFired(orphans);
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe(declined?.stage);
  });

  it('a follow-up whose schedule fires after the contact unsubscribed sends nothing', async () => {
    const { contactId, email } = await contacted();
    const orphans = await orphansOf(contactId, () =>
      deletesFail.recordReply(contactId, { intent: 'unsubscribe' }),
    );
    expect((await stack.store.getContact(contactId))?.stage).toBe('unsubscribed');

    await stack.emulator.advanceBy(30 * DAY);
    expectFired(orphans);
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe('unsubscribed');
  });

  it('a follow-up whose schedule fires after the contact was paused sends nothing', async () => {
    const { contactId, email } = await contacted();
    const orphans = await orphansOf(contactId, () => deletesFail.pauseContact(contactId));
    expect((await stack.store.getContact(contactId))?.stage).toBe('paused');

    await stack.emulator.advanceBy(30 * DAY);
    expectFired(orphans);
    expect(await emailsTo(email)).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe('paused');
  });

  it('a confirmation whose schedule fires after the meeting was moved sends nothing; the new one goes at the new time', async () => {
    const { contactId, email, start, confirmationAt } = await meetingBooked();
    const moved = new Date(start.getTime() + 3 * DAY);
    const orphans = await orphansOf(contactId, () =>
      deletesFail.rescheduleMeeting(contactId, { start: moved.toISOString() }),
    );
    const rescheduled = await stack.store.getContact(contactId);
    const newConfirmationAt = rescheduled?.schedules.find((s) => s.step === 'confirmation')?.at as string;
    expect(Date.parse(newConfirmationAt)).toBeGreaterThan(Date.parse(confirmationAt) + DAY);
    const emailsBefore = (await emailsTo(email)).length;

    // The old confirmation and thank-you fire; nothing goes out.
    await stack.emulator.advanceTo(new Date(start.getTime() + 4 * HOUR));
    expect(orphans.some((o) => o.name.includes('.confirmation.'))).toBe(true);
    expectFired(orphans.filter((o) => o.name.includes('.confirmation.')));
    expect(await emailsTo(email)).toHaveLength(emailsBefore);
    expect((await stack.store.getContact(contactId))?.stage).toBe('meeting_booked');

    // The planned confirmation goes at its own time, once.
    await stack.emulator.advanceTo(new Date(Date.parse(newConfirmationAt) + 60_000));
    const confirmations = (await emailsTo(email)).filter((m) => /confirm/i.test(m.subject));
    expect(confirmations).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe('confirmed');
  });

  it('a confirmation or thank-you whose schedule fires after the meeting was cancelled sends nothing', async () => {
    const { contactId, email, start } = await meetingBooked();
    const orphans = await orphansOf(contactId, () => deletesFail.cancelMeeting(contactId, 'changed roles'));
    expect((await stack.store.getContact(contactId))?.stage).toBe('replied');
    const emailsAfterCancel = (await emailsTo(email)).length;

    await stack.emulator.advanceTo(new Date(start.getTime() + 7 * DAY));
    expectFired(orphans);
    expect(await emailsTo(email)).toHaveLength(emailsAfterCancel);
    expect((await emailsTo(email)).filter((m) => /confirm/i.test(m.subject))).toEqual([]);
    expect((await stack.store.getContact(contactId))?.stage).toBe('replied');
  });
});
