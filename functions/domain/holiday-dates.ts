/**
 * The rules the compact table of `generated/holidays.ts` is written in, shared by its builder
 * (infra/bundling/build-holidays.ts) and its reader (`holiday-calendar.ts`). A rule is a short
 * code of one kind; `ruleDates` gives the `YYYY-MM-DD` dates it names in a year:
 * - `fixed`: month and day, two base-36 characters (`cp` = 25 December);
 * - `easter` / `orthodox`: days after Western / Orthodox Easter Sunday + 50, two base-36 characters;
 * - `weekday`: month, ISO weekday, which one (1–4, `l` the last): `511` = the first Monday of May;
 * - `hijri`: Islamic (Umm al-Qura) month and day, two base-36 characters (`a1` = 1 Shawwal).
 */

export const RULE_KINDS = ['fixed', 'easter', 'orthodox', 'weekday', 'hijri'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
/** Characters per code of each kind. */
export const CODE_LENGTH: Record<RuleKind, number> = {
  fixed: 2,
  easter: 2,
  orthodox: 2,
  weekday: 3,
  hijri: 2,
};

const DAY = 86_400_000;
const b36 = (n: number) => n.toString(36);
const int36 = (c: string | undefined) => Number.parseInt(c ?? '', 36);

/** `YYYY-MM-DD` of a UTC-midnight epoch ms. */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function utc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** Western Easter Sunday (Gregorian; the anonymous algorithm), UTC-midnight epoch ms. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const n = h + l - 7 * m + 114;
  return Date.UTC(year, Math.floor(n / 31) - 1, (n % 31) + 1);
}

/** Orthodox Easter Sunday (Meeus' Julian algorithm, + 13 days to the Gregorian date, 1900–2099). */
function orthodoxEaster(year: number): number {
  const d = (19 * (year % 19) + 15) % 30;
  const e = (2 * (year % 4) + 4 * (year % 7) - d + 34) % 7;
  const n = d + e + 114;
  return Date.UTC(year, Math.floor(n / 31) - 1, (n % 31) + 1 + 13);
}

let hijriFormat: Intl.DateTimeFormat | undefined;
const hijriYears = new Map<number, Map<string, string[]>>();

/** Islamic month and day code → the Gregorian dates of `year` that carry it (one, or two). */
function hijriDays(year: number): Map<string, string[]> {
  let days = hijriYears.get(year);
  if (days !== undefined) return days;
  hijriFormat ??= new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
    timeZone: 'UTC',
    month: 'numeric',
    day: 'numeric',
  });
  days = new Map();
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += DAY) {
    const parts = hijriFormat.formatToParts(t);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const code = b36(part('month')) + b36(part('day'));
    days.set(code, [...(days.get(code) ?? []), dateOf(t)]);
  }
  hijriYears.set(year, days);
  return days;
}

/** The code of `kind` naming `date` (a `YYYY-MM-DD`). */
export function ruleCode(kind: RuleKind, date: string): string {
  const t = utc(date);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  switch (kind) {
    case 'fixed':
      return b36(month) + b36(day);
    case 'easter':
    case 'orthodox': {
      const sunday = kind === 'easter' ? easterSunday(year) : orthodoxEaster(year);
      return b36(Math.round((t - sunday) / DAY) + 50).padStart(2, '0');
    }
    case 'weekday': {
      const last = day + 7 > new Date(Date.UTC(year, month, 0)).getUTCDate();
      return b36(month) + (new Date(t).getUTCDay() || 7) + (last ? 'l' : Math.ceil(day / 7));
    }
    case 'hijri':
      return [...hijriDays(year)].find(([, dates]) => dates.includes(date))?.[0] ?? '';
  }
}

/** The dates of `year` a rule names (sorted). */
export function ruleDates(kind: RuleKind, code: string, year: number): string[] {
  switch (kind) {
    case 'fixed': {
      const t = Date.UTC(year, int36(code[0]) - 1, int36(code[1]));
      return dateOf(t).startsWith(`${year}-`) && new Date(t).getUTCDate() === int36(code[1])
        ? [dateOf(t)]
        : [];
    }
    case 'easter':
    case 'orthodox':
      return [
        dateOf((kind === 'easter' ? easterSunday(year) : orthodoxEaster(year)) + (int36(code) - 50) * DAY),
      ];
    case 'weekday': {
      const month = int36(code[0]);
      const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay() || 7;
      let day =
        1 + ((Number(code[1]) - firstWeekday + 7) % 7) + 7 * (code[2] === 'l' ? 4 : Number(code[2]) - 1);
      while (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) day -= 7;
      return [dateOf(Date.UTC(year, month - 1, day))];
    }
    case 'hijri':
      return hijriDays(year).get(code) ?? [];
  }
}
