/**
 * When things happen: send windows, business days, follow-ups, meeting emails, keep-in-touch.
 * Pure: every function takes the instants it needs; nothing reads the clock.
 *
 * Conventions
 * - Instants go in as `Date` or ISO strings (a string without an offset is read as UTC) and come out
 *   as UTC ISO strings (`2027-03-15T13:00:00.000Z`).
 * - Planned times are rounded *up* to the whole minute: EventBridge `at()` has minute precision.
 * - A window `{ days, start, end }` holds every instant whose local weekday (in the zone) is one of
 *   `days` and whose local wall-clock time is ≥ `start` and < `end`.
 * - Local times are resolved with the zone rules Luxon reads from Intl. A local time that does not
 *   exist (spring forward) resolves to the first minute after the gap; an ambiguous one (fall back)
 *   to its first occurrence. We do not use `DateTime.fromObject` for this: Luxon guesses the offset
 *   of an ambiguous time from the offset in force *now*, which would make the result depend on the
 *   clock. Instead we ask the zone for its offsets around the time and keep the candidates whose
 *   wall-clock reading is exactly the wanted one.
 */
import { DateTime, IANAZone } from 'luxon';
import { ValidationError } from './errors.ts';
import { assertTimeZone, minutesOfDay, personalWindowOf } from './policy.ts';
import type { CampaignPolicy, SendWindow } from './types.ts';

export type Instant = Date | string;

/**
 * Public holidays of the contact's country, as local `YYYY-MM-DD` dates: a window holds no instant
 * on them and they are not business days. Outreach, follow-ups, confirmations and "meeting
 * tomorrow" pass them; the personal emails after a meeting (thank-you, referrer note) do not.
 */
export type Holidays = ReadonlySet<string>;
const NO_HOLIDAYS: Holidays = new Set();

function isHoliday(date: LocalDate, holidays: Holidays): boolean {
  return holidays.size > 0 && holidays.has(date.toISODate() as string);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A bound on every day-by-day search: a window that matches no day in a year is a bug. */
const MAX_DAYS_SEARCHED = 400;

/** Epoch milliseconds of an instant; a ValidationError naming `field` if it is not one. */
export function toMillis(instant: Instant, field = 'instant'): number {
  if (instant instanceof Date) {
    const t = instant.getTime();
    if (Number.isNaN(t)) throw ValidationError.of(field, 'is not a valid date');
    return t;
  }
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'utc' }) : undefined;
  if (!dt?.isValid)
    throw ValidationError.of(field, `"${String(instant).slice(0, 40)}" is not an ISO-8601 instant`);
  return dt.toMillis();
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE) * MINUTE;
}

function floorMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

function zoneOf(zone: string): IANAZone {
  assertTimeZone(zone);
  return IANAZone.create(zone);
}

/** A calendar date (no zone), carried as a UTC-midnight DateTime so date arithmetic is plain calendar arithmetic. */
type LocalDate = DateTime;

function localDateOf(ms: number, zone: IANAZone): LocalDate {
  const dt = DateTime.fromMillis(ms, { zone });
  return DateTime.utc(dt.year, dt.month, dt.day);
}

/** The wall-clock reading of `ms` in `zone`, as if it were UTC (so readings compare as numbers). */
function wallClock(ms: number, zone: IANAZone): number {
  return DateTime.fromMillis(ms, { zone }).setZone('utc', { keepLocalTime: true }).toMillis();
}

/** A local wall-clock reading: a calendar date and a time of day, in no zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** The offsets (minutes) `zone` uses around the wall reading `wanted`: the only candidates. */
function offsetsAround(wanted: number, zone: IANAZone): number[] {
  // Every instant reading `wanted` lies within [wanted − 14 h, wanted + 12 h] (offsets span
  // −12 h … +14 h). When the offset is the same at both ends and in the middle it is the only one
  // (no zone changes its offset and back within a day); otherwise scan the span every 30 minutes
  // (no zone keeps an offset for less than that).
  const from = wanted - 15 * HOUR;
  const to = wanted + 13 * HOUR;
  const offsets = new Set([zone.offset(from), zone.offset(wanted), zone.offset(to)]);
  if (offsets.size > 1) for (let t = from; t <= to; t += 30 * MINUTE) offsets.add(zone.offset(t));
  return [...offsets];
}

/** The instants whose wall-clock reading in `zone` is `wanted` (a reading as if UTC), sorted. */
function exactInstants(wanted: number, offsets: number[], zone: IANAZone): number[] {
  const found = new Set<number>();
  for (const offset of offsets) {
    const t = wanted - offset * MINUTE;
    if (zone.offset(t) === offset) found.add(t);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * What a wall time that does not exist (spring forward) is read as: 'gap-end', the instant the gap
 * ends at, i.e. the first minute whose reading is later (where a send window opens); or
 * 'shift-forward', the time read with the offset before the gap, so it moves forward by the gap
 * (02:30 → 03:30), as RFC 5545 reads a calendar time (what a person naming 02:30 meant).
 */
export type GapRule = 'gap-end' | 'shift-forward';

/**
 * The instants at which the wall clock of `zone` reads `wanted` (a reading as if UTC), sorted: one
 * normally, two for an ambiguous time (fall back). For a time that does not exist (spring forward)
 * the single instant `inGap` says.
 */
function resolveReading(wanted: number, zone: IANAZone, inGap: GapRule = 'gap-end'): number[] {
  const offsets = offsetsAround(wanted, zone);
  const found = exactInstants(wanted, offsets, zone);
  if (found.length > 0) return found;
  // The offset before the jump is the smaller one.
  if (inGap === 'shift-forward') return [wanted - Math.min(...offsets) * MINUTE];
  // A gap: the wall clock jumps over `wanted`, from the smaller offset to the larger one. Between
  // wanted − larger (still before the jump, reads earlier) and wanted − smaller (after it, reads
  // later) find the first minute that reads later.
  let lo = floorMinute(wanted - Math.max(...offsets) * MINUTE);
  let hi = ceilMinute(wanted - Math.min(...offsets) * MINUTE);
  while (hi - lo > MINUTE) {
    const mid = floorMinute(lo + (hi - lo) / 2);
    if (wallClock(mid, zone) >= wanted) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/** `wall` as a reading (epoch milliseconds as if the wall clock were UTC). */
function readingOf(wall: WallTime): number {
  const { year, month, day, hour, minute, second = 0 } = wall;
  const reading = DateTime.utc(year, month, day, hour, minute, second);
  if (!reading.isValid)
    throw ValidationError.of('wallTime', `${JSON.stringify(wall)} is not a date and time`);
  return reading.toMillis();
}

/**
 * Every instant (epoch ms) at which the clock of `zone` reads `wall`, ascending: one normally, two
 * in a repeated (fall-back) hour, none in a spring-forward gap. The one place a local wall time
 * becomes an instant (the scheduler adapter and the local scheduler emulator use it too).
 */
export function instantsOfWallTime(wall: WallTime, zone: string): number[] {
  const z = zoneOf(zone);
  const wanted = readingOf(wall);
  return exactInstants(wanted, offsetsAround(wanted, z), z);
}

/**
 * The instant (epoch ms) `wall` denotes in `zone`: the first occurrence when it is repeated (fall
 * back); when it does not exist (spring forward), the end of the gap or the time shifted forward by
 * the gap, as `inGap` says (see GapRule).
 */
export function instantOfWallTime(wall: WallTime, zone: string, inGap: GapRule = 'gap-end'): number {
  return resolveReading(readingOf(wall), zoneOf(zone), inGap)[0] as number;
}

/** The instants at which the wall clock of `zone` reads `date` at `minutes` past midnight: see resolveReading. */
function localInstants(date: LocalDate, minutes: number, zone: IANAZone): number[] {
  return resolveReading(date.plus({ minutes }).toMillis(), zone);
}

function inWindow(ms: number, zone: IANAZone, window: SendWindow, holidays = NO_HOLIDAYS): boolean {
  const dt = DateTime.fromMillis(ms, { zone });
  const m = dt.hour * 60 + dt.minute;
  return (
    (window.days as number[]).includes(dt.weekday) &&
    !(holidays.size > 0 && holidays.has(dt.toISODate() as string)) &&
    m >= minutesOfDay(window.start) &&
    m < minutesOfDay(window.end)
  );
}

/** Whether `instant` lies inside `window` in `zone` (allowed local weekday, not a holiday, start ≤ local time < end). */
export function isInWindow(instant: Instant, zone: string, window: SendWindow, holidays?: Holidays): boolean {
  return inWindow(toMillis(instant), zoneOf(zone), window, holidays);
}

function nextInWindowMs(
  earliest: number,
  zone: IANAZone,
  window: SendWindow,
  holidays = NO_HOLIDAYS,
): number {
  const t = ceilMinute(earliest);
  if (inWindow(t, zone, window, holidays)) return t;
  const start = minutesOfDay(window.start);
  let date = localDateOf(t, zone);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++) {
    if ((window.days as number[]).includes(date.weekday) && !isHoliday(date, holidays)) {
      // On t's own day only an opening at or after t counts (on a fall-back day the second
      // occurrence of the start may still be ahead); on later days the first one.
      const opening = localInstants(date, start, zone).find((c) => c >= t);
      // A window lying wholly inside a spring-forward gap has no instant that day.
      if (opening !== undefined && inWindow(opening, zone, window, holidays)) return opening;
    }
    date = date.plus({ days: 1 });
  }
  throw new Error(`no instant of the send window within ${MAX_DAYS_SEARCHED} days`);
}

/**
 * The first whole minute at or after `earliest` inside `window` in `zone`, on a day that is not one
 * of `holidays`. When the window start does not exist that day (spring forward) it opens at the
 * first minute after the gap; when it exists twice (fall back) at the first occurrence.
 */
export function nextInWindow(
  earliest: Instant,
  zone: string,
  window: SendWindow,
  holidays?: Holidays,
): string {
  return toIso(nextInWindowMs(toMillis(earliest, 'earliest'), zoneOf(zone), window, holidays));
}

/**
 * The next minute an email to a contact may go: the campaign's send window in the contact's zone,
 * the contact's public holidays skipped (`policy` as `contactPolicy` gives it). Every email to a
 * contact planned "as soon as allowed" goes through here, so none can forget the holidays.
 */
export function nextSendMinute(earliest: Instant, zone: string, policy: CampaignPolicy): string {
  return nextInWindow(earliest, zone, policy.sendWindow, policy.holidays);
}

/**
 * The latest whole minute in [notBefore, notAfter] inside the window, or undefined. On a fall-back
 * day whose window end is ambiguous, the minute before either occurrence of the end counts.
 */
function latestInWindowMs(
  notAfter: number,
  notBefore: number,
  zone: IANAZone,
  window: SendWindow,
  holidays = NO_HOLIDAYS,
): number | undefined {
  const upper = floorMinute(notAfter);
  const lower = ceilMinute(notBefore);
  if (upper < lower) return undefined;
  if (inWindow(upper, zone, window, holidays)) return upper;
  const end = minutesOfDay(window.end);
  const lowest = localDateOf(lower, zone).minus({ days: 1 });
  for (let date = localDateOf(upper, zone); date >= lowest; date = date.minus({ days: 1 })) {
    if (!(window.days as number[]).includes(date.weekday) || isHoliday(date, holidays)) continue;
    for (const closing of localInstants(date, end, zone).reverse()) {
      const candidate = Math.min(upper, closing - MINUTE);
      if (candidate >= lower && inWindow(candidate, zone, window, holidays)) return candidate;
    }
  }
  return undefined;
}

/** Exported for the lifecycle and tests: see latestInWindowMs. */
export function latestInWindow(
  notAfter: Instant,
  notBefore: Instant,
  zone: string,
  window: SendWindow,
  holidays?: Holidays,
): string | undefined {
  const t = latestInWindowMs(toMillis(notAfter), toMillis(notBefore), zoneOf(zone), window, holidays);
  return t === undefined ? undefined : toIso(t);
}

function isBusinessDay(date: LocalDate, holidays = NO_HOLIDAYS): boolean {
  return date.weekday <= 5 && !isHoliday(date, holidays);
}

function addBusinessDaysMs(ms: number, n: number, zone: IANAZone, holidays = NO_HOLIDAYS): number {
  if (!Number.isInteger(n)) throw new RangeError(`business days must be a whole number, got ${n}`);
  const local = DateTime.fromMillis(ms, { zone });
  let date = DateTime.utc(local.year, local.month, local.day);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    date = date.plus({ days: step });
    if (isBusinessDay(date, holidays)) left--;
  }
  if (n === 0) return ms;
  const [at] = localInstants(date, local.hour * 60 + local.minute, zone);
  return (at as number) + local.second * 1000 + local.millisecond;
}

/**
 * `n` business days (Monday–Friday in `zone`, not one of `holidays`) after `instant`, at the same
 * local time of day. From a weekend day, one business day later is the Monday. Negative `n` counts
 * back. The local time is resolved as described above when DST makes it missing or double.
 */
export function addBusinessDays(instant: Instant, n: number, zone: string, holidays?: Holidays): string {
  return toIso(addBusinessDaysMs(toMillis(instant), n, zoneOf(zone), holidays));
}

/**
 * When follow-up number `followUpIndex` (1-based) goes out: its gap in business days after the
 * previous email of the sequence (the outreach for the first), moved into the window. Undefined
 * when the policy has fewer follow-ups.
 */
export function followUpAt(
  previousSendAt: Instant,
  followUpIndex: number,
  zone: string,
  policy: CampaignPolicy,
): string | undefined {
  const gap = policy.followUpBusinessDays[followUpIndex - 1];
  if (gap === undefined || followUpIndex < 1) return undefined;
  const z = zoneOf(zone);
  const { holidays } = policy;
  return toIso(
    nextInWindowMs(
      addBusinessDaysMs(toMillis(previousSendAt), gap, z, holidays),
      z,
      policy.sendWindow,
      holidays,
    ),
  );
}

/**
 * When the contact becomes `no_response`: noResponseAfterBusinessDays after the last email of the
 * sequence. A timer, not an email, so it is not moved into the window (only rounded up to the minute).
 */
export function noResponseAt(lastFollowUpAt: Instant, zone: string, policy: CampaignPolicy): string {
  const z = zoneOf(zone);
  return toIso(
    ceilMinute(
      addBusinessDaysMs(toMillis(lastFollowUpAt), policy.noResponseAfterBusinessDays, z, policy.holidays),
    ),
  );
}

export type ConfirmationPlan =
  | { kind: 'scheduled'; at: string }
  | { kind: 'send_now' }
  | { kind: 'skipped'; reason: string };

function describeMinutes(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 120) return `${minutes} minutes`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/**
 * When the meeting confirmation goes out.
 *
 * 1. The meeting has started (start ≤ now): skipped.
 * 2. Booked inside the lead time (start − lead < now): sent now if the meeting is more than
 *    confirmationMinNoticeHours away, else skipped with a reason that says so (DESIGN.md). "Now" is
 *    not moved into the window: the contact has just agreed, an immediate confirmation reads as an
 *    answer, and waiting for the window could leave no time at all.
 * 3. Otherwise the lead time before the start, moved forward into the window — as long as that
 *    still leaves confirmationMinNoticeHours before the meeting (a Monday 09:00 confirmation for a
 *    Monday 10:00 meeting is too late to be useful).
 * 4. Else moved *earlier*: the latest window minute at or before the lead time that is ≥ now (the
 *    Friday afternoon before a Monday meeting).
 * 5. Else (no window minute between now and the lead time) the forward slot if it is still before
 *    the meeting, however short the notice.
 * 6. Else there is no window minute before the meeting at all (e.g. a weekend meeting with a
 *    weekday window, booked on the weekend): sent now if more than the minimum notice away,
 *    otherwise skipped.
 * A scheduled confirmation is always inside the window, ≥ now and before the start.
 */
export function confirmationPlan(
  meetingStart: Instant,
  now: Instant,
  zone: string,
  policy: CampaignPolicy,
): ConfirmationPlan {
  const z = zoneOf(zone);
  const start = toMillis(meetingStart, 'meeting.start');
  const n = toMillis(now, 'now');
  const window = policy.sendWindow;
  const minNotice = policy.confirmationMinNoticeHours * HOUR;
  const untilStart = start - n;
  const sendNowOrSkip = (): ConfirmationPlan =>
    untilStart > minNotice
      ? { kind: 'send_now' }
      : {
          kind: 'skipped',
          reason: `meeting in ${describeMinutes(untilStart)}, a confirmation needs more than ${policy.confirmationMinNoticeHours} h notice`,
        };
  if (untilStart <= 0) return { kind: 'skipped', reason: 'the meeting has already started' };
  const lead = start - policy.confirmationLeadHours * HOUR;
  if (lead < n) return sendNowOrSkip();
  const forward = nextInWindowMs(lead, z, window, policy.holidays);
  if (forward < start && forward <= start - minNotice) return { kind: 'scheduled', at: toIso(forward) };
  // Strictly before the start: a window that opens at the start itself has no room for the confirmation.
  const back = latestInWindowMs(Math.min(lead, start - MINUTE), n, z, window, policy.holidays);
  if (back !== undefined && back < start) return { kind: 'scheduled', at: toIso(back) };
  if (forward < start) return { kind: 'scheduled', at: toIso(forward) };
  return sendNowOrSkip();
}

/** A personal email after a meeting goes out at most this long after the meeting's end. */
export const PERSONAL_EMAIL_MAX_DELAY_HOURS = 24;

/**
 * The thank-you: thankYouDelayHours after the meeting ends, moved forward into the personal window
 * (holidays ignored) — the same evening or the next morning — never more than 24 h after the end:
 * when the next opening is later (a delay near 24 h, a window closed on some days), the latest
 * window minute between the end and that bound; when the window holds none, the bound itself.
 */
export function thankYouAt(meetingEnd: Instant, zone: string, policy: CampaignPolicy): string {
  const z = zoneOf(zone);
  const end = toMillis(meetingEnd, 'meeting.end');
  const window = personalWindowOf(policy);
  const bound = floorMinute(end + PERSONAL_EMAIL_MAX_DELAY_HOURS * HOUR);
  const wanted = end + Math.min(policy.thankYouDelayHours, PERSONAL_EMAIL_MAX_DELAY_HOURS) * HOUR;
  const forward = nextInWindowMs(wanted, z, window);
  if (forward <= bound) return toIso(forward);
  return toIso(latestInWindowMs(Math.min(ceilMinute(wanted), bound), end, z, window) ?? bound);
}

/**
 * Keep-in-touch email number `index` (1-based): the first firstAfterWeeks weeks after the
 * thank-you, each next one everyMonths calendar months after the previous *nominal* date (all
 * measured from the thank-you, so a late send does not push the rest), moved into the window.
 * Undefined past `max`.
 */
export function keepInTouchAt(
  thankYouSentAt: Instant,
  index: number,
  zone: string,
  policy: CampaignPolicy,
): string | undefined {
  const { firstAfterWeeks, everyMonths, max } = policy.keepInTouch;
  if (!Number.isInteger(index) || index < 1 || index > max) return undefined;
  const z = zoneOf(zone);
  // Weeks first, then months (Luxon would add months first if given both at once).
  const nominal = DateTime.fromMillis(toMillis(thankYouSentAt), { zone: z })
    .plus({ weeks: firstAfterWeeks })
    .plus({ months: (index - 1) * everyMonths });
  return toIso(nextInWindowMs(nominal.toMillis(), z, policy.sendWindow, policy.holidays));
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A `YYYY-MM-DD` calendar date, else a ValidationError naming `field`. */
export function parseLocalDate(value: unknown, field = 'returnDate'): LocalDate {
  const date =
    typeof value === 'string' && LOCAL_DATE.test(value)
      ? DateTime.fromISO(value, { zone: 'utc' })
      : undefined;
  if (!date?.isValid)
    throw ValidationError.of(field, `"${String(value).slice(0, 40)}" is not a date YYYY-MM-DD`);
  return date;
}

/**
 * Where an out-of-office moves the next reminder: the window opening on the first business day
 * *after* the return day (the return day goes to the backlog; a nudge on top of it is the one
 * most likely to be skimmed), or later if the window is closed then, and never before
 * `notBefore` (a return date in the past means "now").
 */
export function postponeForOutOfOffice(
  returnDate: string,
  zone: string,
  window: SendWindow,
  notBefore?: Instant,
  holidays?: Holidays,
): string {
  const z = zoneOf(zone);
  let day = parseLocalDate(returnDate);
  do day = day.plus({ days: 1 });
  while (!isBusinessDay(day, holidays));
  const [opening] = localInstants(day, minutesOfDay(window.start), z);
  const earliest = Math.max(opening as number, notBefore === undefined ? 0 : toMillis(notBefore, 'now'));
  return toIso(nextInWindowMs(earliest, z, window, holidays));
}

/** The evening before the meeting, local time, when the client gets "meeting tomorrow". */
export const CLIENT_REMINDER_EVENING = '18:00';
/** A "meeting tomorrow" reminder later than this before the start is pointless: not sent. */
const CLIENT_REMINDER_MIN_LEAD = HOUR;

/** How many days before the meeting "meeting tomorrow" may move back past holidays. */
const CLIENT_REMINDER_MAX_DAYS_BACK = 7;

/**
 * The "meeting tomorrow, here are your questions" reminder to the client: 18:00 the local day
 * before the meeting in `zone` (the zone the meeting was agreed in — the client is usually in it),
 * or, when that day is one of `holidays`, 18:00 the last day before it that is not (up to a week
 * back). Booked after that evening: now. Undefined when that would be less than an hour before the
 * start. Not moved into the send window: it goes to the client, not to the contact.
 */
export function clientReminderAt(
  meetingStart: Instant,
  zone: string,
  now?: Instant,
  holidays = NO_HOLIDAYS,
): string | undefined {
  const z = zoneOf(zone);
  const start = toMillis(meetingStart, 'meeting.start');
  let eve = localDateOf(start, z).minus({ days: 1 });
  for (let back = 1; back < CLIENT_REMINDER_MAX_DAYS_BACK && isHoliday(eve, holidays); back++)
    eve = eve.minus({ days: 1 });
  const [evening] = localInstants(eve, minutesOfDay(CLIENT_REMINDER_EVENING), z);
  const at = ceilMinute(Math.max(evening as number, now === undefined ? 0 : toMillis(now, 'now')));
  return at > start - CLIENT_REMINDER_MIN_LEAD ? undefined : toIso(at);
}
