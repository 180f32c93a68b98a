/**
 * The personal emails after a meeting (issue 17): the thank-you within 24 h in its own window,
 * holidays ignored (the thank-you property: any time of any day, 15 zones), and the client's note
 * to thank the person who referred a contact, once per referred contact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transition } from '#domain/lifecycle.ts';
import { DEFAULT_POLICY, personalWindowOf } from '#domain/policy.ts';
import { sendKey } from '#domain/send-key.ts';
import { isInWindow, thankYouAt } from '#domain/timing.ts';
import type { CampaignPolicy, Contact } from '#domain/types.ts';
import { baseContact, meeting, TEST_ZONES } from './fixtures.ts';

const HOUR = 3_600_000;
const ZONES = TEST_ZONES.slice(0, 15);

/** Every day of 2026–2028 a holiday: the personal emails must not care. */
const EVERY_DAY: ReadonlySet<string> = new Set(
  Array.from({ length: 3 * 366 + 2 }, (_, i) =>
    new Date(Date.UTC(2025, 11, 31) + i * 24 * HOUR).toISOString().slice(0, 10),
  ),
);

describe('the thank-you property (1000 runs): any meeting end, 15 zones, holidays included', () => {
  it('goes out within 24 h of the end, inside the personal window (every day 08:00–20:00), 3 h after when that is open', () => {
    const policy: CampaignPolicy = { ...DEFAULT_POLICY, holidays: EVERY_DAY };
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2028-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...ZONES),
        (end, zone) => {
          const at = Date.parse(thankYouAt(end, zone, policy));
          expect(at).toBeGreaterThan(end.getTime());
          expect(at).toBeLessThanOrEqual(end.getTime() + 24 * HOUR);
          expect(isInWindow(new Date(at), zone, personalWindowOf(policy))).toBe(true);
          const threeHoursLater = Math.ceil((end.getTime() + 3 * HOUR) / 60_000) * 60_000;
          if (isInWindow(new Date(threeHoursLater), zone, personalWindowOf(policy)))
            expect(at).toBe(threeHoursLater);
        },
      ),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('a Friday 16:00 meeting is thanked on Friday at 19:20, a Friday 18:00 one on Saturday at 08:00 (Europe/London)', () => {
    expect(thankYouAt('2027-03-05T16:20:00Z', 'Europe/London', DEFAULT_POLICY)).toBe(
      '2027-03-05T19:20:00.000Z',
    );
    expect(thankYouAt('2027-03-05T18:20:00Z', 'Europe/London', DEFAULT_POLICY)).toBe(
      '2027-03-06T08:00:00.000Z',
    );
  });

  it('a narrower personal window the 24 h cannot reach: the latest open minute before the delay, else the 24 h bound', () => {
    const weekdays: CampaignPolicy = {
      ...DEFAULT_POLICY,
      personalWindow: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    };
    // Friday 15:00 end in UTC: 18:00 is closed and Monday is > 24 h away → Friday 16:59.
    expect(thankYouAt('2027-03-05T15:00:00Z', 'UTC', weekdays)).toBe('2027-03-05T16:59:00.000Z');
    // Saturday 10:00 end: no open minute in the next 24 h → Sunday 10:00 (the bound).
    expect(thankYouAt('2027-03-06T10:00:00Z', 'UTC', weekdays)).toBe('2027-03-07T10:00:00.000Z');
  });
});

describe('thanking the referrer', () => {
  const now = new Date('2026-03-04T15:00:00.000Z'); // the meeting (14:00–14:20 UTC, Berlin 15:00) has ended
  const referred = (overrides: Partial<Contact> = {}) =>
    baseContact({
      stage: 'confirmed',
      foundVia: { kind: 'referral', name: 'Raj Patel' },
      meeting: meeting({ invitationSent: true }),
      schedules: [{ step: 'thank-you', at: '2026-03-04T17:20:00.000Z', planVersion: 1 }],
      ...overrides,
    });

  it('marking the meeting held plans client-thank-referrer in the personal window, once', () => {
    const held = transition(referred(), { type: 'meeting_held' }, now, DEFAULT_POLICY);
    const note = held.contact.schedules.find((s) => s.step === 'client-thank-referrer');
    expect(note?.at).toBe('2026-03-04T15:00:00.000Z');
    expect(held.effects).toContainEqual({
      type: 'schedule',
      step: 'client-thank-referrer',
      at: note?.at,
      planVersion: 1,
    });
    // The thank-you going out keeps it (and plans no second one).
    const thanked = transition(held.contact, { type: 'email_sent', step: 'thank-you' }, now, DEFAULT_POLICY);
    expect(thanked.contact.schedules.filter((s) => s.step === 'client-thank-referrer')).toHaveLength(1);
    expect(thanked.effects.some((e) => e.type === 'unschedule' && e.step === 'client-thank-referrer')).toBe(
      false,
    );
    const sent = transition(
      thanked.contact,
      { type: 'email_sent', step: 'client-thank-referrer' },
      now,
      DEFAULT_POLICY,
    );
    expect(sent.contact.stage).toBe('thanked');
    expect(sent.contact.schedules.some((s) => s.step === 'client-thank-referrer')).toBe(false);
    expect(sendKey(sent.contact, 'client-thank-referrer')).toBe('c-0001_client-thank-referrer');
  });

  it('the thank-you going out without "held" plans it too; never for a contact nobody referred; never twice', () => {
    const late = new Date('2026-03-04T17:20:00.000Z');
    const thanked = transition(referred(), { type: 'email_sent', step: 'thank-you' }, late, DEFAULT_POLICY);
    expect(thanked.contact.schedules.find((s) => s.step === 'client-thank-referrer')?.at).toBe(
      '2026-03-04T17:20:00.000Z',
    );
    const notReferred = referred({ foundVia: { kind: 'association', name: 'UXPA' } });
    const plain = transition(notReferred, { type: 'meeting_held' }, now, DEFAULT_POLICY);
    expect(plain.contact.schedules.some((s) => s.step === 'client-thank-referrer')).toBe(false);
    const already = referred({ sent: [{ step: 'client-thank-referrer', at: '2026-03-01T10:00:00.000Z' }] });
    const again = transition(already, { type: 'meeting_held' }, now, DEFAULT_POLICY);
    expect(again.contact.schedules.some((s) => s.step === 'client-thank-referrer')).toBe(false);
  });

  it('a meeting held at night: the note waits for the personal window to open (08:00 in the contact’s zone)', () => {
    const night = new Date('2026-03-04T22:30:00.000Z'); // 23:30 in Berlin
    const held = transition(referred(), { type: 'meeting_held' }, night, DEFAULT_POLICY);
    expect(held.contact.schedules.find((s) => s.step === 'client-thank-referrer')?.at).toBe(
      '2026-03-05T07:00:00.000Z',
    );
  });
});
