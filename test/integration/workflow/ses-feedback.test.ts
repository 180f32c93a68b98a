import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendKey } from '#domain/send-key.ts';
import { aProspect, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';

/**
 * SES's feedback on the emulators: the local publisher turns the SES mailbox simulator addresses
 * into the events SES would publish, and the feedback use case (as the ses-events function would)
 * suppresses the address and the contact. Each simulator address is used by one test only: the
 * suppression list is global, which is what the second half of each test checks.
 */
describe('SES feedback on the workflow', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
  });
  afterAll(() => stack.stop());

  async function launched(email: string) {
    const { campaign } = await stack.seed();
    const { created } = await stack.workflow.importContacts(campaign.id, [aProspect({ email })]);
    await stack.workflow.launchCampaign(campaign.id);
    return created[0]?.id as string;
  }

  /** Moves the clock just past the contact's planned outreach (the dispatch runs, then SES's feedback). */
  async function pastOutreach(contactId: string) {
    const at = (await stack.store.getContact(contactId))?.schedules.find((s) => s.step === 'outreach')?.at;
    expect(at).toBeDefined();
    await stack.emulator.advanceTo(new Date(Date.parse(at as string) + 60_000));
  }

  function liveSchedulesOf(contactId: string) {
    return stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled');
  }

  const sentTo = async (email: string) => (await stack.sent()).filter((m) => m.to === email);

  it.each([
    ['bounce@simulator.amazonses.com', 'bounced', 'Bounce'],
    ['complaint@simulator.amazonses.com', 'complained', 'Complaint'],
  ] as const)(
    '%s: the outreach goes out, then the contact is %s, suppressed, its schedules gone; another campaign sends it nothing',
    async (email, stage, eventType) => {
      const contactId = await launched(email);
      // The same address in another client's campaign, imported before the feedback arrives.
      const { campaign: otherCampaign } = await stack.seed();
      const imported = await stack.workflow.importContacts(otherCampaign.id, [aProspect({ email })]);
      await pastOutreach(contactId);

      // The outreach went out once and was committed before the feedback arrived.
      const [outreach, ...more] = await sentTo(email);
      expect(more).toEqual([]);
      const contact = await stack.store.getContact(contactId);
      expect(contact?.stage).toBe(stage);
      expect(contact?.sent.map((s) => s.step)).toEqual(['outreach']);
      expect(contact?.schedules).toEqual([]);
      expect(liveSchedulesOf(contactId)).toEqual([]);
      expect((await stack.store.listTimeline(contactId)).map((t) => t.event)).toEqual([
        'imported',
        'launch',
        'email_sent',
        stage,
      ]);
      expect(await stack.store.getSuppression(email)).toMatchObject({ email, reason: stage });

      // The events carry the tags as SES echoes them; the Send was recorded on the send record.
      const key = sendKey(contact as NonNullable<typeof contact>, 'outreach');
      const events = stack.sesEvents.filter((e) => e.mail.messageId === outreach?.messageId);
      expect(events.map((e) => e.eventType)).toEqual(
        eventType === 'Bounce' ? ['Send', 'Bounce'] : ['Send', 'Delivery', 'Complaint'],
      );
      expect(events[0]?.mail.tags).toMatchObject({
        contact: [contactId],
        step: ['outreach'],
        key: [key],
        'ses:configuration-set': ['rapport'],
      });
      expect((await stack.store.getSendRecord(key))?.sesMessageId).toBe(outreach?.messageId);

      // A second delivery of the same events changes nothing.
      const before = await stack.store.getContact(contactId);
      const suppression = await stack.store.getSuppression(email);
      for (const event of events) await stack.sesFeedback.handle(event);
      expect(await stack.store.getContact(contactId)).toEqual(before);
      expect(await stack.store.getSuppression(email)).toEqual(suppression);
      expect(await stack.store.listTimeline(contactId)).toHaveLength(4);

      // The same address in another campaign: refused at claim time, never sent.
      await stack.workflow.launchCampaign(otherCampaign.id);
      const other = imported.created[0]?.id as string;
      await pastOutreach(other);
      expect(await sentTo(email)).toHaveLength(1);
      const refused = await stack.store.getContact(other);
      expect(refused?.stage).toBe(stage);
      expect(refused?.sent).toEqual([]);
      expect(liveSchedulesOf(other)).toEqual([]);
      expect(await stack.store.getSuppression(email)).toMatchObject({ reason: stage });
      // Imported after the feedback: refused at import.
      const { campaign: later } = await stack.seed();
      expect(await stack.workflow.importContacts(later.id, [aProspect({ email })])).toMatchObject({
        created: [],
        suppressed: [{ index: 0, email }],
      });
    },
  );

  it.each(['success@simulator.amazonses.com', 'ooto@simulator.amazonses.com'])(
    '%s: delivered, nothing suppressed, the follow-up stays planned',
    async (email) => {
      const contactId = await launched(email);
      await pastOutreach(contactId);
      const [outreach] = await sentTo(email);
      expect(
        stack.sesEvents.filter((e) => e.mail.messageId === outreach?.messageId).map((e) => e.eventType),
      ).toEqual(['Send', 'Delivery']);
      const contact = await stack.store.getContact(contactId);
      expect(contact?.stage).toBe('contacted');
      expect(contact?.schedules.map((s) => s.step)).toEqual(['follow-up-1']);
      expect(await stack.store.getSuppression(email)).toBeUndefined();
    },
  );
});
