import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, personalWindowOf } from '#domain/policy.ts';
import {
  addBusinessDays,
  clientReminderAt,
  confirmationPlan,
  followUpAt,
  isInWindow,
  keepInTouchAt,
  latestInWindow,
  nextInWindow,
  postponeForOutOfOffice,
  thankYouAt,
} from '#domain/timing.ts';
import type { CampaignPolicy, SendWindow, Weekday } from '#domain/types.ts';
import { TEST_ZONES } from './fixtures.ts';

const ZONES = TEST_ZONES;
const RUNS = { numRuns: 1000 };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const zone = fc.constantFrom(...ZONES);
// 2026–2028: three years of DST transitions in both hemispheres.
const instant = fc.date({
  min: new Date('2026-01-01T00:00:00Z'),
  max: new Date('2028-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const window: fc.Arbitrary<SendWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    start: fc.integer({ min: 0, max: 23 * 60 + 58 }),
    length: fc.integer({ min: 1, max: 24 * 60 }),
  })
  .map(({ days, start, length }) => ({
    days: days as Weekday[],
    start: hhmm(start),
    end: hhmm(Math.min(start + length, 23 * 60 + 59)),
  }));
const policy: fc.Arbitrary<CampaignPolicy> = fc
  .record({
    sendWindow: window,
    followUpBusinessDays: fc.array(fc.integer({ min: 1, max: 15 }), { maxLength: 5 }),
    noResponseAfterBusinessDays: fc.integer({ min: 1, max: 20 }),
    confirmationLeadHours: fc.integer({ min: 0, max: 72 }),
    minNoticeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    thankYouDelayHours: fc.integer({ min: 0, max: 48 }),
    keepInTouch: fc.record({
      firstAfterWeeks: fc.integer({ min: 1, max: 12 }),
      everyMonths: fc.integer({ min: 1, max: 6 }),
      max: fc.integer({ min: 0, max: 4 }),
    }),
  })
  .map(({ minNoticeShare, ...p }) =>
    // Through parsePolicy, so the generated policies are exactly the ones a campaign can have.
    parsePolicy({ ...p, confirmationMinNoticeHours: Math.floor(p.confirmationLeadHours * minNoticeShare) }),
  );

const ms = (iso: string) => new Date(iso).getTime();
const isWholeMinute = (iso: string) => ms(iso) % MINUTE === 0;

/** Mon–Fri local dates strictly after `from`'s date, up to and including `to`'s date. */
function businessDaysBetween(from: Date | string, to: string, z: string): number {
  let d = DateTime.fromJSDate(new Date(from), { zone: z }).startOf('day');
  const last = DateTime.fromISO(to, { zone: z }).toISODate() as string;
  let n = 0;
  for (let i = 0; i < 400 && (d.toISODate() as string) < last; i++) {
    d = d.plus({ days: 1 });
    if (d.weekday <= 5) n++;
  }
  return n;
}

describe('timing properties (1000 runs each, 2026–2028, many zones)', () => {
  it('nextInWindow: inside the window, not before earliest, whole minute, and the first such minute', () => {
    fc.assert(
      fc.property(instant, zone, window, (t, z, w) => {
        const r = nextInWindow(t, z, w);
        expect(isInWindow(r, z, w)).toBe(true);
        expect(ms(r)).toBeGreaterThanOrEqual(t.getTime());
        expect(isWholeMinute(r)).toBe(true);
        const before = ms(r) - MINUTE;
        if (before >= t.getTime()) expect(isInWindow(new Date(before), z, w)).toBe(false);
      }),
      RUNS,
    );
  });

  it('latestInWindow: inside the window and between its bounds', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 10 * 24 * 60 }), zone, window, (lower, span, z, w) => {
        const upper = new Date(lower.getTime() + span * MINUTE);
        const r = latestInWindow(upper, lower, z, w);
        if (r === undefined) return;
        expect(isInWindow(r, z, w)).toBe(true);
        expect(ms(r)).toBeGreaterThanOrEqual(lower.getTime());
        expect(ms(r)).toBeLessThanOrEqual(upper.getTime());
      }),
      RUNS,
    );
  });

  it('addBusinessDays: exactly n Mon–Fri days later, same local time unless DST removed it', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 30 }), zone, (t, n, z) => {
        const r = addBusinessDays(t, n, z);
        const from = DateTime.fromJSDate(t, { zone: z });
        const to = DateTime.fromISO(r, { zone: z });
        expect(to.weekday).toBeLessThanOrEqual(5);
        expect(businessDaysBetween(t, r, z)).toBe(n);
        if (to.hour * 60 + to.minute !== from.hour * 60 + from.minute) {
          // Only a spring-forward gap may move it, and only forward, by less than the gap.
          expect(to.offset).not.toBe(to.minus({ hours: 3 }).offset);
        }
        // From a weekday, counting back the same n business days returns to the same local moment.
        const local = (d: DateTime) => d.toFormat('yyyy-MM-dd HH:mm:ss.SSS');
        if (from.weekday <= 5 && local(to).slice(11) === local(from).slice(11)) {
          expect(local(DateTime.fromISO(addBusinessDays(r, -n, z), { zone: z }))).toBe(local(from));
        }
      }),
      RUNS,
    );
  });

  it('followUpAt: inside the window, at least N business days after the previous email', () => {
    fc.assert(
      fc.property(instant, zone, policy, fc.integer({ min: 1, max: 5 }), (sentAt, z, p, index) => {
        const r = followUpAt(sentAt, index, z, p);
        const gap = p.followUpBusinessDays[index - 1];
        if (gap === undefined) {
          expect(r).toBeUndefined();
          return;
        }
        expect(r).toBeDefined();
        expect(isInWindow(r as string, z, p.sendWindow)).toBe(true);
        expect(ms(r as string)).toBeGreaterThan(sentAt.getTime());
        expect(businessDaysBetween(sentAt, r as string, z)).toBeGreaterThanOrEqual(gap);
        expect(ms(r as string)).toBeGreaterThanOrEqual(ms(addBusinessDays(sentAt, gap, z)));
      }),
      RUNS,
    );
  });

  it('thankYouAt: inside the personal window, the delay after the end when that leaves it within 24 h', () => {
    fc.assert(
      fc.property(instant, zone, policy, (end, z, p) => {
        const r = thankYouAt(end, z, p);
        expect(isInWindow(r, z, personalWindowOf(p))).toBe(true);
        expect(ms(r)).toBeGreaterThanOrEqual(end.getTime());
        expect(ms(r)).toBeLessThanOrEqual(end.getTime() + 24 * HOUR);
        if (p.thankYouDelayHours <= 11)
          expect(ms(r)).toBeGreaterThanOrEqual(end.getTime() + p.thankYouDelayHours * HOUR);
      }),
      RUNS,
    );
  });

  it('keepInTouchAt: inside the window, after the thank-you, increasing, none past max', () => {
    fc.assert(
      fc.property(instant, zone, policy, (sentAt, z, p) => {
        let previous = sentAt.getTime();
        for (let i = 1; i <= p.keepInTouch.max; i++) {
          const r = keepInTouchAt(sentAt, i, z, p) as string;
          expect(isInWindow(r, z, p.sendWindow)).toBe(true);
          expect(ms(r)).toBeGreaterThan(previous);
          expect(ms(r) - sentAt.getTime()).toBeGreaterThanOrEqual(
            p.keepInTouch.firstAfterWeeks * 7 * 24 * HOUR - 2 * HOUR,
          );
          previous = ms(r);
        }
        expect(keepInTouchAt(sentAt, p.keepInTouch.max + 1, z, p)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('confirmationPlan: a scheduled confirmation is in the window, ≥ now and before the start', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -60, max: 14 * 24 * 60 }),
        zone,
        policy,
        (now, minutesAhead, z, p) => {
          const start = new Date(now.getTime() + minutesAhead * MINUTE);
          const plan = confirmationPlan(start, now, z, p);
          const untilStart = start.getTime() - now.getTime();
          if (plan.kind === 'scheduled') {
            expect(isInWindow(plan.at, z, p.sendWindow)).toBe(true);
            expect(ms(plan.at)).toBeGreaterThanOrEqual(now.getTime());
            expect(ms(plan.at)).toBeLessThan(start.getTime());
            expect(ms(plan.at)).toBeLessThanOrEqual(
              start.getTime() - p.confirmationLeadHours * HOUR + 14 * 24 * HOUR,
            );
          } else if (plan.kind === 'send_now') {
            expect(untilStart).toBeGreaterThan(p.confirmationMinNoticeHours * HOUR);
          } else {
            expect(untilStart).toBeLessThanOrEqual(p.confirmationMinNoticeHours * HOUR);
            expect(plan.reason).toMatch(/notice|started/);
          }
          // Booked well ahead of the lead time, with a window slot in between: always scheduled.
          if (untilStart > (p.confirmationLeadHours + 24 * 8) * HOUR) expect(plan.kind).toBe('scheduled');
        },
      ),
      RUNS,
    );
  });

  it('postponeForOutOfOffice: in the window, after the return day, not before now', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -10, max: 60 }), zone, window, (now, daysAhead, z, w) => {
        const returnDate = DateTime.fromJSDate(now, { zone: z })
          .plus({ days: daysAhead })
          .toISODate() as string;
        const r = postponeForOutOfOffice(returnDate, z, w, now);
        expect(isInWindow(r, z, w)).toBe(true);
        expect(ms(r)).toBeGreaterThanOrEqual(now.getTime());
        expect((DateTime.fromISO(r, { zone: z }).toISODate() as string) > returnDate).toBe(true);
      }),
      RUNS,
    );
  });

  it('clientReminderAt: not in the past, at least an hour before the meeting', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 5 * 24 * 60 }), zone, (now, minutesAhead, z) => {
        const start = new Date(now.getTime() + minutesAhead * MINUTE);
        const r = clientReminderAt(start, z, now);
        if (minutesAhead > 25 * 60) expect(r).toBeDefined();
        if (r === undefined) return;
        expect(ms(r)).toBeGreaterThanOrEqual(now.getTime());
        expect(ms(r)).toBeLessThanOrEqual(start.getTime() - HOUR);
      }),
      RUNS,
    );
  });

  it('the default policy is one parsePolicy accepts unchanged', () => {
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
  });
});
