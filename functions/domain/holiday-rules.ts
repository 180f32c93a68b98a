/**
 * Public holidays as data: the calendar arithmetic the compact encoding of
 * `generated/holidays.ts` rests on (shared by its builder and its reader), and the holiday set a
 * campaign carries for its contacts (`Campaign.holidays`), which dispatch reads without the table.
 */
import type { Campaign, CampaignPolicy, Contact } from './types.ts';

export const DAY = 86_400_000;

/** A `YYYY-MM-DD` date's parts. */
export function parseDate(date: string): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

/** `YYYY-MM-DD` of a UTC-midnight epoch ms. */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Western Easter Sunday of `year` (Gregorian, the anonymous algorithm), as UTC-midnight epoch ms. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return Date.UTC(year, Math.floor(n / 31) - 1, (n % 31) + 1);
}

/**
 * The public holidays a contact's emails skip: the dates the campaign carries for the contact's
 * country (`country`, else the one its zone was read as at launch). Empty when none are known.
 */
export function holidaysFor(
  campaign: Pick<Campaign, 'holidays' | 'zoneCountries'>,
  contact: Pick<Contact, 'country' | 'timeZone'>,
): ReadonlySet<string> {
  const country = contactCountry(contact) ?? campaign.zoneCountries?.[contact.timeZone];
  const dates = country === undefined ? undefined : campaign.holidays?.[country];
  if (dates === undefined || dates.length === 0) return NO_HOLIDAYS;
  let set = SETS.get(dates);
  if (set === undefined) {
    set = new Set(dates);
    SETS.set(dates, set);
  }
  return set;
}

const NO_HOLIDAYS: ReadonlySet<string> = new Set();
/** One set per list of dates: contacts of one country share it (the outreach planner groups by it). */
const SETS = new WeakMap<string[], ReadonlySet<string>>();

/** The contact's own country when it is an ISO 3166-1 alpha-2 code. */
export function contactCountry(contact: Pick<Contact, 'country'>): string | undefined {
  const c = contact.country?.trim().toUpperCase();
  return c !== undefined && /^[A-Z]{2}$/.test(c) ? c : undefined;
}

/** The policy a contact's lifecycle runs under: the campaign's, with the contact's public holidays. */
export function contactPolicy(
  campaign: Pick<Campaign, 'policy' | 'holidays' | 'zoneCountries'>,
  contact: Pick<Contact, 'country' | 'timeZone'>,
): CampaignPolicy {
  const holidays = holidaysFor(campaign, contact);
  return holidays.size === 0 ? campaign.policy : { ...campaign.policy, holidays };
}

/** Years of public holidays a launch carries on the campaign: the launch year and the two after. */
export const HOLIDAY_HORIZON_YEARS = 3;

/** Where a launch finds public holidays: the table generated from date-holidays (`holiday-calendar.ts`). */
export interface HolidayCalendar {
  publicHolidays(country: string, from: number, to: number): string[];
  countryOfZone(zone: string): string | undefined;
}

/**
 * The campaign's holidays after a launch of `contacts` in `year`: every contact's country (its own,
 * else its zone's) with its public holidays over HOLIDAY_HORIZON_YEARS, merged over what the
 * campaign carries (a country already there is recomputed: its dates from this year on). Undefined
 * when nothing changes.
 */
export function launchHolidays(
  campaign: Pick<Campaign, 'holidays' | 'zoneCountries'>,
  contacts: Pick<Contact, 'country' | 'timeZone'>[],
  year: number,
  calendar: HolidayCalendar,
): Pick<Campaign, 'holidays' | 'zoneCountries'> | undefined {
  const holidays = { ...campaign.holidays };
  const zoneCountries = { ...campaign.zoneCountries };
  const countries = new Set<string>();
  for (const contact of contacts) {
    let country = contactCountry(contact);
    if (country === undefined) {
      country = zoneCountries[contact.timeZone] ?? calendar.countryOfZone(contact.timeZone);
      if (country !== undefined) zoneCountries[contact.timeZone] = country;
    }
    if (country !== undefined) countries.add(country);
  }
  for (const country of countries) {
    const dates = calendar.publicHolidays(country, year, year + HOLIDAY_HORIZON_YEARS - 1);
    if (dates.length > 0) holidays[country] = dates;
  }
  const next = { holidays, zoneCountries };
  const same =
    JSON.stringify(next) ===
    JSON.stringify({ holidays: campaign.holidays ?? {}, zoneCountries: campaign.zoneCountries ?? {} });
  return same ? undefined : next;
}
