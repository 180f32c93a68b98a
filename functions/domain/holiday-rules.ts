/**
 * The public holidays a campaign carries for its contacts (`Campaign.holidays`, put there by each
 * launch): which apply to a contact, read by every transition — dispatch's included, without the
 * table of `holiday-calendar.ts`.
 */
import type { Campaign, CampaignPolicy, Contact } from './types.ts';

/**
 * The public holidays a contact's emails skip: the dates the campaign carries for the contact's
 * country, else for the country its zone was read as at launch (a country the launch found no
 * holidays for, or an old free-text one, counts as none given). Empty when none are known.
 */
export function holidaysFor(
  campaign: Pick<Campaign, 'holidays' | 'zoneCountries'>,
  contact: Pick<Contact, 'country' | 'timeZone'>,
): ReadonlySet<string> {
  const table = campaign.holidays;
  if (!table) return NO_HOLIDAYS;
  const own = contactCountry(contact);
  const country = own && table[own] ? own : campaign.zoneCountries?.[contact.timeZone];
  const dates = country ? table[country] : undefined;
  if (!dates) return NO_HOLIDAYS;
  // One Set per country of a campaign's table: contacts of a country share it (the launch's planner
  // keeps one cursor per zone and calendar, telling calendars apart by identity).
  const sets = setsOf.get(table) ?? new Map<string, ReadonlySet<string>>();
  setsOf.set(table, sets);
  const set = sets.get(country as string) ?? new Set(dates);
  sets.set(country as string, set);
  return set;
}

const NO_HOLIDAYS: ReadonlySet<string> = new Set();
const setsOf = new WeakMap<object, Map<string, ReadonlySet<string>>>();

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

/** Where a launch finds public holidays (`holiday-calendar.ts`, which only the jobs function carries). */
export interface HolidayCalendar {
  /** The campaign's `holidays` and `zoneCountries` after launching `contacts` in `year`; undefined when unchanged. */
  launchHolidays(
    campaign: Pick<Campaign, 'holidays' | 'zoneCountries'>,
    contacts: Pick<Contact, 'country' | 'timeZone'>[],
    year: number,
  ): Pick<Campaign, 'holidays' | 'zoneCountries'> | undefined;
}
