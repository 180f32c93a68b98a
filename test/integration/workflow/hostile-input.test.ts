/**
 * Issue 8 end to end: hostile input is refused with an error naming the field, and nothing of it
 * reaches DynamoDB Local, the Scheduler emulator or the SES emulator.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import { aProspect, remoteMeeting, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const HOUR = 3_600_000;

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}
const fields = (error: ValidationError) => error.issues.map((i) => i.field);

describe('hostile input (issue 8)', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
  });
  afterAll(() => stack.stop());

  async function repliedContact() {
    const { contactId, email } = await stack.contacted();
    await stack.workflow.recordReply(contactId, { intent: 'accepted' });
    return { contactId, email };
  }

  const meeting = (start: Date, videoLink: string) => remoteMeeting(start, { videoLink });

  it('defect 1: a videoLink with CR/LF is refused and never reaches invite.ics', async () => {
    const { contactId, email } = await repliedContact();
    const before = await stack.store.getContact(contactId);
    const schedulesBefore = stack.emulator.schedules().length;
    const start = new Date(stack.clock.now().getTime() + 4 * 24 * HOUR);
    start.setUTCHours(19, 0, 0, 0);
    for (const link of [
      'https://meet.example/x\r\nATTENDEE;CN=Evil:mailto:evil@attacker.example',
      'tel:+44\r\nX',
    ]) {
      const error = await refusal(stack.workflow.bookMeeting(contactId, meeting(start, link)));
      expect(fields(error)).toEqual(['meeting.videoLink']);
    }
    expect(await stack.store.getContact(contactId)).toEqual(before);
    expect(stack.emulator.schedules().length).toBe(schedulesBefore);

    // Booked with a proper link, the invitation carries one ATTENDEE and the normalised URL.
    await stack.workflow.bookMeeting(contactId, meeting(start, 'https://Meet.Example/abc'));
    const booked = await stack.store.getContact(contactId);
    expect(booked?.meeting?.videoLink).toBe('https://meet.example/abc');
    const confirmationAt = booked?.schedules.find((s) => s.step === 'confirmation')?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(confirmationAt) + 60_000));
    const confirmation = (await stack.sent()).find((m) => m.to === email && /confirm/i.test(m.subject));
    const ics = confirmation?.mail.attachments.find((a) => a.filename === 'invite.ics');
    const lines = (ics?.content.toString('utf8') ?? '').replace(/\r\n /g, '').split('\r\n');
    expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
    expect(lines).toContain('URL:https://meet.example/abc');
    const all = await stack.sent();
    expect(all.some((m) => JSON.stringify(m.mail.headerLines).includes('attacker'))).toBe(false);
    expect(all.some((m) => (m.mail.text ?? '').includes('attacker'))).toBe(false);
  });

  it('defect 8: reschedule to 9999-03-10T14:00:00+01:00 is refused like a booking and plans nothing', async () => {
    const { contactId } = await repliedContact();
    const start = new Date(stack.clock.now().getTime() + 5 * 24 * HOUR);
    start.setUTCHours(19, 0, 0, 0);
    await stack.workflow.bookMeeting(contactId, meeting(start, 'https://meet.example/abc'));
    const before = await stack.store.getContact(contactId);
    const schedulesBefore = stack.emulator.schedules().length;
    const error = await refusal(
      stack.workflow.rescheduleMeeting(contactId, { start: '9999-03-10T14:00:00+01:00' }),
    );
    expect(error.issues).toEqual([{ field: 'start', message: 'is more than 366 days ahead' }]);
    expect(await stack.store.getContact(contactId)).toEqual(before);
    expect(stack.emulator.schedules().length).toBe(schedulesBefore);
    expect(stack.emulator.schedules().some((s) => JSON.stringify(s).includes('9999'))).toBe(false);
  });

  it('defect 9: names with CR/LF, NUL, U+2028 or RLO and unsendable addresses are refused; nothing is imported', async () => {
    const { campaign } = await stack.seed();
    const rows = [
      aProspect({ firstName: 'Ann\r\nBcc: evil@x.example' }),
      aProspect({ lastName: 'Lee\u0000' }),
      aProspect({ company: 'Acme\u2028Corp' }),
      aProspect({ role: 'Lead\u202egpj.exe' }),
      aProspect({ email: 'ann\u0000@x.example' }),
      aProspect({ email: 'ännö@x.example' }),
      aProspect(),
    ];
    const error = await refusal(stack.workflow.importContacts(campaign.id, rows));
    expect(fields(error)).toEqual([
      'contacts[0].firstName',
      'contacts[1].lastName',
      'contacts[2].company',
      'contacts[3].role',
      'contacts[4].email',
      'contacts[5].email',
    ]);
    expect(error.issues[5]?.message).toMatch(/non-ASCII characters before the @/);
    const page = await stack.store.listContactsByStage(campaign.id, 'prospect', { limit: 10 });
    expect(page.items).toEqual([]);
  });

  it('defect 9: an internationalised domain is sent to in punycode, the To header plain ASCII', async () => {
    const { campaign } = await stack.seed();
    const { created } = await stack.workflow.importContacts(campaign.id, [
      aProspect({ email: `ann.${randomUUID().slice(0, 8)}@müller.example` }),
    ]);
    const contact = await stack.store.getContact(created[0]?.id as string);
    expect(contact?.email).toMatch(/@xn--mller-kva\.example$/);
    await stack.workflow.launchCampaign(campaign.id);
    const at = (await stack.store.getContact(contact?.id as string))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(at) + 60_000));
    const toLines = (await stack.sent()).map(
      (m) => m.mail.headerLines.find((h) => h.key === 'to')?.line ?? '',
    );
    const toLine = toLines.find((line) => line.includes(contact?.email as string)) ?? '';
    expect(toLine).toContain(contact?.email);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for 7-bit ASCII is the point
    expect(toLine).toMatch(/^[\u0000-\u007f]+$/);
  });

  it('defect 10: a campaign with a cap of 0 or follow-up gaps [-3, 4] is refused by the store; nothing stored', async () => {
    const { campaign } = await stack.seed();
    const fresh = {
      ...campaign,
      id: `${campaign.id}-bad`,
      policy: { ...DEFAULT_POLICY, dailyCapPerSender: 0 },
    };
    const error = await refusal(stack.store.putCampaign(fresh));
    expect(fields(error)).toEqual(['policy.dailyCapPerSender']);
    expect(await stack.store.getCampaign(fresh.id)).toBeUndefined();

    const gaps = { ...DEFAULT_POLICY, followUpBusinessDays: [-3, 4] };
    const update = await refusal(stack.store.updateCampaign(campaign.id, { policy: gaps }));
    expect(fields(update)).toEqual(['policy.followUpBusinessDays[0]']);
    expect((await stack.store.getCampaign(campaign.id))?.policy).toEqual(DEFAULT_POLICY);
  });

  it('europe/paris is stored as Europe/Paris, for contacts and clients', async () => {
    const { campaign, client } = await stack.seed({ client: { timeZone: 'europe/london' } });
    expect((await stack.store.getClient(client.id))?.timeZone).toBe('Europe/London');
    const { created } = await stack.workflow.importContacts(campaign.id, [
      aProspect({ timeZone: 'europe/paris' }),
    ]);
    expect((await stack.store.getContact(created[0]?.id as string))?.timeZone).toBe('Europe/Paris');
  });
});
