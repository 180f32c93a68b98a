import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { planOutreach } from '#domain/plan-outreach.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import { isInWindow } from '#domain/timing.ts';
import type { CampaignPolicy } from '#domain/types.ts';

const ZONES = [
  'America/New_York',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'America/St_Johns',
  'UTC',
];

describe('planOutreach', () => {
  it('keeps every outreach inside its window, stagger apart, and within the daily cap of the sender', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 60 }),
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2028-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...ZONES),
        (zones, now, cap, stagger, senderZone) => {
          const policy: CampaignPolicy = {
            ...DEFAULT_POLICY,
            dailyCapPerSender: cap,
            staggerMinutes: stagger,
          };
          const contacts = zones.map((timeZone, i) => ({ id: `c${i}`, timeZone }));
          const plan = planOutreach({ contacts, now, policy, senderTimeZone: senderZone });
          expect(plan.size).toBe(contacts.length);
          const times: number[] = [];
          const perDay = new Map<string, number>();
          for (const c of contacts) {
            const at = plan.get(c.id) as string;
            expect(isInWindow(at, c.timeZone, policy.sendWindow)).toBe(true);
            expect(Date.parse(at)).toBeGreaterThanOrEqual(now.getTime());
            times.push(Date.parse(at));
            const day = DateTime.fromISO(at, { zone: senderZone }).toISODate() as string;
            perDay.set(day, (perDay.get(day) ?? 0) + 1);
          }
          times.sort((a, b) => a - b);
          for (let i = 1; i < times.length; i++) {
            expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(stagger * 60_000);
          }
          for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(cap);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('counts outreach already planned for the sender against the cap', () => {
    const now = new Date('2027-03-01T08:00:00Z'); // Monday
    const policy: CampaignPolicy = { ...DEFAULT_POLICY, dailyCapPerSender: 2 };
    const alreadyPlanned = ['2027-03-01T10:00:00.000Z', '2027-03-01T11:00:00.000Z'];
    const plan = planOutreach({
      contacts: [{ id: 'a', timeZone: 'Europe/London' }],
      now,
      policy,
      senderTimeZone: 'Europe/London',
      alreadyPlanned,
    });
    expect(plan.get('a')).toBe('2027-03-02T09:00:00.000Z'); // Monday is full: Tuesday 09:00
  });
});
