/**
 * Numeric dates ("10/12", "08.12.2026") read by the sender's locale clues and checked against a
 * weekday named next to them (issue 12). A UK or European sender (a `+0000`/`+0100` Date offset,
 * "GMT", a +44 number) writes day/month; a US one (an American offset, "ET", "Pacific") writes
 * month/day. A weekday next to the date must agree: when the locale's reading disagrees and the
 * other reading agrees, the other wins; when neither does, the weekday's nearest match wins and the
 * disagreement is counted (the reader lowers its confidence). Each numeric date is rewritten with
 * its month's name, so the date parser downstream cannot read it the other way. Linear.
 */
import { DateTime } from 'luxon';

export type DayOrder = 'day-month' | 'month-day';

export interface LocaleClues {
  /** The raw Date header, e.g. "Tue, 1 Dec 2026 09:12:44 +0000". */
  dateHeader?: string;
  /** The contact's IANA zone. */
  timeZone: string;
  /** The contact's new text, signature included (a UK address or number is a clue). */
  text: string;
}

const US_TEXT =
  /\b(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|MT|MST|Eastern|Pacific|Central|Mountain)\b|\+1[\s-]\d{3}/;
const DAY_MONTH_TEXT =
  /\b(?:GMT|BST|CET|CEST|IST|AEST|AEDT|Ltd|UK|England|London|Scotland|India|Bengaluru|Mumbai|Delhi|Australia)\b|\+(?:44|91|61|49|33|34)\b|£|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b/;

/** Which way round the sender writes numeric dates. */
export function dayOrderOf(clues: LocaleClues): DayOrder {
  if (US_TEXT.test(clues.text)) return 'month-day';
  if (DAY_MONTH_TEXT.test(clues.text)) return 'day-month';
  const offset = /([+-])(\d{2})(\d{2})(?:\s*\([^)]*\))?\s*$/.exec(clues.dateHeader ?? '');
  if (offset) {
    const hours = Number(offset[2]);
    return offset[1] === '-' && hours >= 3 && hours <= 10 ? 'month-day' : 'day-month';
  }
  return clues.timeZone.startsWith('America/') ? 'month-day' : 'day-month';
}

const WEEKDAYS: readonly (readonly string[])[] = [
  ['monday', 'mon', 'montag', 'mo', 'lundi', 'lun', 'lunes'],
  ['tuesday', 'tue', 'tues', 'dienstag', 'di', 'mardi', 'mar', 'martes'],
  ['wednesday', 'wed', 'mittwoch', 'mi', 'mercredi', 'mer', 'miércoles', 'miercoles', 'mié'],
  ['thursday', 'thu', 'thur', 'thurs', 'donnerstag', 'do', 'jeudi', 'jeu', 'jueves', 'jue'],
  ['friday', 'fri', 'freitag', 'fr', 'vendredi', 'ven', 'viernes', 'vie'],
  ['saturday', 'sat', 'samstag', 'sa', 'samedi', 'sam', 'sábado', 'sabado'],
  ['sunday', 'sun', 'sonntag', 'so', 'dimanche', 'dim', 'domingo', 'dom'],
];
const WEEKDAY_NUMBER = new Map(WEEKDAYS.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
const WEEKDAY_BEFORE = /(\p{L}+)\.?,?\s*(?:the\s+|den\s+|le\s+|el\s+)?$/u;
const WEEKDAY_AFTER = /^\s*\(?(\p{L}+)/u;

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** d/m, d/m/y, d.m.y, d.m. — not a time ("9.30"), a fraction ("1/2 hour") or "24/7". */
const NUMERIC_DATE =
  /(?<![\d/.:,])(\d{1,2})([/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?(\.)?(?![\d/:]|\.\d|\s*(?:hours?|hrs?|mins?)\b)/g;

export interface RewrittenDates {
  text: string;
  /** Numeric dates whose named weekday matched neither reading (read as the weekday's nearest day). */
  disagreements: number;
  /** Numeric dates rewritten. */
  rewritten: number;
}

/** `text` with its numeric dates spelled out (month names), read by `order`, weekday-checked. */
export function rewriteNumericDates(
  text: string,
  order: DayOrder,
  reference: { receivedAt: Date; timeZone: string },
): RewrittenDates {
  const today = DateTime.fromJSDate(reference.receivedAt, { zone: reference.timeZone }).startOf('day');
  let disagreements = 0;
  let rewritten = 0;
  const out = text.replace(
    NUMERIC_DATE,
    (whole, a: string, separator: string, b: string, year: string | undefined, dot, index: number) => {
      if (separator === '.' && year === undefined && dot === undefined) return whole;
      if (whole === '24/7') return whole;
      const first = Number(a);
      const second = Number(b);
      const weekday = weekdayNear(text, index, index + whole.length);
      const readings = (order === 'day-month' ? [[second, first]] : [[first, second]])
        .concat(order === 'day-month' ? [[first, second]] : [[second, first]])
        .map(([month = 0, day = 0]) => dateOf(month, day, year, today))
        .filter((d): d is DateTime => d !== undefined);
      const preferred = readings[0];
      if (!preferred) return whole;
      let chosen = preferred;
      if (weekday !== undefined && preferred.weekday !== weekday) {
        const agreeing = readings.find((d) => d.weekday === weekday);
        if (agreeing) chosen = agreeing;
        else {
          disagreements++;
          chosen = nearestWeekday(preferred, weekday);
        }
      }
      rewritten++;
      const spelled = `${MONTHS_EN[chosen.month - 1]} ${chosen.day}, ${chosen.year}`;
      return spelled + (dot && year !== undefined ? '.' : '');
    },
  );
  return { text: out, disagreements, rewritten };
}

const ENGLISH_WEEKDAY =
  /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?(,?\s+(?:the\s+)?)(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|[/.:]\d|am\b|pm\b|a\.m|p\.m|h\b|uhr))/gi;
/** How many months ahead a "Wednesday the 9th" is looked for. */
const MONTHS_AHEAD = 3;

/**
 * "Wednesday the 9th" (a weekday and a day of the month, no month) with its month spelled out: the
 * first month from this one whose 9th is a Wednesday; when none is, the next 9th (the weekday then
 * disagrees, counted). Linear.
 */
export function rewriteWeekdayOrdinals(
  text: string,
  reference: { receivedAt: Date; timeZone: string },
): RewrittenDates {
  const today = DateTime.fromJSDate(reference.receivedAt, { zone: reference.timeZone }).startOf('day');
  let disagreements = 0;
  let rewritten = 0;
  const out = text.replace(ENGLISH_WEEKDAY, (whole, name: string, between: string, day: string) => {
    const weekday = WEEKDAY_NUMBER.get(name.toLowerCase().replace(/\.$/, ''));
    const dayOfMonth = Number(day);
    if (weekday === undefined || dayOfMonth < 1 || dayOfMonth > 31) return whole;
    const candidates = daysOfMonthAhead(today, dayOfMonth);
    const first = candidates[0];
    if (!first) return whole;
    const agreeing = candidates.find((d) => d.weekday === weekday);
    if (!agreeing) disagreements++;
    const chosen = agreeing ?? nearestWeekday(first, weekday);
    rewritten++;
    return `${name}${between.replace(/\s*the\s+$/i, ' ')}${MONTHS_EN[chosen.month - 1]} ${chosen.day}, ${chosen.year}`;
  });
  return { text: out, disagreements, rewritten };
}

/** The days numbered `dayOfMonth` from `today` on, in this month and the next MONTHS_AHEAD. */
function daysOfMonthAhead(today: DateTime, dayOfMonth: number): DateTime[] {
  const days: DateTime[] = [];
  for (let ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
    const month = today.plus({ months: ahead });
    const date = DateTime.fromObject(
      { year: month.year, month: month.month, day: dayOfMonth },
      { zone: today.zone },
    );
    if (date.isValid && date >= today) days.push(date);
  }
  return days;
}

function dateOf(month: number, day: number, year: string | undefined, today: DateTime): DateTime | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const named = year === undefined ? undefined : year.length === 2 ? 2000 + Number(year) : Number(year);
  const candidate = DateTime.fromObject({ year: named ?? today.year, month, day }, { zone: today.zone });
  if (!candidate.isValid) return undefined;
  // No year: the next such day (a date more than two months back is next year's).
  if (named === undefined && candidate < today.minus({ months: 2 })) return candidate.plus({ years: 1 });
  return candidate;
}

function weekdayNear(text: string, start: number, end: number): number | undefined {
  const before = WEEKDAY_BEFORE.exec(text.slice(Math.max(0, start - 16), start))?.[1]?.toLowerCase();
  const named = before ? WEEKDAY_NUMBER.get(before) : undefined;
  if (named !== undefined && (before?.length ?? 0) > 2) return named;
  const after = WEEKDAY_AFTER.exec(text.slice(end, end + 16))?.[1]?.toLowerCase();
  return after && after.length > 2 ? WEEKDAY_NUMBER.get(after) : undefined;
}

/** The day with `weekday` nearest `date` (within three days either side; later on a tie). */
function nearestWeekday(date: DateTime, weekday: number): DateTime {
  const forward = (weekday - date.weekday + 7) % 7;
  return forward <= 3 ? date.plus({ days: forward }) : date.minus({ days: 7 - forward });
}

const WEEKDAY_WEEK = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+week\b/gi;

/**
 * "Thursday week" (British and Irish English): the Thursday a week after the coming one, spelled as
 * a date so the date parser does not read it as this Thursday. Linear.
 */
export function rewriteWeekdayWeek(text: string, reference: { receivedAt: Date; timeZone: string }): string {
  const today = DateTime.fromJSDate(reference.receivedAt, { zone: reference.timeZone }).startOf('day');
  return text.replace(WEEKDAY_WEEK, (whole, name: string) => {
    const weekday = WEEKDAY_NUMBER.get(name.toLowerCase());
    if (weekday === undefined) return whole;
    const coming = today.plus({ days: (weekday - today.weekday + 7) % 7 || 7 });
    const date = coming.plus({ days: 7 });
    return `${name}, ${MONTHS_EN[date.month - 1]} ${date.day}, ${date.year}`;
  });
}

const CLOCK_WORDS = [
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const SPOKEN_TIME = new RegExp(
  `\\b(half past|half|(?:a )?quarter past|(?:a )?quarter to)\\s+(${CLOCK_WORDS.join('|')}|1[0-2]|[1-9])\\b(?!\\s*-|\\s*(?:hours?|hrs?|mins?|minutes?|secs?|seconds?|days?|weeks?|months?|years?|of|dozen|thirds?|quarters?|halves|percent|per\\s*cent)\\b|\\s*%|[.:,]\\d)`,
  'gi',
);

/**
 * Spoken clock times spelled as numbers: "half two" (British and Irish English: half past two) and
 * "half past two" → "2:30", "quarter past three" → "3:15", "quarter to four" → "3:45". Linear.
 */
export function rewriteSpokenTimes(text: string): string {
  return text.replace(SPOKEN_TIME, (_whole, how: string, hour: string) => {
    const n = CLOCK_WORDS.indexOf(hour.toLowerCase()) + 1 || Number(hour);
    const words = how.toLowerCase();
    if (words.endsWith('quarter to')) return `${n === 1 ? 12 : n - 1}:45`;
    return `${n}:${words.includes('quarter') ? '15' : '30'}`;
  });
}

const SAME_TIME = /\b(?:the )?same time(?: slot)?\b/gi;

/**
 * With a meeting booked, "Monday, same time?" moves it to the same time of day: "same time" spelled
 * as the meeting's start in the contact's zone ("3:00pm"). Without one, the text as it is. Linear.
 */
export function rewriteSameTime(text: string, meetingStart: string | undefined, timeZone: string): string {
  if (!meetingStart) return text;
  const start = DateTime.fromISO(meetingStart, { zone: timeZone });
  if (!start.isValid) return text;
  return text.replace(SAME_TIME, () => start.toFormat('h:mma').toLowerCase());
}

const BARE_ORDINAL =
  /\bthe (\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;?!)]|at\b|@|$|instead\b|works\b|would\b|suits?\b|please\b|if\b))/gi;

/**
 * "Can we do the 10th, 3pm?" (a day of the month alone, before a time or the end of a clause, not
 * "the 10th floor" nor "the 10th of May") with its month spelled out: the next 10th from today.
 * Linear. Run after `rewriteWeekdayOrdinals` (which reads "Thursday the 10th" by its weekday).
 */
export function rewriteBareOrdinals(text: string, reference: { receivedAt: Date; timeZone: string }): string {
  const today = DateTime.fromJSDate(reference.receivedAt, { zone: reference.timeZone }).startOf('day');
  return text.replace(BARE_ORDINAL, (whole, day: string) => {
    const date = daysOfMonthAhead(today, Number(day))[0];
    return date ? `${MONTHS_EN[date.month - 1]} ${date.day}, ${date.year}` : whole;
  });
}
