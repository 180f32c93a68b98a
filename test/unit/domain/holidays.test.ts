/**
 * Public holidays: the table generated from date-holidays (read back exactly), the zone → country
 * map, what a launch puts on the campaign, and the holiday property of issue 17: no outreach,
 * follow-up, confirmation or "meeting tomorrow" planned on a public holiday of the contact's
 * country over 2026–2028, for 10 countries — the expected holidays computed with date-holidays.
 */
import Holidays from 'date-holidays';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseNewContact } from '#domain/contact-input.ts';
import { makeHolidayCalendar } from '#domain/holiday-calendar.ts';
import { contactPolicy, holidaysFor } from '#domain/holiday-rules.ts';
import { planOutreach } from '#domain/plan-outreach.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import {
  clientReminderAt,
  confirmationPlan,
  followUpAt,
  keepInTouchAt,
  nextInWindow,
} from '#domain/timing.ts';
import type { Campaign } from '#domain/types.ts';
import { holidayCalendar, holidayTable } from '#shared/holiday-table.ts';
import { buildHolidayTable, libraryHolidays } from '../../../infra/bundling/build-holidays.ts';
import { fieldsOf } from './fixtures.ts';

const calendar = holidayCalendar();

/** Ten countries, each with the zone of its contacts. */
const COUNTRIES: [string, string][] = [
  ['GB', 'Europe/London'],
  ['US', 'America/New_York'],
  ['DE', 'Europe/Berlin'],
  ['FR', 'Europe/Paris'],
  ['JP', 'Asia/Tokyo'],
  ['AU', 'Australia/Sydney'],
  ['IN', 'Asia/Kolkata'],
  ['BR', 'America/Sao_Paulo'],
  ['AE', 'Asia/Dubai'],
  ['ZA', 'Africa/Johannesburg'],
];
/** date-holidays itself: every public holiday of the country, 2026–2028. */
const EXPECTED = new Map(
  COUNTRIES.map(([country]) => [
    country,
    new Set([2026, 2027, 2028].flatMap((y) => libraryHolidays(country, y))),
  ]),
);

describe('the generated table', () => {
  it('is what the builder writes from the installed date-holidays, and gives back every public holiday of every country, 2026–2030', () => {
    // When the first fails: npm run build:holidays (date-holidays upgraded, or the builder changed).
    const built = buildHolidayTable();
    expect(holidayTable()).toEqual(built);
    const fromTable = makeHolidayCalendar(built);
    for (const country of Object.keys(new Holidays().getCountries())) {
      for (let year = 2026; year <= 2030; year++) {
        expect(fromTable.publicHolidays(country, year, year), `${country} ${year}`).toEqual(
          libraryHolidays(country, year),
        );
      }
    }
  }, 300_000);

  it('counts every day of a holiday lasting several (Eid al-Fitr in the UAE)', () => {
    const eid = libraryHolidays('AE', 2026).filter((d) => d.startsWith('2026-03-'));
    expect(eid).toEqual(['2026-03-20', '2026-03-21', '2026-03-22']);
  });

  it('reads a zone as its country, in any spelling the runtime resolves', () => {
    expect(calendar.countryOfZone('Europe/London')).toBe('GB');
    expect(calendar.countryOfZone('Asia/Kolkata')).toBe('IN');
    expect(calendar.countryOfZone('Asia/Calcutta')).toBe('IN');
    expect(calendar.countryOfZone('America/Los_Angeles')).toBe('US');
    expect(calendar.countryOfZone('Europe/Zurich')).toBe('CH');
    expect(calendar.countryOfZone('UTC')).toBeUndefined();
    expect(calendar.countryOfZone('Not/AZone')).toBeUndefined();
  });
});

describe('a launch puts its contacts’ holidays on the campaign', () => {
  it('the country given, else the zone’s; three years from the launch year; nothing new → undefined', () => {
    const update = calendar.launchHolidays(
      {},
      [{ country: 'DE', timeZone: 'Europe/London' }, { timeZone: 'Asia/Tokyo' }, { timeZone: 'UTC' }],
      2026,
    );
    expect(Object.keys(update?.holidays ?? {}).sort()).toEqual(['DE', 'JP']);
    expect(update?.zoneCountries).toEqual({ 'Asia/Tokyo': 'JP' });
    expect(update?.holidays?.DE).toContain('2028-12-25');
    expect(update?.holidays?.DE?.some((d) => d.startsWith('2029'))).toBe(false);
    const campaign = update as Pick<Campaign, 'holidays' | 'zoneCountries'>;
    expect(calendar.launchHolidays(campaign, [{ timeZone: 'Asia/Tokyo' }], 2026)).toBeUndefined();
    // The contact's own country wins over its zone; an unknown zone and no country: no holidays.
    expect(holidaysFor(campaign, { country: 'DE', timeZone: 'Asia/Tokyo' }).has('2026-10-03')).toBe(true);
    // A country stored before codes were upper-cased ("de ") is the same country the launch found.
    expect(holidaysFor(campaign, { country: 'de ', timeZone: 'Asia/Tokyo' }).has('2026-10-03')).toBe(true);
    expect(holidaysFor(campaign, { timeZone: 'Asia/Tokyo' }).has('2026-01-01')).toBe(true);
    expect(holidaysFor(campaign, { timeZone: 'UTC' }).size).toBe(0);
  });
});

describe('holiday property (1000 runs): nothing planned on a public holiday of the contact’s country, 2026–2028', () => {
  const campaign = {
    policy: DEFAULT_POLICY,
    ...calendar.launchHolidays(
      {},
      COUNTRIES.map(([country, timeZone]) => ({ country, timeZone })),
      2026,
    ),
  } as Campaign;
  const localDate = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toISODate() as string;
  const contact = fc.constantFrom(...COUNTRIES).map(([country, timeZone]) => ({ country, timeZone }));
  const instant = fc.date({
    min: new Date('2026-01-01T00:00:00Z'),
    max: new Date('2028-11-30T00:00:00Z'),
    noInvalidDate: true,
  });

  it('outreach (the launch planner), follow-ups, confirmations, "meeting tomorrow", keep-in-touch', () => {
    fc.assert(
      fc.property(
        contact,
        instant,
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 400 }),
        (c, now, gap, ahead) => {
          const policy = { ...contactPolicy(campaign, c), followUpBusinessDays: [gap] };
          const holidays = EXPECTED.get(c.country as string) as Set<string>;
          const notOnHoliday = (at: string | undefined) => {
            if (at !== undefined)
              expect(holidays.has(localDate(at, c.timeZone)), `${at} in ${c.timeZone}`).toBe(false);
          };
          // Outreach: the launch's planner.
          const plan = planOutreach({
            contacts: [{ id: 'x', timeZone: c.timeZone, holidays: holidaysFor(campaign, c) }],
            now,
            policy,
            senderTimeZone: c.timeZone,
          });
          notOnHoliday(plan.get('x'));
          // The follow-up after an outreach sent now.
          notOnHoliday(
            followUpAt(
              nextInWindow(now, c.timeZone, policy.sendWindow, policy.holidays),
              1,
              c.timeZone,
              policy,
            ),
          );
          // A meeting `ahead` hours from now: its confirmation and the client's "meeting tomorrow".
          const start = new Date(now.getTime() + ahead * 3_600_000 + 3_600_000);
          const confirmation = confirmationPlan(start, now, c.timeZone, policy);
          if (confirmation.kind === 'scheduled') notOnHoliday(confirmation.at);
          const reminder = clientReminderAt(start, c.timeZone, now, policy.holidays);
          // Booked after the last evening before the meeting, it goes at once (not planned on a day).
          if (reminder !== undefined && Date.parse(reminder) > now.getTime() + 60_000) notOnHoliday(reminder);
          // Keep-in-touch emails after a thank-you sent now (the first and the third).
          notOnHoliday(keepInTouchAt(now.toISOString(), 1, c.timeZone, policy));
          notOnHoliday(keepInTouchAt(now.toISOString(), 3, c.timeZone, policy));
        },
      ),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('the same days are business days again when the contact has no holidays known', () => {
    // Christmas Day 2026 is a Friday: in GB the follow-up skips it; with no country known it does not.
    const gb = { country: 'GB', timeZone: 'Europe/London' };
    const policy = { ...contactPolicy(campaign, gb), followUpBusinessDays: [1] };
    expect(followUpAt('2026-12-24T10:00:00Z', 1, gb.timeZone, policy)).toBe('2026-12-29T10:00:00.000Z');
    expect(
      followUpAt('2026-12-24T10:00:00Z', 1, gb.timeZone, { ...DEFAULT_POLICY, followUpBusinessDays: [1] }),
    ).toBe('2026-12-25T10:00:00.000Z');
    // "Meeting tomorrow" for a Tuesday 29 Dec 2026 meeting: the evening before (Monday 28th, the
    // Boxing Day bank holiday) moves to the last evening before it that is no holiday, Sunday 27th.
    expect(
      clientReminderAt('2026-12-29T10:00:00Z', gb.timeZone, '2026-12-01T10:00:00Z', policy.holidays),
    ).toBe('2026-12-27T18:00:00.000Z');
  });
});

describe('the contact’s country (API and CSV column `country`)', () => {
  const row = (country: unknown) => ({
    email: 'a@b.example',
    firstName: 'A',
    timeZone: 'Europe/London',
    foundVia: { kind: 'other', name: 'x' },
    country,
  });

  it('is an ISO 3166-1 alpha-2 code, upper-cased (UK read as GB); anything else is refused naming the field', () => {
    expect(parseNewContact(row(' gb ')).country).toBe('GB');
    expect(parseNewContact(row('UK')).country).toBe('GB');
    expect(parseNewContact(row('de')).country).toBe('DE');
    expect(fieldsOf(() => parseNewContact(row('United Kingdom')))).toEqual(['country']);
    expect(fieldsOf(() => parseNewContact(row('QQ')))).toEqual(['country']);
    expect(fieldsOf(() => parseNewContact(row('EU')))).toEqual(['country']);
    expect(fieldsOf(() => parseNewContact(row('XX'), 3))).toEqual(['contacts[3].country']);
  });
});
