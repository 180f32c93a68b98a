/**
 * Dates and times named in a reply, read with chrono-node relative to when the reply arrived, in
 * the contact's time zone (so "Thursday" and "2pm" mean the contact's Thursday and 2pm).
 *
 * The text is read in English only: German, French and Spanish day and month names and clock times
 * are spelled in English first (`foreign-dates.ts`), numeric dates by the sender's locale
 * (`numeric-dates.ts`) — three more chrono locales would not fit the inbound function's budget.
 */
import * as chrono from 'chrono-node';
import { DateTime, IANAZone } from 'luxon';
import { instantOfWallTime } from '../timing.ts';
import { findPhrase } from './match-phrase.ts';
import { RETURN_CUES } from './phrases.ts';

/** A day (and maybe a time of day) named in the text. */
export interface DateMention {
  /** Where the mention starts and ends in the text. */
  index: number;
  end: number;
  text: string;
  /** The named day, local to the contact: YYYY-MM-DD. */
  date: string;
  /** The instant, when a time of day was given: UTC ISO. */
  instant?: string;
  /** The last day of a range ("Dec 1 – Dec 11"), when one was given: YYYY-MM-DD. */
  endDate?: string;
  /** Only a weekday was named ("Thursday"): its week is a guess (the next one). */
  weekdayOnly?: true;
}

export interface DateReference {
  receivedAt: Date;
  timeZone: string;
}

/** Text between a day and a time of day that still reads as one mention: "Dec 8) at 8:30am". */
const JOINER = /^[\s,()]*(?:at|um|à|a las)?[\s,]*$/i;
/**
 * A day, then a time a few words on in the same sentence or the next: "Tuesday suits me best -
 * let's do 2:30", "Thursday afternoon is fine. 3pm?". Not across a range word ("after 2pm").
 */
const NEAR_JOINER = /^[^\n\d]{0,32}$/;
/** "Thursday after 5pm" is a window, not a time. */
const RANGE_WORD = /\b(?:after|before|from|until|till|between|by|ab|nach|vor|après|avant|después|antes)\b/i;
const NOT_A_JOIN = /\b(?:after|before|between|until|till|from|or|and|except|not|other)\b/i;
/** A meeting "at 2" means 2pm: hours up to this one without am/pm are taken as afternoon. */
const LAST_AMBIGUOUS_AFTERNOON_HOUR = 7;
const MAX_CUE_DISTANCE = 40;

/**
 * Days and times are looked for in the first this many characters of the new text: where a person
 * proposes a time or says when they are back (chrono reads about 30 KB a second in four languages).
 */
export const MAX_DATE_TEXT_CHARS = 5_000;

/** Every day named in the first {@link MAX_DATE_TEXT_CHARS} of `text`, in text order, a time of day attached where one follows the day. */
export function findDateMentions(fullText: string, reference: DateReference): DateMention[] {
  const text = fullText.slice(0, MAX_DATE_TEXT_CHARS);
  const chronoReference = { instant: reference.receivedAt, timezone: offsetMinutesAt(reference) };
  const options = { forwardDate: true };
  const pieces = piecesOf(text);
  // Parse functions, not the chrono namespace: passing the namespace would bundle every locale.
  const parse = (parseText: typeof chrono.parse) =>
    pieces.flatMap((piece) =>
      parseText(piece.text, chronoReference, options).map((result) => {
        // Typed read-only, a plain field at run time: moved to where the piece starts in the text.
        (result as { index: number }).index += piece.start;
        return result;
      }),
    );
  // German, French and Spanish names are spelled in English before this (`foreign-dates.ts`).
  const english = parse(chrono.parse);
  const results = longestWithoutOverlap(english).sort((a, b) => a.index - b.index);
  return joinTimesToDays(text, results).flatMap((parts) => toMention(text, parts, reference));
}

/** Local dates (first first, no repeats) and instants of the meeting times a reply proposes. */
export function proposedMeetingTimes(
  text: string,
  reference: DateReference,
): { dates: string[]; instants: string[] } {
  const today = localDate(reference.receivedAt, reference.timeZone);
  const mentions = findDateMentions(text, reference).filter((m) => m.date >= today);
  return {
    dates: unique(mentions.map((m) => m.date)),
    instants: unique(mentions.flatMap((m) => (m.instant ? [m.instant] : []))),
  };
}

/**
 * The first day back named in an out-of-office, with the words that said so: the first date after
 * the strongest return cue ("back on", then "through", then "until"), else the day after a range.
 * Never a day before the reply arrived.
 */
export function findReturnDate(
  text: string,
  reference: DateReference,
): { date: string; evidence: string } | undefined {
  const today = localDate(reference.receivedAt, reference.timeZone);
  const found = findDateMentions(text, reference)
    .map((m) => withoutYearRollover(m, today))
    .filter((m) => m.date >= today || (m.endDate !== undefined && m.endDate >= today));
  // "Away through Wednesday, December 9 … back on Thursday": a bare weekday falls after the dated absence.
  const lastDated = found
    .filter((m) => !m.weekdayOnly)
    .map((m) => m.endDate ?? m.date)
    .sort()
    .at(-1);
  const mentions = found.map((m) => (m.weekdayOnly && lastDated ? onOrAfter(m, lastDated) : m));
  for (const cue of RETURN_CUES) {
    for (const mention of mentions) {
      const clause = lastClause(text.slice(Math.max(0, mention.index - MAX_CUE_DISTANCE), mention.index));
      const word = findPhrase(clause, cue.phrases);
      if (word) {
        const evidence = `${clause.slice(clause.lastIndexOf(word))}${mention.text}`;
        // "jusqu'au 9 décembre inclus", "until 11 Dec inclusive": the named day is the last one away.
        const inclusive = INCLUSIVE_AFTER.test(text.slice(mention.end, mention.end + 20)) ? 1 : 0;
        return { date: addDays(mention.date, Math.max(cue.daysAfter, inclusive)), evidence };
      }
    }
  }
  const range = mentions.find((m) => m.endDate);
  return range?.endDate ? { date: addDays(range.endDate, 1), evidence: range.text } : undefined;
}

/** A weekday-only mention moved by whole weeks to fall on or after `date`. */
function onOrAfter(mention: DateMention, date: string): DateMention {
  let day = mention.date;
  for (let i = 0; i < 53 && day < date; i++) day = addDays(day, 7);
  return { ...mention, date: day };
}

const INCLUSIVE_AFTER =
  /^\s*\(?(?:inclus(?:ive|ively)?|incl\.?|einschließlich|inklusive|incluido|inclusive)\b/i;

/**
 * A range whose start has passed ("from 30th November till 6th December") is read by chrono a year
 * on: a mention more than 300 days ahead whose date a year earlier is still to come is that date.
 */
function withoutYearRollover(mention: DateMention, today: string): DateMention {
  const back = (date: string) =>
    DateTime.fromISO(date, { zone: 'utc' }).minus({ years: 1 }).toISODate() ?? date;
  const farAhead = addDays(today, 300);
  if (mention.date <= farAhead) return mention;
  const earlier = back(mention.date);
  if (earlier < today && !(mention.endDate && back(mention.endDate) >= today)) return mention;
  return {
    ...mention,
    date: earlier,
    ...(mention.endDate ? { endDate: back(mention.endDate) } : {}),
  };
}

/**
 * chrono's patterns backtrack (de and fr are quadratic in a run of spaces), so it reads the text in
 * pieces of at most this many characters, cut at a line break where there is one.
 */
const CHRONO_PIECE_CHARS = 2_000;
/** Runs of whitespace longer than this are read as one space either side of filler of the same length. */
const LONGEST_WHITESPACE_RUN = 3;

/** The text in pieces for chrono, each with where it starts; long whitespace runs filled, lengths kept. */
function piecesOf(text: string): { start: number; text: string }[] {
  const pieces: { start: number; text: string }[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + CHRONO_PIECE_CHARS);
    if (end < text.length) {
      const lineBreak = text.lastIndexOf('\n', end - 1);
      if (lineBreak > start) end = lineBreak + 1;
    }
    const piece = text
      .slice(start, end)
      .replace(
        new RegExp(`\\s{${LONGEST_WHITESPACE_RUN + 1},}`, 'g'),
        (run) => `${run[0]}${'_'.repeat(run.length - 2)}${run.at(-1)}`,
      );
    pieces.push({ start, text: piece });
    start = end;
  }
  return pieces;
}

type Parsed = chrono.ParsedResult;
/** A day, the time of day that goes with it, and where the last piece of it ends in the text. */
type Parts = { day: Parsed; time?: Parsed; end: number };

function namesADay(result: Parsed): boolean {
  const tags = result.tags();
  if (tags.has('result/relativeDate') || tags.has('casualReference/now')) return false;
  return result.start.isCertain('day') || result.start.isCertain('weekday');
}

function namesATime(result: Parsed): boolean {
  // "now", "tonight": a moment, not a meeting time; "for 30 minutes", "in 2 hours": a span, not a time of day.
  if (
    result.tags().has('casualReference/now') ||
    result.tags().has('result/relativeDate') ||
    /^\s*(?:now|right now|today|tonight)\s*$/i.test(result.text)
  )
    return false;
  return result.start.isCertain('hour');
}

/** Where readings overlap, the one covering more text wins ("7 décembre" over English "7 d"); English on ties. */
function longestWithoutOverlap(results: readonly Parsed[]): Parsed[] {
  const kept: Parsed[] = [];
  // Characters taken by a kept reading: each reading checks its own span, not every kept one.
  const taken = new Set<number>();
  for (const result of [...results].sort((a, b) => b.text.length - a.text.length)) {
    const span = Array.from({ length: result.text.length }, (_, i) => result.index + i);
    if (span.some((position) => taken.has(position))) continue;
    for (const position of span) taken.add(position);
    kept.push(result);
  }
  return kept;
}

/** Days with their time of day; a bare time right after a day without one belongs to that day. */
function joinTimesToDays(text: string, results: readonly Parsed[]): Parts[] {
  const joined: Parts[] = [];
  for (const result of results) {
    const previous = joined.at(-1);
    if (namesADay(result)) {
      if (previous && sameDay(previous.day, result) && !previous.time) {
        if (namesATime(result)) previous.time = result;
        previous.end = endOf(result);
        continue;
      }
      joined.push({ day: result, time: namesATime(result) ? result : undefined, end: endOf(result) });
    } else if (namesATime(result) && previous && !previous.time && follows(text, previous.end, result)) {
      previous.time = result;
      previous.end = endOf(result);
    }
  }
  return joined;
}

function sameDay(a: Parsed, b: Parsed): boolean {
  return (['year', 'month', 'day'] as const).every((c) => a.start.get(c) === b.start.get(c));
}

/** A length of time between a day and its time ("Thursday I can squeeze in 20 mins at 2:45"). */
const DURATION = /\b\d{1,3}(?:\s*(?:-|to)\s*\d{1,3})?\s*(?:mins?|minutes?|hrs?|hours?)\b/gi;

/** Whether `time` comes right after `dayEnd` in `text`, with only joining words between them. */
function follows(text: string, dayEnd: number, time: Parsed): boolean {
  if (time.index < dayEnd) return false;
  const between = text.slice(dayEnd, time.index);
  const words = between.replace(DURATION, 'a while');
  return JOINER.test(between) || (NEAR_JOINER.test(words) && !NOT_A_JOIN.test(words));
}

function endOf(result: Parsed): number {
  return result.index + result.text.length;
}

function toMention(text: string, parts: Parts, reference: DateReference): DateMention[] {
  const { day, time } = parts;
  const year = day.start.get('year');
  const month = day.start.get('month');
  const dayOfMonth = day.start.get('day');
  if (year === null || month === null || dayOfMonth === null) return [];
  let date = isoDate(year, month, dayOfMonth);
  // "Tuesday" written on a Tuesday is next Tuesday (chrono reads it as today).
  if (
    day.start.isCertain('weekday') &&
    !day.start.isCertain('day') &&
    date === localDate(reference.receivedAt, reference.timeZone)
  )
    date = addDays(date, 7);
  const mention: DateMention = {
    index: day.index,
    end: parts.end,
    text: text.slice(day.index, parts.end),
    date,
    ...(day.start.isCertain('weekday') && !day.start.isCertain('day') ? { weekdayOnly: true as const } : {}),
  };
  // "Thursday now" is a day said now, not a time of day.
  if (time && !/\b(?:now|today|tonight)\s*$/i.test(time.text) && !RANGE_WORD.test(mention.text))
    mention.instant = instantOf(date, time, reference.timeZone);
  if (day.end) {
    const [y, m, d] = [day.end.get('year'), day.end.get('month'), day.end.get('day')];
    if (y !== null && m !== null && d !== null) mention.endDate = isoDate(y, m, d);
  }
  return [mention];
}

/** The instant of `time`'s time of day on `date`: in its own zone if it named one, else the contact's. */
function instantOf(date: string, time: Parsed, zone: string): string {
  let hour = time.start.get('hour') ?? 0;
  const minute = time.start.get('minute') ?? 0;
  if (!time.start.isCertain('meridiem') && hour >= 1 && hour <= LAST_AMBIGUOUS_AFTERNOON_HOUR) hour += 12;
  const namedOffset = time.start.isCertain('timezoneOffset') ? time.start.get('timezoneOffset') : null;
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  const wall = { year, month, day, hour, minute };
  // A time that does not exist (spring forward) moves forward by the gap (02:30 → 03:30).
  const millis =
    namedOffset === null
      ? instantOfWallTime(wall, zone, 'shift-forward')
      : Date.UTC(year, month - 1, day, hour, minute) - namedOffset * 60_000;
  return new Date(millis).toISOString();
}

function offsetMinutesAt(reference: DateReference): number {
  return IANAZone.create(reference.timeZone).offset(reference.receivedAt.getTime());
}

/** The contact's calendar date at an instant: YYYY-MM-DD. */
function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** The text after the last sentence break, so a cue in an earlier sentence does not count. */
function lastClause(text: string): string {
  const parts = text.split(/[.!?;\n]\s/);
  return parts.at(-1) ?? text;
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
