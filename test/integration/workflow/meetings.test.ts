import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { personalWindowOf } from '#domain/policy.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet } from '#domain/questions.ts';
import { scheduleName } from '#domain/schedule-name.ts';
import { isInWindow } from '#domain/timing.ts';
import { parseIcs } from '../mail/helpers.ts';
import { type SentMessage, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const HOUR = 3_600_000;

function icsOf(message: SentMessage) {
  const ics = message.mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!ics) throw new Error(`no .ics in ${message.subject}`);
  return parseIcs(ics.content.toString('utf8'));
}

describe('meetings', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
  });
  afterAll(() => stack.stop());

  /** A contact that got its outreach and replied. */
  async function repliedContact(timeZone = 'America/New_York') {
    const contacted = await stack.contacted({ timeZone });
    await stack.workflow.recordReply(contacted.contactId, { intent: 'accepted' });
    return contacted;
  }

  function meetingInput(startIso: string) {
    return {
      start: startIso,
      durationMinutes: 20,
      timeZone: 'America/New_York',
      mode: 'remote',
      videoLink: 'https://meet.example/abc-defg-hij',
      questions: pickDefaultSet(DEFAULT_QUESTION_BANK),
    };
  }

  it('booking schedules the confirmation at the lead time inside the window and the thank-you after the end', async () => {
    const { contactId, campaign, email, client } = await repliedContact();
    const now = stack.clock.now().getTime();
    // Four days ahead at 15:00 New York time.
    const start = new Date(Math.ceil((now + 4 * 24 * HOUR) / HOUR) * HOUR);
    start.setUTCHours(20, 0, 0, 0); // 15:00 EST
    await stack.workflow.bookMeeting(contactId, meetingInput(start.toISOString()));

    const booked = await stack.store.getContact(contactId);
    expect(booked?.stage).toBe('meeting_booked');
    const confirmation = booked?.schedules.find((s) => s.step === 'confirmation');
    const thankYou = booked?.schedules.find((s) => s.step === 'thank-you');
    expect(Date.parse(confirmation?.at as string)).toBeLessThanOrEqual(start.getTime() - 24 * HOUR);
    expect(isInWindow(confirmation?.at as string, 'America/New_York', campaign.policy.sendWindow)).toBe(true);
    expect(Date.parse(thankYou?.at as string)).toBeGreaterThanOrEqual(
      start.getTime() + 20 * 60_000 + 3 * HOUR,
    );
    // The thank-you has its own window (every day 08:00–20:00 by default), within 24 h of the end.
    expect(isInWindow(thankYou?.at as string, 'America/New_York', personalWindowOf(campaign.policy))).toBe(
      true,
    );
    expect(Date.parse(thankYou?.at as string)).toBeLessThanOrEqual(start.getTime() + 20 * 60_000 + 24 * HOUR);

    // The confirmation goes out with the questions and the invitation.
    await stack.emulator.advanceTo(new Date(Date.parse(confirmation?.at as string) + 60_000));
    expect((await stack.store.getContact(contactId))?.stage).toBe('confirmed');
    const [sentConfirmation] = (await stack.sent()).filter(
      (m) => m.to === email && /confirm/i.test(m.subject),
    );
    if (!sentConfirmation) throw new Error('no confirmation sent');
    const ics = icsOf(sentConfirmation);
    expect(ics.get('METHOD')?.value).toBe('REQUEST');
    expect(ics.get('SEQUENCE')?.value).toBe('0');
    expect(sentConfirmation.mail.text).toContain(booked?.meeting?.questions[0]?.text as string);
    // The client got "meeting tomorrow".
    await stack.emulator.advanceTo(new Date(start.getTime() - HOUR));
    expect((await stack.sent()).some((m) => m.to === client.email)).toBe(true);

    // Held, then the thank-you after the end.
    await stack.emulator.advanceTo(new Date(start.getTime() + 30 * 60_000));
    await stack.workflow.markMeetingHeld(contactId);
    await stack.workflow.addPersonalLine(
      contactId,
      'Your advice on portfolio reviews was exactly what I needed.',
    );
    // A Friday meeting: end + 3 h falls after the window, so the thank-you waits for Monday morning.
    await stack.emulator.advanceTo(new Date(start.getTime() + 4 * 24 * HOUR));
    const thanked = await stack.store.getContact(contactId);
    expect(thanked?.stage).toBe('thanked');
    const thanks = (await stack.sent()).find(
      (m) => m.to === email && m.mail.text?.includes('portfolio reviews'),
    );
    expect(thanks).toBeDefined();
    expect(thanked?.schedules.some((s) => s.step === 'keep-in-touch-1')).toBe(true);
  });

  it('reschedule replaces both schedules and raises the .ics SEQUENCE; cancel removes them', async () => {
    const { contactId, email } = await repliedContact();
    const now = stack.clock.now().getTime();
    const start = new Date(now + 5 * 24 * HOUR);
    start.setUTCHours(19, 0, 0, 0);
    await stack.workflow.bookMeeting(contactId, meetingInput(start.toISOString()));
    const booked = await stack.store.getContact(contactId);
    const firstConfirmationAt = booked?.schedules.find((s) => s.step === 'confirmation')?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(firstConfirmationAt) + 60_000));
    const confirmed = await stack.store.getContact(contactId);
    expect(confirmed?.stage).toBe('confirmed');
    const oldNames = (confirmed?.schedules ?? []).map((s) => scheduleName(contactId, s.step, s.planVersion));
    expect(oldNames.length).toBeGreaterThan(0);

    const moved = new Date(start.getTime() + 2 * 24 * HOUR);
    await stack.workflow.rescheduleMeeting(contactId, { start: moved.toISOString() });
    // Sent now = a schedule due at the next whole minute (at() precision), run by dispatch.
    await stack.emulator.advanceBy(60_000);
    const rescheduled = await stack.store.getContact(contactId);
    // The contact's calendar already holds the invitation: the update goes out at once.
    expect(rescheduled?.stage).toBe('confirmed');
    expect(rescheduled?.meeting?.sequence).toBe(1);
    const live = stack.emulator
      .schedules()
      .filter((s) => s.status === 'scheduled')
      .map((s) => s.name);
    for (const name of oldNames) expect(live).not.toContain(name);
    expect(rescheduled?.schedules.find((s) => s.step === 'thank-you')?.at).not.toBe(
      confirmed?.schedules.find((s) => s.step === 'thank-you')?.at,
    );

    // The contact already holds the invitation: the update goes at once, same UID, SEQUENCE 1.
    const confirmations = (await stack.sent()).filter((m) => m.to === email && /confirm/i.test(m.subject));
    expect(confirmations).toHaveLength(2);
    const [first, second] = confirmations.map(icsOf);
    expect(second?.get('UID')?.value).toBe(first?.get('UID')?.value);
    expect(second?.get('SEQUENCE')?.value).toBe('1');

    await stack.workflow.cancelMeeting(contactId, 'moved abroad');
    await stack.emulator.advanceBy(60_000);
    const cancelled = await stack.store.getContact(contactId);
    expect(cancelled?.stage).toBe('replied');
    expect(cancelled?.schedules).toEqual([]);
    expect(
      stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled'),
    ).toEqual([]);
    const cancellation = (await stack.sent()).find(
      (m) =>
        m.to === email &&
        m.mail.attachments.some((a) => a.content.toString('utf8').includes('METHOD:CANCEL')),
    );
    expect(cancellation).toBeDefined();
    if (cancellation) expect(icsOf(cancellation).get('UID')?.value).toBe(first?.get('UID')?.value);
  });

  it('booked inside the lead time: the confirmation goes now if the meeting is > 2 h away, else it is skipped and said so', async () => {
    const soon = await repliedContact();
    const inSixHours = new Date(stack.clock.now().getTime() + 6 * HOUR);
    await stack.workflow.bookMeeting(soon.contactId, meetingInput(inSixHours.toISOString()));
    // "Now" is a schedule due at the next whole minute: nothing has gone yet, then it goes.
    expect((await stack.store.getContact(soon.contactId))?.stage).toBe('meeting_booked');
    await stack.emulator.advanceBy(60_000);
    const confirmedNow = await stack.store.getContact(soon.contactId);
    expect(confirmedNow?.stage).toBe('confirmed');
    const sent = (await stack.sent()).filter((m) => m.to === soon.email && /confirm/i.test(m.subject));
    expect(sent).toHaveLength(1);
    const booked = (await stack.store.listTimeline(soon.contactId)).find((t) => t.event === 'meeting_booked');
    expect(booked?.detail).toMatch(/confirmation sent now/);

    const tooSoon = await repliedContact();
    const inOneHour = new Date(stack.clock.now().getTime() + HOUR);
    await stack.workflow.bookMeeting(tooSoon.contactId, meetingInput(inOneHour.toISOString()));
    const skipped = await stack.store.getContact(tooSoon.contactId);
    expect(skipped?.stage).toBe('meeting_booked');
    expect(skipped?.schedules.some((s) => s.step === 'confirmation')).toBe(false);
    expect(
      (await stack.sent()).filter((m) => m.to === tooSoon.email && /confirm/i.test(m.subject)),
    ).toHaveLength(0);
    const note = (await stack.store.listTimeline(tooSoon.contactId)).find(
      (t) => t.event === 'meeting_booked',
    );
    expect(note?.detail).toMatch(/confirmation skipped/);
  });

  it('refuses bad meetings, naming the field, and writes and schedules nothing', async () => {
    const { contactId } = await repliedContact();
    const before = await stack.store.getContact(contactId);
    const scheduledBefore = stack.emulator.schedules().length;
    const now = stack.clock.now().getTime();
    const future = new Date(now + 3 * 24 * HOUR).toISOString();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...meetingInput(new Date(now - HOUR).toISOString()) }, 'meeting.start'],
      [{ ...meetingInput(future), durationMinutes: 90 }, 'meeting.durationMinutes'],
      [{ ...meetingInput(future), durationMinutes: -5 }, 'meeting.durationMinutes'],
      [{ ...meetingInput(future), timeZone: 'Mars/Olympus_Mons' }, 'meeting.timeZone'],
      [{ ...meetingInput(future), questions: [] }, 'meeting.questions'],
    ];
    for (const [input, field] of cases) {
      const error = await stack.workflow.bookMeeting(contactId, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.field).join(' ')).toContain(field);
    }
    expect(await stack.store.getContact(contactId)).toEqual(before);
    expect(stack.emulator.schedules().length).toBe(scheduledBefore);
  });
});
