/**
 * The public holidays of a country, read from the table generated at build time
 * (`generated/holidays.ts`, see infra/bundling/build-holidays.ts for the encoding), and the country
 * a time zone belongs to. The table is ~15 KB: only the functions that launch carry it (never
 * dispatch, which reads the dates the campaign carries: `holidaysFor`).
 */
import { HOLIDAY_YEARS, PUBLIC_HOLIDAYS, ZONE_COUNTRIES } from './generated/holidays.ts';
import { DAY, dateOf, easterSunday } from './holiday-rules.ts';

export { HOLIDAY_YEARS };

const pairs = (text: string, size: number) => text.match(new RegExp(`.{${size}}`, 'g')) ?? [];
const pad = (n: number) => String(n).padStart(2, '0');
const monthDay = (year: number, code: string) =>
  `${year}-${pad(Number.parseInt(code[0] as string, 36))}-${pad(Number.parseInt(code[1] as string, 36))}`;

/** The `nth` (1–4, or `l` the last) ISO `weekday` of `month` in `year`. */
function nthWeekday(year: number, month: number, weekday: number, nth: string): string {
  const first = Date.UTC(year, month - 1, 1);
  const firstWeekday = new Date(first).getUTCDay() || 7;
  let day = 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (nth === 'l' ? 4 : Number(nth) - 1);
  while (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) day -= 7;
  return dateOf(Date.UTC(year, month - 1, day));
}

/** Whether the table holds `country` (ISO 3166-1 alpha-2, upper case). */
export function knowsCountry(country: string): boolean {
  return Object.hasOwn(PUBLIC_HOLIDAYS, country);
}

/**
 * The public holidays (date-holidays type `public`) of `country` in the years `from`–`to` that the
 * table holds, as sorted `YYYY-MM-DD` local dates; empty for a country it does not know.
 */
export function publicHolidays(country: string, from: number, to: number): string[] {
  const entry = knowsCountry(country) ? PUBLIC_HOLIDAYS[country] : undefined;
  if (entry === undefined) return [];
  const [fixed = '', easter = '', weekday = '', ...years] = entry.split('|');
  const dates = new Set<string>();
  for (let year = Math.max(from, HOLIDAY_YEARS.first); year <= Math.min(to, HOLIDAY_YEARS.last); year++) {
    for (const code of pairs(fixed, 2)) dates.add(monthDay(year, code));
    for (const code of pairs(easter, 2))
      dates.add(dateOf(easterSunday(year) + (Number.parseInt(code, 36) - 50) * DAY));
    for (const [m = '', w = '', nth = ''] of pairs(weekday, 3))
      dates.add(nthWeekday(year, Number.parseInt(m, 36), Number(w), nth));
    for (const code of pairs(years[year - HOLIDAY_YEARS.first] ?? '', 2)) dates.add(monthDay(year, code));
  }
  return [...dates].sort();
}

let zones: Map<string, string> | undefined;

/** The country of an IANA zone (`Europe/London` → `GB`), in any spelling the runtime resolves; undefined when unknown. */
export function countryOfZone(zone: string): string | undefined {
  zones ??= new Map(
    Object.entries(ZONE_COUNTRIES).flatMap(([area, list]) => {
      const words = list.split(' ');
      return words.flatMap((w, i) =>
        i % 2 === 0 ? [[`${area}/${w}`, words[i + 1] as string] as const] : [],
      );
    }),
  );
  try {
    return zones.get(new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone);
  } catch {
    return undefined;
  }
}
