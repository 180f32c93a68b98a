import { beforeEach, describe, expect, it } from 'vitest';
import { NotFound, ValidationError } from '#domain/errors.ts';
import { transition } from '#domain/lifecycle.ts';
import type { Store, Suppression } from '#domain/ports/store.ts';
import type { Contact, ContactEvent, SuppressionReason } from '#domain/types.ts';
import { makeSesFeedback, type SesEvent } from '#usecases/ses-feedback.ts';
import { baseContact, NOW, policy } from '../domain/fixtures.ts';

/** In-memory ports: the store's send records and suppression list, and a workflow running the real lifecycle. */
function fakes(contacts: Contact[]) {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const sendRecords = new Map<string, { sesMessageId?: string; sesEventAt?: string }>();
  const suppressions = new Map<string, Suppression>();
  const applied: { contactId: string; event: ContactEvent }[] = [];
  let writes = 0;
  const store: Pick<Store, 'recordSendEvent' | 'suppress' | 'getContact'> = {
    async recordSendEvent(key, messageId, at) {
      const record = sendRecords.get(key);
      if (!record) return 'unknown_key';
      if (record.sesMessageId !== messageId || record.sesEventAt !== at) writes++;
      sendRecords.set(key, { sesMessageId: messageId, ...(at ? { sesEventAt: at } : {}) });
      return 'recorded';
    },
    async suppress(email, reason: SuppressionReason, at) {
      if (suppressions.has(email)) return 'already_suppressed';
      writes++;
      suppressions.set(email, { email, reason, at });
      return 'suppressed';
    },
    async getContact(id) {
      return byId.get(id);
    },
  };
  const workflow = {
    async apply(contactId: string, event: ContactEvent) {
      const contact = byId.get(contactId);
      if (!contact) throw new NotFound('contact', contactId);
      const result = transition(contact, event, NOW, policy); // throws TransitionRefused
      writes++;
      applied.push({ contactId, event });
      byId.set(contactId, result.contact);
      return result;
    },
  };
  return {
    store,
    workflow,
    sendRecords,
    suppressions,
    applied,
    contact: (id: string) => byId.get(id),
    writes: () => writes,
  };
}

const MESSAGE_ID = '0100018e-example-000000';
const AT = '2026-03-02T12:00:01.000Z';

function sesEvent(
  eventType: string,
  tags: Record<string, string>,
  extra: Partial<SesEvent> = {},
  destination = ['dana.lee@example.com'],
): SesEvent {
  return {
    eventType,
    mail: {
      messageId: MESSAGE_ID,
      timestamp: AT,
      destination,
      tags: {
        'ses:configuration-set': ['rapport'],
        ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])),
      },
    },
    ...extra,
  };
}

const permanentBounce = (email = 'dana.lee@example.com') => ({
  bounce: {
    bounceType: 'Permanent' as const,
    bounceSubType: 'General',
    bouncedRecipients: [{ emailAddress: email }],
    timestamp: '2026-03-02T12:00:05.000Z',
  },
});

const contacted = () =>
  baseContact({
    id: 'c-0001',
    stage: 'contacted',
    sent: [{ step: 'outreach', at: AT, messageId: MESSAGE_ID }],
    schedules: [{ step: 'follow-up-1', at: '2026-03-06T09:00:00.000Z', planVersion: 1 }],
  });

describe('SES feedback', () => {
  let t: ReturnType<typeof fakes>;
  let feedback: ReturnType<typeof makeSesFeedback>;
  beforeEach(() => {
    t = fakes([contacted()]);
    feedback = makeSesFeedback({ store: t.store, workflow: t.workflow });
  });

  it('records a Send against the idempotency key in the key tag, at the time SES accepted it', async () => {
    t.sendRecords.set('c-0001_outreach', {});
    const outcome = await feedback.handle(
      sesEvent('Send', { contact: 'c-0001', step: 'outreach', key: 'c-0001_outreach' }),
    );
    expect(outcome).toEqual({ outcome: 'send_recorded', key: 'c-0001_outreach' });
    expect(t.sendRecords.get('c-0001_outreach')).toEqual({ sesMessageId: MESSAGE_ID, sesEventAt: AT });
  });

  it('ignores a Send of an unknown key, or without a key tag', async () => {
    expect(await feedback.handle(sesEvent('Send', { key: 'nobody_outreach' }))).toMatchObject({
      outcome: 'ignored',
      eventType: 'Send',
    });
    expect(await feedback.handle(sesEvent('Send', {}))).toMatchObject({ outcome: 'ignored' });
    expect(t.writes()).toBe(0);
  });

  it('a Permanent bounce suppresses the address and bounces the contact (its schedules go)', async () => {
    const outcome = await feedback.handle(
      sesEvent('Bounce', { contact: 'c-0001', step: 'outreach', key: 'k' }, permanentBounce()),
    );
    expect(outcome).toEqual({
      outcome: 'suppressed',
      reason: 'bounced',
      recipients: [{ email: 'dana.lee@example.com', result: 'suppressed' }],
      contact: { contactId: 'c-0001', result: 'suppressed' },
    });
    expect(t.suppressions.get('dana.lee@example.com')).toEqual({
      email: 'dana.lee@example.com',
      reason: 'bounced',
      at: '2026-03-02T12:00:05.000Z',
    });
    expect(t.applied).toEqual([{ contactId: 'c-0001', event: { type: 'bounced' } }]);
    expect(t.contact('c-0001')?.stage).toBe('bounced');
    expect(t.contact('c-0001')?.schedules).toEqual([]);
  });

  it('normalises the bounced address before it becomes the suppression key', async () => {
    await feedback.handle(
      sesEvent('Bounce', { contact: 'c-0001' }, permanentBounce('  dana.lee@EXAMPLE.com ')),
    );
    expect([...t.suppressions.keys()]).toEqual(['dana.lee@example.com']);
    expect(t.contact('c-0001')?.stage).toBe('bounced');
  });

  it.each(['Transient', 'Undetermined'] as const)('a %s bounce suppresses nothing', async (bounceType) => {
    const outcome = await feedback.handle(
      sesEvent(
        'Bounce',
        { contact: 'c-0001' },
        {
          bounce: {
            bounceType,
            bounceSubType: 'MailboxFull',
            bouncedRecipients: [{ emailAddress: 'dana.lee@example.com' }],
          },
        },
      ),
    );
    expect(outcome).toEqual({ outcome: 'soft_bounce', bounceType, recipients: 1 });
    expect(t.writes()).toBe(0);
    expect(t.contact('c-0001')?.stage).toBe('contacted');
  });

  it('a complaint suppresses the address and marks the contact complained', async () => {
    const outcome = await feedback.handle(
      sesEvent(
        'Complaint',
        { contact: 'c-0001', step: 'outreach' },
        {
          complaint: {
            complainedRecipients: [{ emailAddress: 'dana.lee@example.com' }],
            complaintFeedbackType: 'abuse',
            timestamp: '2026-03-03T08:00:00.000Z',
          },
        },
      ),
    );
    expect(outcome).toMatchObject({ outcome: 'suppressed', reason: 'complained' });
    expect(t.suppressions.get('dana.lee@example.com')?.reason).toBe('complained');
    expect(t.contact('c-0001')?.stage).toBe('complained');
  });

  it('a complaint naming no recipient is about the destination of the message', async () => {
    await feedback.handle(sesEvent('Complaint', { contact: 'c-0001' }, { complaint: {} }));
    expect(t.suppressions.get('dana.lee@example.com')?.reason).toBe('complained');
    expect(t.contact('c-0001')?.stage).toBe('complained');
  });

  it("a bounced client reminder suppresses the client's address but leaves the contact alone", async () => {
    const outcome = await feedback.handle(
      sesEvent(
        'Bounce',
        { contact: 'c-0001', step: 'client-meeting-tomorrow', key: 'k' },
        permanentBounce('sam@client.example'),
        ['sam@client.example'],
      ),
    );
    expect(outcome).toMatchObject({
      outcome: 'suppressed',
      recipients: [{ email: 'sam@client.example', result: 'suppressed' }],
      contact: { contactId: 'c-0001', result: 'not_the_recipient' },
    });
    expect(t.applied).toEqual([]);
    expect(t.contact('c-0001')?.stage).toBe('contacted');
  });

  it('the same event twice: the second changes nothing', async () => {
    t.sendRecords.set('c-0001_outreach', {});
    const tags = { contact: 'c-0001', step: 'outreach', key: 'c-0001_outreach' };
    for (const event of [sesEvent('Send', tags), sesEvent('Bounce', tags, permanentBounce())]) {
      await feedback.handle(event);
      const writes = t.writes();
      const again = await feedback.handle(event);
      expect(t.writes()).toBe(writes);
      if (again.outcome === 'suppressed') {
        expect(again.recipients).toEqual([{ email: 'dana.lee@example.com', result: 'already_suppressed' }]);
        expect(again.contact).toEqual({ contactId: 'c-0001', result: 'already_suppressed' });
      }
    }
    expect(t.applied).toHaveLength(1);
  });

  it('a complaint after a bounce keeps the first reason, and the contact stays bounced', async () => {
    await feedback.handle(sesEvent('Bounce', { contact: 'c-0001' }, permanentBounce()));
    const outcome = await feedback.handle(
      sesEvent(
        'Complaint',
        { contact: 'c-0001' },
        { complaint: { complainedRecipients: [{ emailAddress: 'dana.lee@example.com' }] } },
      ),
    );
    expect(outcome).toMatchObject({ contact: { result: 'already_suppressed' } });
    expect(t.suppressions.get('dana.lee@example.com')?.reason).toBe('bounced');
    expect(t.contact('c-0001')?.stage).toBe('bounced');
  });

  it('a bounce for an erased (or untagged) contact still suppresses the address', async () => {
    expect(await feedback.handle(sesEvent('Bounce', { contact: 'c-gone' }, permanentBounce()))).toMatchObject(
      { outcome: 'suppressed', contact: { contactId: 'c-gone', result: 'not_found' } },
    );
    t.suppressions.clear();
    expect(await feedback.handle(sesEvent('Bounce', {}, permanentBounce()))).toMatchObject({
      outcome: 'suppressed',
      contact: { result: 'untagged' },
    });
    expect(t.suppressions.has('dana.lee@example.com')).toBe(true);
  });

  it.each(['Delivery', 'Reject', 'DeliveryDelay', 'Open'])('%s changes nothing', async (eventType) => {
    const outcome = await feedback.handle(sesEvent(eventType, { contact: 'c-0001', key: 'k' }));
    expect(outcome).toMatchObject({ outcome: 'ignored', eventType });
    expect(t.writes()).toBe(0);
  });

  describe('a malformed event is a ValidationError naming the field, and writes nothing', () => {
    const cases: [string, unknown, string][] = [
      ['not an object', 'nope', 'input'],
      [
        'no messageId',
        { ...sesEvent('Send', { key: 'k' }), mail: { timestamp: AT, destination: [] } },
        'mail.messageId',
      ],
      [
        'a bad timestamp',
        { ...sesEvent('Send', { key: 'k' }), mail: { ...sesEvent('Send', {}).mail, timestamp: 'yesterday' } },
        'mail.timestamp',
      ],
      [
        'tags that are not lists',
        { ...sesEvent('Send', {}), mail: { ...sesEvent('Send', {}).mail, tags: { key: 'k' } } },
        'mail.tags.key',
      ],
      ['a Bounce without bounce', sesEvent('Bounce', { contact: 'c-0001' }), 'bounce'],
      ['a Complaint without complaint', sesEvent('Complaint', { contact: 'c-0001' }), 'complaint'],
      [
        'an unknown bounce type',
        sesEvent(
          'Bounce',
          { contact: 'c-0001' },
          { bounce: { ...permanentBounce().bounce, bounceType: 'Soft' as 'Permanent' } },
        ),
        'bounce.bounceType',
      ],
      [
        'a recipient that is not an address',
        sesEvent(
          'Bounce',
          { contact: 'c-0001' },
          {
            bounce: {
              bounceType: 'Permanent',
              bouncedRecipients: [
                { emailAddress: 'dana.lee@example.com' },
                { emailAddress: 'not an address' },
              ],
            },
          },
        ),
        'bounce.bouncedRecipients[1].emailAddress',
      ],
    ];
    it.each(cases)('%s', async (_name, input, field) => {
      const error = await feedback.handle(input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.field)).toContain(field);
      expect(t.writes()).toBe(0);
      expect(t.contact('c-0001')?.stage).toBe('contacted');
    });
  });
});
