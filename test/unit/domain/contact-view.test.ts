/** How a contact is shown (next emails, board summary, proposed times in its zone), and how a reply's proposed times are kept. */
import { describe, expect, it } from 'vitest';
import { contactSummary, nextEmails, proposedTimesInZone } from '#domain/contact-view.ts';
import { ValidationError } from '#domain/errors.ts';
import { MAX_PROPOSED_TIMES } from '#domain/lifecycle/outreach.ts';
import { transition } from '#domain/lifecycle.ts';
import { baseContact, contactIn, fieldsOf, NOW, policy } from './fixtures.ts';

describe('contact view', () => {
  it('lists the planned emails earliest first, without the no-response timer', () => {
    const contact = baseContact({
      schedules: [
        { step: 'no-response', at: '2026-03-20T08:00:00.000Z', planVersion: 2 },
        { step: 'follow-up-2', at: '2026-03-16T08:00:00.000Z', planVersion: 2 },
        { step: 'follow-up-1', at: '2026-03-09T08:00:00.000Z', planVersion: 2 },
      ],
    });
    expect(nextEmails(contact)).toEqual([
      { step: 'follow-up-1', at: '2026-03-09T08:00:00.000Z' },
      { step: 'follow-up-2', at: '2026-03-16T08:00:00.000Z' },
    ]);
    expect(contactSummary(contact)).toEqual({
      id: contact.id,
      name: `${contact.firstName} ${contact.lastName ?? ''}`.trim(),
      email: contact.email,
      ...(contact.company ? { company: contact.company } : {}),
      stage: contact.stage,
      timeZone: contact.timeZone,
      nextEmail: { step: 'follow-up-1', at: '2026-03-09T08:00:00.000Z' },
      updatedAt: contact.updatedAt,
    });
    expect(contactSummary(baseContact({ schedules: [], lastName: undefined })).nextEmail).toBeUndefined();
  });

  it('shows proposed times with the contact’s offset at each time (summer and winter time)', () => {
    const contact = baseContact({
      timeZone: 'America/New_York',
      proposedTimes: ['2026-03-06T19:00:00.000Z', '2026-03-09T14:30:00.000Z'],
    });
    // New York moves to summer time on Sunday 8 March 2026.
    expect(proposedTimesInZone(contact)).toEqual(['2026-03-06T14:00:00-05:00', '2026-03-09T10:30:00-04:00']);
    expect(proposedTimesInZone(baseContact())).toEqual([]);
  });
});

describe('proposed times of a reply', () => {
  const reply = (proposedTimes?: string[]) => ({
    type: 'reply_received' as const,
    intent: 'accepted' as const,
    ...(proposedTimes ? { proposedTimes } : {}),
  });

  it('are kept on the contact, replaced by the next reply that proposes any, kept by one that does not', () => {
    const first = transition(contactIn('contacted'), reply(['2026-03-05T14:00:00Z']), NOW, policy).contact;
    expect(first.proposedTimes).toEqual(['2026-03-05T14:00:00.000Z']);
    const second = transition(first, reply(['2026-03-06T09:00:00.000Z']), NOW, policy).contact;
    expect(second.proposedTimes).toEqual(['2026-03-06T09:00:00.000Z']);
    const third = transition(
      second,
      { type: 'reply_received', intent: 'out_of_office', returnDate: '2026-03-10' },
      NOW,
      policy,
    ).contact;
    expect(third.proposedTimes).toEqual(['2026-03-06T09:00:00.000Z']);
  });

  it('are kept while the contact is paused too, and capped', () => {
    const paused = { ...contactIn('contacted'), stage: 'paused' as const, pausedFrom: 'contacted' as const };
    const many = Array.from({ length: 15 }, (_, i) => `2026-03-${String(10 + i).padStart(2, '0')}T10:00:00Z`);
    const after = transition(paused, reply(many), NOW, policy).contact;
    expect(after.stage).toBe('paused');
    expect(after.proposedTimes).toHaveLength(MAX_PROPOSED_TIMES);
    expect(after.proposedTimes?.[0]).toBe('2026-03-10T10:00:00.000Z');
  });

  it('that are not instants are refused naming the field', () => {
    expect(() => transition(contactIn('contacted'), reply(['next tuesday']), NOW, policy)).toThrow(
      ValidationError,
    );
    expect(
      fieldsOf(() =>
        transition(contactIn('contacted'), reply(['2026-03-05T14:00:00Z', 'soon']), NOW, policy),
      ),
    ).toEqual(['proposedTimes[1]']);
  });
});
