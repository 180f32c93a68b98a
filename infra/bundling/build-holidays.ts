/**
 * `npm run build:holidays`: writes `functions/domain/generated/holidays.ts`, the public holidays of
 * every country date-holidays knows for HOLIDAY_YEARS, and the zone → country map used when a
 * contact names no country — from date-holidays' own per-country zone lists (the package is
 * installed; its 1.5 MB never goes into a function). Run it when date-holidays is upgraded or the
 * years move on; test/unit/domain/holidays.test.ts checks the file against the library.
 *
 * Encoding (`functions/domain/holiday-calendar.ts` reads it), per country `fixed|easter|weekday|y1|…`:
 * the rules that name a holiday in every year — a month and day (two base-36 characters, `cp` =
 * 25 December), days after Easter Sunday (+50, base 36), the nth weekday of a month (`511` = the
 * first Monday of May, `l` = the last) — then each year's other dates (month and day). Zones are
 * grouped by area: `{ Europe: 'London GB Berlin DE' }`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import { DAY, easterSunday, parseDate } from '../../functions/domain/holiday-rules.ts';

export const FIRST_YEAR = 2026;
export const LAST_YEAR = 2030;

const monthDayCode = (date: string) => {
  const { month, day } = parseDate(date);
  return month.toString(36) + day.toString(36);
};
/** Days after Easter Sunday (Good Friday −2 → `1c`), as two base-36 characters of offset + 50. */
const easterCode = (date: string) => {
  const { year } = parseDate(date);
  return (Math.round((Date.parse(date) - easterSunday(year)) / DAY) + 50).toString(36).padStart(2, '0');
};
/** Month, ISO weekday and which one in the month (1–4, or `l` the last): the first Monday of May → `511`. */
const weekdayCode = (date: string) => {
  const { year, month, day } = parseDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
  const last = day + 7 > new Date(Date.UTC(year, month, 0)).getUTCDate();
  const nth = Math.ceil(day / 7);
  return month.toString(36) + weekday + (last ? 'l' : nth > 4 ? 'x' : nth);
};

/** Public holidays (`YYYY-MM-DD`, local dates, sorted, unique) of `country` in `year`, from date-holidays. */
export function libraryHolidays(country: string, year: number): string[] {
  const found = new Holidays(country).getHolidays(year).filter((h) => h.type === 'public');
  return [...new Set(found.map((h) => h.date.slice(0, 10)))].sort();
}

function encodeCountry(country: string): string {
  const years: string[][] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(libraryHolidays(country, y));
  // A rule is kept when it names a holiday in every year; the rest are listed year by year.
  const everyYear = (rule: (date: string) => string) => {
    const first = new Set((years[0] ?? []).map(rule));
    return [...first].filter((r) => years.every((dates) => dates.some((d) => rule(d) === r)));
  };
  const fixed = everyYear(monthDayCode);
  const easter = everyYear(easterCode);
  const weekday = everyYear(weekdayCode);
  const rest = years.map((dates) =>
    dates.filter(
      (d) =>
        !fixed.includes(monthDayCode(d)) &&
        !easter.includes(easterCode(d)) &&
        !weekday.includes(weekdayCode(d)),
    ),
  );
  return [fixed, easter, weekday, ...rest.map((dates) => dates.map(monthDayCode))]
    .map((codes) => codes.join(''))
    .join('|');
}

/** The ICU name of a zone (the spelling the runtime resolves it to), or undefined when unknown. */
function runtimeZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Zone → country. A zone several countries list goes to the one listing it first among its own
 * zones (Europe/Zurich: CH, not DE or LI), then to the first country alphabetically.
 */
function zoneCountries(countries: string[]): Map<string, string> {
  const best = new Map<string, { country: string; rank: number }>();
  for (const country of countries) {
    new Holidays(country).getTimezones().forEach((listed, rank) => {
      const zone = runtimeZone(listed);
      if (zone === undefined || !zone.includes('/')) return;
      const held = best.get(zone);
      if (held === undefined || rank < held.rank) best.set(zone, { country, rank });
    });
  }
  return new Map([...best].map(([zone, { country }]) => [zone, country]));
}

export function buildHolidaysModule(): string {
  const countries = Object.keys(new Holidays().getCountries()).sort();
  const holidays = Object.fromEntries(countries.map((c) => [c, encodeCountry(c)]));
  const areas: Record<string, string[]> = {};
  for (const [zone, country] of [...zoneCountries(countries)].sort()) {
    const cut = zone.indexOf('/');
    const area = zone.slice(0, cut);
    areas[area] = [...(areas[area] ?? []), `${zone.slice(cut + 1)} ${country}`];
  }
  const zones = Object.fromEntries(Object.entries(areas).map(([area, list]) => [area, list.join(' ')]));
  return [
    '// Generated by infra/bundling/build-holidays.ts (npm run build:holidays) from date-holidays: do not edit.',
    `export const HOLIDAY_YEARS = { first: ${FIRST_YEAR}, last: ${LAST_YEAR} } as const;`,
    `export const PUBLIC_HOLIDAYS: Record<string, string> = ${JSON.stringify(holidays)};`,
    `export const ZONE_COUNTRIES: Record<string, string> = ${JSON.stringify(zones)};`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = new URL('../../functions/domain/generated/holidays.ts', import.meta.url);
  const text = buildHolidaysModule();
  writeFileSync(target, text);
  console.log(`build:holidays: ${fileURLToPath(target)} (${(text.length / 1000).toFixed(1)} KB)`);
}
