/**
 * EventBridge Scheduler `at()` expressions: an instant → the expression and zone a one-time schedule
 * is written with, and back.
 *
 * - `at()` precision is one minute, so the instant is rounded UP to the next whole minute when it has
 *   seconds or milliseconds: a schedule never fires before the instant the domain asked for.
 * - The expression is the local wall time in the contact's zone (`ScheduleExpressionTimezone`). When
 *   that wall time occurs twice (the repeated hour when clocks fall back), AWS would have to guess
 *   which one we meant; instead the schedule is written in UTC (`ScheduleExpressionTimezone: 'UTC'`
 *   with the UTC wall time), which is exact. Reading it back then gives the zone as 'UTC' — the
 *   instant is the same either way.
 * - Wall time → instant is the domain's (`#domain/timing.ts`), the one place it is written.
 */
import { DateTime, IANAZone } from 'luxon';
import { ValidationError } from '#domain/errors.ts';
import { ceilMinute, instantOfWallTime, instantsOfWallTime, type WallTime } from '#domain/timing.ts';

const WALL_FORMAT = "yyyy-MM-dd'T'HH:mm:ss";
const AT_PATTERN = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export interface AtSchedule {
  /** `at(yyyy-MM-ddTHH:mm:ss)` — always whole minutes. */
  expression: string;
  /** The zone the expression is evaluated in: the requested zone, or 'UTC' for an ambiguous hour. */
  timeZone: string;
  /** The instant the schedule fires: the requested instant rounded up to the minute. */
  fireAt: Date;
}

/** Parses an ISO-8601 instant that carries `Z` or an explicit offset (never a floating local time). */
export function parseInstant(value: string | Date, field = 'at'): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw ValidationError.of(field, 'is not a valid date');
    return ms;
  }
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value)) {
    throw ValidationError.of(
      field,
      'must be an ISO-8601 instant with Z or an offset, e.g. 2025-03-01T14:00:00Z',
    );
  }
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid)
    throw ValidationError.of(field, `is not a valid instant (${parsed.invalidExplanation})`);
  return parsed.toMillis();
}

const knownZones = new Map<string, boolean>();
/** `IANAZone.isValidZone`, memoised (it builds an Intl formatter per call). */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string') return false;
  let valid = knownZones.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    if (knownZones.size < 1000) knownZones.set(name, valid);
  }
  return valid;
}

/** The one-time schedule expression for an instant in a zone (see the file comment). */
export function atScheduleFor(instant: string | Date, timeZone: string): AtSchedule {
  if (!isTimeZone(timeZone)) {
    throw ValidationError.of('timeZone', `is not an IANA time zone: ${String(timeZone)}`);
  }
  const fireAt = ceilMinute(parseInstant(instant));
  const local = DateTime.fromMillis(fireAt, { zone: timeZone });
  const wall = {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
  };
  if (instantsOfWallTime(wall, timeZone).length > 1) {
    const utc = DateTime.fromMillis(fireAt, { zone: 'utc' });
    return { expression: `at(${utc.toFormat(WALL_FORMAT)})`, timeZone: 'UTC', fireAt: new Date(fireAt) };
  }
  return { expression: `at(${local.toFormat(WALL_FORMAT)})`, timeZone, fireAt: new Date(fireAt) };
}

/** Parses `at(yyyy-mm-ddThh:mm:ss)`; undefined when the expression is not of that form. */
export function parseAtExpression(expression: string): Required<WallTime> | undefined {
  const match = AT_PATTERN.exec(expression);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const check = DateTime.utc(year, month, day, hour, minute, second);
  if (!check.isValid) return undefined;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant an `at()` expression denotes in a zone, by the domain's rule: the earlier one in a
 * repeated hour, the end of the gap for a wall time that does not exist there (our own schedules
 * never name one). Undefined for a malformed expression or an unknown zone.
 */
export function instantOfAtExpression(expression: string, timeZone: string): Date | undefined {
  const wall = parseAtExpression(expression);
  if (!wall || !isTimeZone(timeZone)) return undefined;
  return new Date(instantOfWallTime(wall, timeZone));
}
