import { describe, expect, it } from 'vitest';
import { VersionConflict } from '#domain/errors.ts';
import type { Campaign, Contact } from '#domain/types.ts';
import { useTestTable } from '../store-fixture.ts';
import { aContact, minutesAfter, moved, seedCampaign, T0 } from './fixtures.ts';

let campaign: Campaign;
const t = useTestTable('store-sends', async ({ store }) => {
  campaign = await seedCampaign(store);
});

async function newContact(): Promise<Contact> {
  const { created } = await t.store.importContacts(campaign.id, [aContact(campaign)]);
  return created[0] as Contact;
}

const LEASE = 5 * 60_000;

describe('claimSend', () => {
  it('gives exactly one of 20 parallel claims of a key the right to send; the others see it in progress', async () => {
    const contact = await newContact();
    const key = `${contact.id}.outreach.1`;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.store.claimSend(key, { contactId: contact.id, step: 'outreach', now: T0, leaseMs: LEASE }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'in_progress')).toHaveLength(19);
    expect(await t.store.getSendRecord(key)).toMatchObject({
      key,
      contactId: contact.id,
      step: 'outreach',
      state: 'pending',
      leaseUntil: minutesAfter(5),
      attempts: 1,
    });
  });

  it('checks the suppression list in the same request when given the address', async () => {
    const contact = await newContact();
    const key = `${contact.id}.outreach.1`;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.store.claimSend(key, {
          contactId: contact.id,
          step: 'outreach',
          now: T0,
          leaseMs: LEASE,
          email: contact.email,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'in_progress')).toHaveLength(19);

    const other = await newContact();
    await t.store.suppress(other.email, 'complained', T0);
    t.commands.length = 0;
    const refused = await t.store.claimSend(`${other.id}.outreach.1`, {
      contactId: other.id,
      step: 'outreach',
      now: T0,
      leaseMs: LEASE,
      email: ` ${other.email.replace('example.com', 'EXAMPLE.com')} `,
    });
    expect(refused).toEqual({ outcome: 'suppressed', reason: 'complained' });
    expect(t.commands).toEqual(['TransactWriteItemsCommand']);
    expect(await t.store.getSendRecord(`${other.id}.outreach.1`)).toBeUndefined();
  });

  it('answers already_sent with the Message-ID once the send is committed with the transition', async () => {
    const contact = await newContact();
    const key = `${contact.id}.outreach.1`;
    expect(
      await t.store.claimSend(key, { contactId: contact.id, step: 'outreach', now: T0, leaseMs: LEASE }),
    ).toMatchObject({
      outcome: 'claimed',
    });
    const at = minutesAfter(1);
    const result = moved(contact, 'contacted', at, 'email_sent', {
      sent: [{ step: 'outreach', at, messageId: '0100018f-abc-000000' }],
    });
    await t.store.applyTransition(contact, result, {
      sendCommit: { key, messageId: '<0100018f-abc-000000>' },
    });

    expect(
      await t.store.claimSend(key, {
        contactId: contact.id,
        step: 'outreach',
        now: minutesAfter(2),
        leaseMs: LEASE,
      }),
    ).toEqual({
      outcome: 'already_sent',
      messageId: '0100018f-abc-000000',
    });
    expect(await t.store.getSendRecord(key)).toMatchObject({
      state: 'sent',
      messageId: '0100018f-abc-000000',
      sentAt: at,
    });
    expect((await t.store.getSendRecord(key))?.leaseUntil).toBeUndefined();
    // The Message-ID now resolves to the contact (reply matching by In-Reply-To), with or without brackets.
    expect((await t.store.findContactByMessageId('<0100018f-abc-000000>'))?.id).toBe(contact.id);
    expect((await t.store.findContactByMessageId('0100018f-abc-000000'))?.stage).toBe('contacted');

    // A second commit of the same send (e.g. a retry that did not see the first) changes nothing.
    const stored = (await t.store.getContact(contact.id)) as Contact;
    await expect(
      t.store.applyTransition(stored, moved(stored, 'contacted', minutesAfter(3), 'email_sent'), {
        sendCommit: { key, messageId: 'other' },
      }),
    ).rejects.toMatchObject({ name: 'VersionConflict', entity: 'send', id: key });
    expect((await t.store.getContact(contact.id))?.version).toBe(stored.version);
    expect(await t.store.findContactByMessageId('other')).toBeUndefined();
  });

  it('reports an expired lease and lets exactly one of 10 concurrent retriers reclaim it', async () => {
    const contact = await newContact();
    const key = `${contact.id}.follow-up-1.1`;
    const first = await t.store.claimSend(key, {
      contactId: contact.id,
      step: 'follow-up-1',
      now: T0,
      leaseMs: LEASE,
    });
    expect(first.outcome).toBe('claimed');

    const later = minutesAfter(10);
    const retry = await t.store.claimSend(key, {
      contactId: contact.id,
      step: 'follow-up-1',
      now: later,
      leaseMs: LEASE,
    });
    if (retry.outcome !== 'expired') throw new Error(`expected expired, got ${retry.outcome}`);
    expect(retry.record).toMatchObject({ state: 'pending', leaseUntil: minutesAfter(5), attempts: 1 });
    expect(retry.record.sesMessageId).toBeUndefined(); // no SES Send event: it never went out

    const previous = retry.record.leaseUntil as string;
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => t.store.reclaimExpired(key, previous, later, LEASE)),
    );
    expect(outcomes.filter((o) => o.outcome === 'reclaimed')).toEqual([
      { outcome: 'reclaimed', leaseUntil: minutesAfter(15) },
    ]);
    expect(outcomes.filter((o) => o.outcome === 'lost')).toHaveLength(9);
    expect(await t.store.getSendRecord(key)).toMatchObject({
      state: 'pending',
      leaseUntil: minutesAfter(15),
      attempts: 2,
    });
    // The new holder's lease is live again.
    expect(
      (
        await t.store.claimSend(key, {
          contactId: contact.id,
          step: 'follow-up-1',
          now: minutesAfter(11),
          leaseMs: LEASE,
        })
      ).outcome,
    ).toBe('in_progress');
    await expect(t.store.reclaimExpired(key, minutesAfter(15), minutesAfter(11), LEASE)).rejects.toThrow(
      /not expired/,
    );
  });

  it('shows the SES Send event on an expired claim, so the retrier commits instead of resending', async () => {
    const contact = await newContact();
    const key = `${contact.id}.outreach.1`;
    await t.store.claimSend(key, { contactId: contact.id, step: 'outreach', now: T0, leaseMs: LEASE });
    // The worker crashed after SES accepted the message; the SES feedback handler records the event.
    expect(await t.store.recordSendEvent(key, '<0100-ses-1>', minutesAfter(1))).toBe('recorded');
    expect(await t.store.recordSendEvent('no-such-key', '0100-ses-2')).toBe('unknown_key');
    expect(await t.store.getSendRecord('no-such-key')).toBeUndefined();

    const retry = await t.store.claimSend(key, {
      contactId: contact.id,
      step: 'outreach',
      now: minutesAfter(10),
      leaseMs: LEASE,
    });
    if (retry.outcome !== 'expired') throw new Error(`expected expired, got ${retry.outcome}`);
    expect(retry.record).toMatchObject({ sesMessageId: '0100-ses-1', sesEventAt: minutesAfter(1) });
    await t.store.applyTransition(contact, moved(contact, 'contacted', minutesAfter(10), 'email_sent'), {
      sendCommit: { key, messageId: retry.record.sesMessageId as string },
    });
    expect(await t.store.getSendRecord(key)).toMatchObject({ state: 'sent', messageId: '0100-ses-1' });
  });

  it('releases a pending claim that SES refused, so the step can be claimed again; never a sent one', async () => {
    const contact = await newContact();
    const key = `${contact.id}.outreach.1`;
    await t.store.claimSend(key, { contactId: contact.id, step: 'outreach', now: T0, leaseMs: LEASE });
    expect(await t.store.releaseSend(key)).toBe('released');
    expect(await t.store.getSendRecord(key)).toBeUndefined();
    expect(await t.store.releaseSend(key)).toBe('not_pending');

    const again = await t.store.claimSend(key, {
      contactId: contact.id,
      step: 'outreach',
      now: minutesAfter(1),
      leaseMs: LEASE,
    });
    expect(again.outcome).toBe('claimed');
    await t.store.applyTransition(contact, moved(contact, 'contacted', minutesAfter(2), 'email_sent'), {
      sendCommit: { key, messageId: 'm-1' },
    });
    expect(await t.store.releaseSend(key)).toBe('not_pending');
    expect(await t.store.getSendRecord(key)).toMatchObject({ state: 'sent', messageId: 'm-1' });
  });

  it('rejects a commit of a send that was never claimed, writing nothing', async () => {
    const contact = await newContact();
    await expect(
      t.store.applyTransition(contact, moved(contact, 'contacted', minutesAfter(1), 'email_sent'), {
        sendCommit: { key: `${contact.id}.outreach.9`, messageId: 'm-x' },
      }),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect(await t.store.getContact(contact.id)).toEqual(contact);
    expect(await t.store.findContactByMessageId('m-x')).toBeUndefined();
  });
});
