/**
 * `npm run build:holidays`: writes `functions/shared/generated/holidays.ts`, the public holidays of
 * every country date-holidays knows for HOLIDAY_YEARS, and the zone → country map used when a
 * contact names no country — from date-holidays' own per-country zone lists (the package is
 * installed; its 1.5 MB never goes into a function). Run it when date-holidays is upgraded or the
 * years move on; test/unit/domain/holidays.test.ts checks the file against the library.
 *
 * Encoding (`functions/domain/holiday-calendar.ts` reads it): one string, a country per `;`-separated
 * entry: its code, then `|`-separated sections — for each kind of rule of `holiday-dates.ts` the
 * codes of the rules that name holidays in every year (and nothing else), then for each year the
 * dates no rule named (month and day codes). Zones are grouped by area: `Europe:London GB Berlin DE`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import Holidays from 'date-holidays';
import type { HolidayTable } from '../../functions/domain/holiday-calendar.ts';
import {
  CODE_LENGTH,
  dateOf,
  RULE_KINDS,
  ruleCode,
  ruleDates,
} from '../../functions/domain/holiday-dates.ts';

export const FIRST_YEAR = 2026;
export const LAST_YEAR = 2030;

/**
 * Public holidays (`YYYY-MM-DD`, local dates, sorted, unique) of `country` in `year`, from
 * date-holidays: every day a holiday of type `public` lasts (Eid al-Fitr often three).
 */
export function libraryHolidays(country: string, year: number): string[] {
  const dates = new Set<string>();
  for (const h of new Holidays(country).getHolidays(year)) {
    if (h.type !== 'public') continue;
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`);
    for (let i = 0; i < days; i++) dates.add(dateOf(first + i * 86_400_000));
  }
  return [...dates].filter((d) => d.startsWith(`${year}-`)).sort();
}

function encodeCountry(country: string): string {
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  const holidays = years.map((y) => new Set(libraryHolidays(country, y)));
  const covered = years.map(() => new Set<string>());
  const sections = RULE_KINDS.map((kind) => {
    const candidates = new Set<string>();
    holidays.forEach((dates, i) => {
      for (const d of dates) if (!covered[i]?.has(d)) candidates.add(ruleCode(kind, d));
    });
    // A rule is kept when, every year, it names at least one date and only holidays.
    const kept = [...candidates].filter(
      (code) =>
        code.length === CODE_LENGTH[kind] &&
        years.every((y, i) => {
          const named = ruleDates(kind, code, y);
          return named.length > 0 && named.every((d) => holidays[i]?.has(d));
        }),
    );
    for (const code of kept) {
      years.forEach((y, i) => {
        for (const d of ruleDates(kind, code, y)) covered[i]?.add(d);
      });
    }
    return kept.join('');
  });
  const rest = holidays.map((dates, i) =>
    [...dates]
      .filter((d) => !covered[i]?.has(d))
      .map((d) => ruleCode('fixed', d))
      .join(''),
  );
  return country + [...sections, ...rest].join('|');
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

/** The table (see HolidayTable), plain. */
export function buildHolidayTable(): HolidayTable {
  const countries = Object.keys(new Holidays().getCountries()).sort();
  const areas: Record<string, string[]> = {};
  for (const [zone, country] of [...zoneCountries(countries)].sort()) {
    const cut = zone.indexOf('/');
    const area = zone.slice(0, cut);
    areas[area] = [...(areas[area] ?? []), `${zone.slice(cut + 1)} ${country}`];
  }
  return {
    first: FIRST_YEAR,
    last: LAST_YEAR,
    holidays: countries.map(encodeCountry).join(';'),
    zones: Object.entries(areas)
      .map(([area, list]) => `${area}:${list.join(' ')}`)
      .join(';'),
  };
}

/** The module: the table as JSON, Brotli-compressed (deterministic at a fixed quality), base64. */
export function buildHolidaysModule(): string {
  const json = Buffer.from(JSON.stringify(buildHolidayTable()));
  const packed = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  return [
    '// Generated by infra/bundling/build-holidays.ts (npm run build:holidays) from date-holidays: do not edit.',
    `// Public holidays ${FIRST_YEAR}–${LAST_YEAR} and zone → country: JSON, Brotli, base64 (read by #shared/holiday-table.ts).`,
    `export const HOLIDAY_TABLE = '${packed.toString('base64')}';`,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = new URL('../../functions/shared/generated/holidays.ts', import.meta.url);
  const text = buildHolidaysModule();
  writeFileSync(target, text);
  console.log(`build:holidays: ${fileURLToPath(target)} (${(text.length / 1000).toFixed(1)} KB)`);
}
