import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  atScheduleFor,
  instantOfAtExpression,
  parseAtExpression,
} from '#adapters/scheduler-at-expression.ts';
import { ValidationError } from '#domain/errors.ts';
import { ceilMinute, instantsOfWallTime } from '#domain/timing.ts';
import { firstFireTime, type ScheduleDefinition } from '#local/scheduler-requests.ts';

const wallOf = (expression: string) => expression.slice(3, -1);
const definitionOf = (expression: string, zone: string) =>
  ({ ScheduleExpression: expression, ScheduleExpressionTimezone: zone }) as ScheduleDefinition;

describe('atScheduleFor: instant → at(local wall time) in the contact zone', () => {
  it.each([
    // [instant, zone, expression, zone written]
    ['2025-01-15T14:00:00Z', 'America/New_York', 'at(2025-01-15T09:00:00)', 'America/New_York'], // EST -5
    ['2025-07-15T14:00:00Z', 'America/New_York', 'at(2025-07-15T10:00:00)', 'America/New_York'], // EDT -4
    ['2025-06-01T03:15:00Z', 'Asia/Kathmandu', 'at(2025-06-01T09:00:00)', 'Asia/Kathmandu'], // +5:45
    ['2025-06-01T03:30:00Z', 'Asia/Kolkata', 'at(2025-06-01T09:00:00)', 'Asia/Kolkata'], // +5:30
    ['2025-07-01T11:30:00Z', 'America/St_Johns', 'at(2025-07-01T09:00:00)', 'America/St_Johns'], // NDT -2:30
    ['2025-01-01T19:15:00Z', 'Pacific/Chatham', 'at(2025-01-02T09:00:00)', 'Pacific/Chatham'], // +13:45
    ['2025-03-01T14:00:00Z', 'UTC', 'at(2025-03-01T14:00:00)', 'UTC'],
    ['2025-03-01T14:00:00+01:00', 'Europe/Paris', 'at(2025-03-01T14:00:00)', 'Europe/Paris'], // offset input
  ])('%s in %s → %s', (instant, zone, expression, writtenZone) => {
    const out = atScheduleFor(instant, zone);
    expect(out.expression).toBe(expression);
    expect(out.timeZone).toBe(writtenZone);
  });

  it.each([
    ['2025-03-01T14:00:00Z', '2025-03-01T14:00:00.000Z'], // whole minute: unchanged
    ['2025-03-01T14:00:00.001Z', '2025-03-01T14:01:00.000Z'], // a millisecond over: next minute
    ['2025-03-01T14:00:59Z', '2025-03-01T14:01:00.000Z'],
    ['2025-12-31T23:59:30Z', '2026-01-01T00:00:00.000Z'], // rounds across the year
  ])('rounds %s up to %s, never earlier', (instant, fireAt) => {
    const out = atScheduleFor(instant, 'UTC');
    expect(out.fireAt.toISOString()).toBe(fireAt);
    expect(out.expression).toBe(`at(${fireAt.slice(0, 19)})`);
  });

  it('writes an instant in the repeated fall-back hour in UTC, exactly', () => {
    // New York, 2 Nov 2025: 01:00–01:59 happens twice (EDT, then EST).
    const first = atScheduleFor('2025-11-02T05:30:00Z', 'America/New_York'); // 01:30 EDT
    const second = atScheduleFor('2025-11-02T06:30:00Z', 'America/New_York'); // 01:30 EST
    expect(first).toMatchObject({ expression: 'at(2025-11-02T05:30:00)', timeZone: 'UTC' });
    expect(second).toMatchObject({ expression: 'at(2025-11-02T06:30:00)', timeZone: 'UTC' });
    // Either side of the repeated hour stays in the contact's zone.
    expect(atScheduleFor('2025-11-02T04:59:00Z', 'America/New_York')).toMatchObject({
      expression: 'at(2025-11-02T00:59:00)',
      timeZone: 'America/New_York',
    });
    expect(atScheduleFor('2025-11-02T07:00:00Z', 'America/New_York')).toMatchObject({
      expression: 'at(2025-11-02T02:00:00)',
      timeZone: 'America/New_York',
    });
  });

  it('handles the 30-minute DST shift of Lord Howe Island', () => {
    // 6 Apr 2025: 02:00 +11 → 01:30 +10:30; 01:30–01:59 repeats.
    expect(atScheduleFor('2025-04-05T14:45:00Z', 'Australia/Lord_Howe').timeZone).toBe('UTC'); // 01:45 +11
    expect(atScheduleFor('2025-04-05T15:15:00Z', 'Australia/Lord_Howe').timeZone).toBe('UTC'); // 01:45 +10:30
    expect(atScheduleFor('2025-04-05T14:15:00Z', 'Australia/Lord_Howe')).toMatchObject({
      expression: 'at(2025-04-06T01:15:00)',
      timeZone: 'Australia/Lord_Howe',
    });
  });

  it('never names a wall time in a spring-forward gap', () => {
    // New York, 9 Mar 2025: 02:00–02:59 does not exist. 06:59Z is 01:59 EST, 07:00Z is 03:00 EDT.
    expect(atScheduleFor('2025-03-09T06:59:30Z', 'America/New_York').expression).toBe(
      'at(2025-03-09T03:00:00)',
    );
  });

  it('refuses an unknown zone, naming timeZone', () => {
    expect(() => atScheduleFor('2025-03-01T14:00:00Z', 'Mars/Olympus_Mons')).toThrow(ValidationError);
    expect(() => atScheduleFor('2025-03-01T14:00:00Z', 'Mars/Olympus_Mons')).toThrow(/^timeZone: /);
  });

  it.each([
    '2025-03-01T14:00:00', // floating local time: which zone?
    '2025-03-01',
    'tomorrow',
    '2025-02-30T10:00:00Z',
  ])('refuses %s as the instant, naming at', (at) => {
    expect(() => atScheduleFor(at, 'UTC')).toThrow(/^at: /);
  });
});

describe('instantsOfWallTime and instantOfAtExpression', () => {
  it('finds no instant in a gap, two in a repeated hour, one otherwise', () => {
    const ny = 'America/New_York';
    expect(instantsOfWallTime({ year: 2025, month: 3, day: 9, hour: 2, minute: 30, second: 0 }, ny)).toEqual(
      [],
    );
    expect(
      instantsOfWallTime({ year: 2025, month: 11, day: 2, hour: 1, minute: 30, second: 0 }, ny).map((t) =>
        new Date(t).toISOString(),
      ),
    ).toEqual(['2025-11-02T05:30:00.000Z', '2025-11-02T06:30:00.000Z']);
    expect(instantsOfWallTime({ year: 2025, month: 6, day: 1, hour: 9, minute: 0, second: 0 }, ny)).toEqual([
      Date.parse('2025-06-01T13:00:00Z'),
    ]);
  });

  it('reads an expression back: earlier occurrence when repeated, the end of a gap, undefined when malformed', () => {
    expect(instantOfAtExpression('at(2025-06-01T09:00:00)', 'Asia/Kathmandu')?.toISOString()).toBe(
      '2025-06-01T03:15:00.000Z',
    );
    expect(instantOfAtExpression('at(2025-11-02T01:30:00)', 'America/New_York')?.toISOString()).toBe(
      '2025-11-02T05:30:00.000Z',
    );
    expect(instantOfAtExpression('at(2025-03-09T02:30:00)', 'America/New_York')?.toISOString()).toBe(
      '2025-03-09T07:00:00.000Z', // 03:00 EDT, where the gap ends
    );
    expect(instantOfAtExpression('rate(5 minutes)', 'UTC')).toBeUndefined();
    expect(parseAtExpression('at(2025-02-29T10:00:00)')).toBeUndefined(); // not a leap year
  });
});

// ---- properties ----------------------------------------------------------------------------------

const ZONES = Intl.supportedValuesOf('timeZone').filter((z) => IANAZone.isValidZone(z));
const DST_ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/Santiago',
  'America/St_Johns',
  'America/Havana',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Dublin',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Pacific/Auckland',
  'Antarctica/Troll',
  'Africa/Casablanca',
  'Asia/Tehran',
];
const FROM = Date.parse('2000-01-01T00:00:00Z');
const TO = Date.parse('2099-12-31T00:00:00Z');

/** Every offset change of a zone in [from, to), to the minute (daily scan, then bisection). */
function transitions(zoneName: string, from: number, to: number): number[] {
  const zone = IANAZone.create(zoneName);
  const found: number[] = [];
  const day = 86_400_000;
  for (let t = from; t < to; t += day) {
    if (zone.offset(t) === zone.offset(t + day)) continue;
    let lo = t;
    let hi = t + day;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (zone.offset(mid) === zone.offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}
const NEAR_TRANSITIONS = DST_ZONES.flatMap((zone) =>
  transitions(zone, Date.parse('2024-01-01T00:00:00Z'), Date.parse('2031-01-01T00:00:00Z')).map((at) => ({
    zone,
    at,
  })),
);

function checkRoundTrip(instantMs: number, zone: string): void {
  const out = atScheduleFor(new Date(instantMs), zone);
  const expected = ceilMinute(instantMs);
  expect(out.fireAt.getTime()).toBe(expected);
  expect(out.expression).toMatch(/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\)$/);
  expect(out.timeZone === zone || out.timeZone === 'UTC').toBe(true);
  // The adapter's reading of its own expression …
  expect(instantOfAtExpression(out.expression, out.timeZone)?.getTime()).toBe(expected);
  // … and the emulator's agree on the instant, which reads as the expression's wall time there.
  expect(firstFireTime(definitionOf(out.expression, out.timeZone))).toBe(expected);
  expect(DateTime.fromMillis(expected, { zone: out.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss")).toBe(
    wallOf(out.expression),
  );
  // Whenever the contact's zone is kept, its wall time there is unambiguous.
  if (out.timeZone === zone) {
    const local = DateTime.fromMillis(expected, { zone });
    expect(
      instantsOfWallTime(
        {
          year: local.year,
          month: local.month,
          day: local.day,
          hour: local.hour,
          minute: local.minute,
          second: 0,
        },
        zone,
      ),
    ).toHaveLength(1);
  }
}

describe('round trip instant → (expression, zone) → instant', () => {
  it('gives the instant rounded up to the minute, for any instant in any zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (instant, zone) => {
        checkRoundTrip(instant, zone);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('holds within three hours of every DST transition (gaps and repeated hours)', () => {
    expect(NEAR_TRANSITIONS.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(
        fc.constantFrom(...NEAR_TRANSITIONS),
        fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
        ({ zone, at }, delta) => {
          checkRoundTrip(at + delta, zone);
        },
      ),
      { numRuns: 1500 },
    );
  }, 60_000);

  it('writes UTC exactly when the local wall time repeats', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NEAR_TRANSITIONS),
        fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
        ({ zone, at }, delta) => {
          const instant = ceilMinute(at + delta);
          const local = DateTime.fromMillis(instant, { zone });
          const repeats =
            DateTime.fromMillis(instant - 3_600_000, { zone }).toFormat('yyyy-MM-dd HH:mm') ===
              local.toFormat('yyyy-MM-dd HH:mm') ||
            DateTime.fromMillis(instant + 3_600_000, { zone }).toFormat('yyyy-MM-dd HH:mm') ===
              local.toFormat('yyyy-MM-dd HH:mm');
          if (repeats) expect(atScheduleFor(new Date(instant), zone).timeZone).toBe('UTC');
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
