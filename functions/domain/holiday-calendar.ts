/**
 * The public holidays of a country and the country of a time zone, read from the table generated
 * at build time from date-holidays (the encoding: infra/bundling/build-holidays.ts; decompressed
 * by `#shared/holiday-table.ts`). Only the function that launches carries the table (never
 * dispatch, which reads the dates the campaign carries: `holidaysFor`).
 */
import { CODE_LENGTH, RULE_KINDS, ruleDates } from './holiday-dates.ts';
import { contactCountry, type HolidayCalendar } from './holiday-rules.ts';

/** The table as built: the years it covers, the countries' entries, the zones by area. */
export interface HolidayTable {
  first: number;
  last: number;
  holidays: string;
  zones: string;
}

/** Years of public holidays a launch carries on the campaign: the launch year and the two after. */
export const HOLIDAY_HORIZON_YEARS = 3;

const codes = (text = '', size = 2) => text.match(new RegExp(`.{${size}}`, 'g')) ?? [];

export interface PublicHolidays extends HolidayCalendar {
  /**
   * The public holidays (date-holidays type `public`, every day of one lasting several) of
   * `country` in the years `from`–`to` the table holds, as sorted `YYYY-MM-DD` local dates; empty
   * for a country it does not know.
   */
  publicHolidays(country: string, from: number, to: number): string[];
  /** The country of an IANA zone (`Europe/London` → `GB`), in any spelling the runtime resolves; undefined when unknown. */
  countryOfZone(zone: string): string | undefined;
}

export function makeHolidayCalendar(table: HolidayTable): PublicHolidays {
  const entries = new Map(
    table.holidays.split(';').map((entry) => [entry.slice(0, 2), entry.slice(2).split('|')] as const),
  );
  const zones = new Map<string, string>(
    table.zones.split(';').flatMap((group) => {
      const [area, list = ''] = group.split(':');
      const words = list.split(' ');
      return words.flatMap((w, i) => (i % 2 === 0 ? [[`${area}/${w}`, words[i + 1] ?? ''] as const] : []));
    }),
  );

  function publicHolidays(country: string, from: number, to: number): string[] {
    const sections = entries.get(country);
    if (sections === undefined) return [];
    const dates = new Set<string>();
    for (let year = Math.max(from, table.first); year <= Math.min(to, table.last); year++) {
      RULE_KINDS.forEach((kind, i) => {
        for (const code of codes(sections[i], CODE_LENGTH[kind]))
          for (const d of ruleDates(kind, code, year)) dates.add(d);
      });
      for (const code of codes(sections[RULE_KINDS.length + year - table.first]))
        for (const d of ruleDates('fixed', code, year)) dates.add(d);
    }
    return [...dates].sort();
  }

  function countryOfZone(zone: string): string | undefined {
    try {
      return zones.get(new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);
    } catch {
      return undefined;
    }
  }

  return {
    publicHolidays,
    countryOfZone,
    /**
     * Every contact's country (its own, else its zone's) with its public holidays over
     * HOLIDAY_HORIZON_YEARS from `year`, merged over what the campaign carries (a country already
     * there is recomputed: its dates from this year on). Undefined when nothing changes.
     */
    launchHolidays(campaign, contacts, year) {
      const holidays = { ...campaign.holidays };
      const zoneCountries = { ...campaign.zoneCountries };
      const countries = new Set<string>();
      for (const contact of contacts) {
        let country = contactCountry(contact);
        if (country === undefined) {
          country = zoneCountries[contact.timeZone] ?? countryOfZone(contact.timeZone);
          if (country !== undefined) zoneCountries[contact.timeZone] = country;
        }
        if (country !== undefined) countries.add(country);
      }
      for (const country of countries) {
        const dates = publicHolidays(country, year, year + HOLIDAY_HORIZON_YEARS - 1);
        if (dates.length > 0) holidays[country] = dates;
      }
      const next = { holidays, zoneCountries };
      const before = { holidays: campaign.holidays ?? {}, zoneCountries: campaign.zoneCountries ?? {} };
      return JSON.stringify(next) === JSON.stringify(before) ? undefined : next;
    },
  };
}
