import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import {
  addBusinessDays,
  clientReminderAt,
  confirmationPlan,
  followUpAt,
  isInWindow,
  keepInTouchAt,
  nextInWindow,
  noResponseAt,
  postponeForOutOfOffice,
  thankYouAt,
} from '#domain/timing.ts';
import type { SendWindow } from '#domain/types.ts';

const everyDay = (start: string, end: string): SendWindow => ({ days: [1, 2, 3, 4, 5, 6, 7], start, end });
const NY = 'America/New_York';
const policy = DEFAULT_POLICY;

describe('nextInWindow and DST', () => {
  it('spring forward: a window start that does not exist opens at the first minute after the gap', () => {
    // 2027-03-14 02:00 EST → 03:00 EDT in New York; 02:30 does not exist.
    expect(nextInWindow('2027-03-14T05:00:00Z', NY, everyDay('02:30', '17:00'))).toBe(
      '2027-03-14T07:00:00.000Z',
    );
    expect(isInWindow('2027-03-14T07:00:00Z', NY, everyDay('02:30', '17:00'))).toBe(true);
    expect(isInWindow('2027-03-14T06:59:00Z', NY, everyDay('02:30', '17:00'))).toBe(false);
  });

  it('fall back: an ambiguous window start takes the first (EDT) occurrence', () => {
    // 2026-11-01 02:00 EDT → 01:00 EST; 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    expect(nextInWindow('2026-11-01T04:00:00Z', NY, everyDay('01:30', '17:00'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });

  it('fall back: after the first pass of a window inside the repeated hour, the second pass counts', () => {
    // 01:45 EDT is past a 01:00–01:30 window, but 01:00 EST (06:00Z) comes round again.
    expect(nextInWindow('2026-11-01T05:45:00Z', NY, everyDay('01:00', '01:30'))).toBe(
      '2026-11-01T06:00:00.000Z',
    );
  });

  it('a window wholly inside the spring-forward gap is skipped that day', () => {
    expect(nextInWindow('2027-03-14T05:00:00Z', NY, everyDay('02:10', '02:50'))).toBe(
      '2027-03-15T06:10:00.000Z',
    );
  });

  it('half-hour and 45-minute zones, southern-hemisphere DST', () => {
    const w: SendWindow = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    expect(nextInWindow('2026-06-06T00:00:00Z', 'Asia/Kolkata', w)).toBe('2026-06-08T03:30:00.000Z'); // Sat → Mon 09:00 +05:30
    expect(nextInWindow('2026-06-08T03:14:00Z', 'Asia/Kathmandu', w)).toBe('2026-06-08T03:15:00.000Z'); // +05:45
    // Adelaide: +10:30 in January (summer), +09:30 in July.
    expect(nextInWindow('2026-01-05T00:00:00Z', 'Australia/Adelaide', w)).toBe('2026-01-05T00:00:00.000Z');
    expect(nextInWindow('2026-07-06T00:00:00Z', 'Australia/Adelaide', w)).toBe('2026-07-06T00:00:00.000Z');
    expect(nextInWindow('2026-07-05T22:00:00Z', 'Australia/Adelaide', w)).toBe('2026-07-05T23:30:00.000Z');
  });

  it('rounds up to the whole minute, and an instant inside the window stays', () => {
    const w = everyDay('09:00', '17:00');
    expect(nextInWindow('2026-03-02T10:00:00Z', 'UTC', w)).toBe('2026-03-02T10:00:00.000Z');
    expect(nextInWindow('2026-03-02T10:00:00.001Z', 'UTC', w)).toBe('2026-03-02T10:01:00.000Z');
    expect(nextInWindow('2026-03-02T16:59:30Z', 'UTC', w)).toBe('2026-03-03T09:00:00.000Z'); // 17:00 is closed: next morning
  });

  it('refuses an unknown zone with a ValidationError', () => {
    expect(() => nextInWindow('2026-03-02T10:00:00Z', 'Mars/Olympus', policy.sendWindow)).toThrow(
      ValidationError,
    );
  });
});

describe('business days', () => {
  it('skips weekends and keeps the local time of day across a DST change', () => {
    // Friday 2026-03-06 10:00 New York (EST) + 4 business days = Thursday 2026-03-12 10:00 EDT.
    expect(addBusinessDays('2026-03-06T15:00:00Z', 4, NY)).toBe('2026-03-12T14:00:00.000Z');
    expect(addBusinessDays('2026-03-07T15:00:00Z', 1, NY)).toBe('2026-03-09T14:00:00.000Z'); // Saturday + 1 = Monday
    expect(addBusinessDays('2026-03-12T14:00:00Z', -4, NY)).toBe('2026-03-06T15:00:00.000Z');
    expect(addBusinessDays('2026-03-12T14:00:00Z', 0, NY)).toBe('2026-03-12T14:00:00.000Z');
  });

  it('follow-ups are measured from the previous email; no-response from the last', () => {
    const sentAt = '2026-03-02T15:00:00Z'; // Monday 10:00 New York
    expect(followUpAt(sentAt, 1, NY, policy)).toBe('2026-03-06T15:00:00.000Z'); // Friday
    expect(followUpAt(sentAt, 2, NY, policy)).toBe('2026-03-11T14:00:00.000Z'); // 7 business days, EDT
    expect(followUpAt(sentAt, 3, NY, policy)).toBeUndefined();
    expect(noResponseAt(sentAt, NY, policy)).toBe('2026-03-11T14:00:00.000Z');
    // Sent 16:30 Friday + 4 business days = Thursday 16:30, still inside the window.
    expect(followUpAt('2026-03-06T21:30:00Z', 1, NY, policy)).toBe('2026-03-12T20:30:00.000Z');
  });
});

describe('meeting emails', () => {
  it('a window that opens exactly at the start schedules the confirmation in an earlier window (fast-check seed 606892501)', () => {
    const mondayMinute = {
      ...DEFAULT_POLICY,
      sendWindow: { days: [1], start: '00:00', end: '00:01' } as SendWindow,
      confirmationLeadHours: 0,
      confirmationMinNoticeHours: 0,
    };
    // Monday 12 January 00:00 in Los Angeles: the only earlier slot is Monday 5 January 00:00.
    expect(
      confirmationPlan('2026-01-12T08:00:00Z', '2026-01-01T00:00:00Z', 'America/Los_Angeles', mondayMinute),
    ).toEqual({ kind: 'scheduled', at: '2026-01-05T08:00:00.000Z' });
  });

  const zone = 'Europe/London';
  it('confirmation 24 h before, moved into the window, earlier rather than too late', () => {
    // Wednesday 14:00 meeting: Tuesday 14:00.
    expect(confirmationPlan('2026-01-14T14:00:00Z', '2026-01-05T09:00:00Z', zone, policy)).toEqual({
      kind: 'scheduled',
      at: '2026-01-13T14:00:00.000Z',
    });
    // Monday 10:00 meeting: Sunday 10:00 → Monday 09:00 is 1 h before: moved back to Friday 16:59.
    expect(confirmationPlan('2026-01-12T10:00:00Z', '2026-01-05T09:00:00Z', zone, policy)).toEqual({
      kind: 'scheduled',
      at: '2026-01-09T16:59:00.000Z',
    });
    // Wednesday 08:00 meeting: Tuesday 08:00 → Tuesday 09:00.
    expect(confirmationPlan('2026-01-14T08:00:00Z', '2026-01-05T09:00:00Z', zone, policy)).toEqual({
      kind: 'scheduled',
      at: '2026-01-13T09:00:00.000Z',
    });
  });

  it('inside the lead time: now if more than 2 h away, else skipped with the reason', () => {
    expect(confirmationPlan('2026-01-14T14:00:00Z', '2026-01-14T09:00:00Z', zone, policy)).toEqual({
      kind: 'send_now',
    });
    expect(confirmationPlan('2026-01-14T14:00:00Z', '2026-01-14T12:00:00Z', zone, policy)).toMatchObject({
      kind: 'skipped',
      reason: 'meeting in 2 h, a confirmation needs more than 2 h notice',
    });
    expect(confirmationPlan('2026-01-14T14:00:00Z', '2026-01-14T15:00:00Z', zone, policy).kind).toBe(
      'skipped',
    );
  });

  it('thank-you 3 h after the end inside the personal window; keep-in-touch after 6 weeks then every 3 months', () => {
    // 17:20 is past the outreach window but inside the personal one (every day 08:00–20:00).
    expect(thankYouAt('2026-01-14T14:20:00Z', zone, policy)).toBe('2026-01-14T17:20:00.000Z');
    // A Friday 18:00 meeting: not Monday, Saturday 08:00.
    expect(thankYouAt('2026-01-16T18:00:00Z', zone, policy)).toBe('2026-01-17T08:00:00.000Z');
    expect(thankYouAt('2026-01-14T10:20:00Z', zone, policy)).toBe('2026-01-14T13:20:00.000Z');
    const sent = '2026-01-15T09:00:00Z'; // Thursday
    expect(keepInTouchAt(sent, 1, zone, policy)).toBe('2026-02-26T09:00:00.000Z');
    expect(keepInTouchAt(sent, 2, zone, policy)).toBe('2026-05-26T08:00:00.000Z'); // Tue 26 May 09:00 BST
    expect(keepInTouchAt(sent, 3, zone, policy)).toBe('2026-08-26T08:00:00.000Z');
    expect(keepInTouchAt(sent, 4, zone, policy)).toBeUndefined();
    expect(keepInTouchAt(sent, 0, zone, policy)).toBeUndefined();
  });

  it('client reminder the evening before, or now when booked later, never within the last hour', () => {
    expect(clientReminderAt('2026-01-14T14:00:00Z', zone)).toBe('2026-01-13T18:00:00.000Z');
    expect(clientReminderAt('2026-01-14T14:00:00Z', zone, '2026-01-14T08:00:30Z')).toBe(
      '2026-01-14T08:01:00.000Z',
    );
    expect(clientReminderAt('2026-01-14T14:00:00Z', zone, '2026-01-14T13:30:00Z')).toBeUndefined();
  });

  it('out-of-office: the first business day after the return, at the window start', () => {
    expect(postponeForOutOfOffice('2026-01-12', zone, policy.sendWindow)).toBe('2026-01-13T09:00:00.000Z');
    expect(postponeForOutOfOffice('2026-01-16', zone, policy.sendWindow)).toBe('2026-01-19T09:00:00.000Z'); // Fri → Mon
    expect(postponeForOutOfOffice('2026-01-01', zone, policy.sendWindow, '2026-01-20T11:00:00Z')).toBe(
      '2026-01-20T11:00:00.000Z',
    );
    expect(() => postponeForOutOfOffice('2026-02-30', zone, policy.sendWindow)).toThrow(/returnDate/);
  });
});
