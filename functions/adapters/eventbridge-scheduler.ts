/**
 * EventBridge Scheduler adapter: one one-time `at()` schedule per timed email.
 *
 * Decisions (see also the report on issue 4):
 * - `at()` precision is one minute, so the instant is rounded UP to the next whole minute when it has
 *   seconds or milliseconds: a schedule never fires before the instant the domain asked for.
 * - The expression is the local wall time in the contact's zone (`ScheduleExpressionTimezone`). When
 *   that wall time occurs twice (the repeated hour when clocks fall back), AWS would have to guess
 *   which one we meant; instead the schedule is written in UTC (`ScheduleExpressionTimezone: 'UTC'`
 *   with the UTC wall time), which is exact. `get()` then reads the zone back as 'UTC' — the instant is
 *   the same either way.
 * - The ClientToken is a SHA-256 (64 hex chars) of the name and the request content. It is stable
 *   across retries of the same request, and two different requests under one name never share a
 *   token (AWS may treat a reused token with different parameters as a replay).
 * - SDK errors are translated here and nowhere else: throttling, 5xx and network failures become
 *   RetryableError; validation, quota and access errors become PermanentError (quota, access and a
 *   missing schedule group carry `operatorAlert`). Errors that are neither (bugs) are rethrown as-is.
 */
import { createHash } from 'node:crypto';
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  ListSchedulesCommand,
  type ListSchedulesCommandOutput,
  SchedulerClient,
  type SchedulerClientConfig,
} from '@aws-sdk/client-scheduler';
import { DateTime, IANAZone } from 'luxon';
import { PermanentError, RetryableError, ValidationError } from '#domain/errors.ts';
import type { OneTimeSchedule, Scheduler } from '#domain/ports/scheduler.ts';
import { isTransient, type SdkErrorShape } from './sdk-errors.ts';

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** AWS: 1–64 characters of `[0-9a-zA-Z-_.]` (schedule and schedule-group names alike). */
export const SCHEDULE_NAME_PATTERN = /^[0-9A-Za-z_.-]{1,64}$/;

/** Throws a ValidationError naming `field` unless `name` is a valid schedule name. */
export function assertScheduleName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw ValidationError.of(field, 'is required');
  }
  if (name.length > 64) throw ValidationError.of(field, `must be at most 64 characters (got ${name.length})`);
  if (!SCHEDULE_NAME_PATTERN.test(name)) {
    throw ValidationError.of(field, 'may contain only letters, digits, "-", "_" and "."');
  }
}

// ---------------------------------------------------------------------------------------------
// at() expressions
// ---------------------------------------------------------------------------------------------

const MINUTE_MS = 60_000;
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

/** Rounds an epoch-millisecond instant up to the next whole minute (unchanged if already whole). */
export function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
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

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * Every instant whose wall-clock time in `zone` is `wall`: none in a spring-forward gap, two in a
 * fall-back repeated hour, one otherwise. Sorted ascending.
 */
export function instantsForWallTime(wall: WallTime, zoneName: string): number[] {
  const zone = IANAZone.create(zoneName);
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Offsets lie within -12 h … +14 h, so every instant that can show `naive` on the clock lies in
  // [naive - 14 h, naive + 12 h]. Collect every offset the zone uses in that span, then keep those that
  // are consistent with themselves. Fast path: the offset is the same at eight points 4 h apart (no
  // zone changes its offset twice within 4 h), so it is the only one. Otherwise scan every 30 minutes
  // (no zone keeps an offset for less than that).
  const from = naive - 15 * 3_600_000;
  const offsets = new Set<number>();
  for (let t = from; t <= naive + 13 * 3_600_000; t += 4 * 3_600_000) offsets.add(zone.offset(t));
  if (offsets.size > 1) {
    for (let t = from; t <= naive + 13 * 3_600_000; t += 30 * MINUTE_MS) offsets.add(zone.offset(t));
  }
  const instants = new Set<number>();
  for (const offset of offsets) {
    const candidate = naive - offset * MINUTE_MS;
    if (zone.offset(candidate) === offset) instants.add(candidate);
  }
  return [...instants].sort((a, b) => a - b);
}

/**
 * The one-time schedule expression for an instant in a zone. See the file comment for the rounding
 * and ambiguous-hour rules.
 */
export function atScheduleFor(instant: string | Date, timeZone: string): AtSchedule {
  if (!isTimeZone(timeZone)) {
    throw ValidationError.of('timeZone', `is not an IANA time zone: ${String(timeZone)}`);
  }
  const fireAt = ceilToMinute(parseInstant(instant));
  const local = DateTime.fromMillis(fireAt, { zone: timeZone });
  const wall = {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
  };
  if (instantsForWallTime({ ...wall, second: 0 }, timeZone).length > 1) {
    const utc = DateTime.fromMillis(fireAt, { zone: 'utc' });
    return { expression: `at(${utc.toFormat(WALL_FORMAT)})`, timeZone: 'UTC', fireAt: new Date(fireAt) };
  }
  return { expression: `at(${local.toFormat(WALL_FORMAT)})`, timeZone, fireAt: new Date(fireAt) };
}

/** Parses `at(yyyy-mm-ddThh:mm:ss)`; undefined when the expression is not of that form. */
export function parseAtExpression(expression: string): WallTime | undefined {
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
  const check = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: 'utc' });
  if (!check.isValid) return undefined;
  return { year, month, day, hour, minute, second };
}

/**
 * The instant an `at()` expression denotes in a zone: the earlier one in a repeated hour, undefined for
 * a wall time that does not exist there (spring-forward gap) or a malformed expression.
 */
export function instantOfAtExpression(expression: string, timeZone: string): Date | undefined {
  const wall = parseAtExpression(expression);
  if (!wall || !isTimeZone(timeZone)) return undefined;
  const [first] = instantsForWallTime(wall, timeZone);
  return first === undefined ? undefined : new Date(first);
}

// ---------------------------------------------------------------------------------------------
// Error translation
// ---------------------------------------------------------------------------------------------

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'InternalServerException',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const OPERATOR_ALERT_NAMES = new Set([
  'ServiceQuotaExceededException',
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ResourceNotFoundException',
]);

type SdkErrorLike = SdkErrorShape;

/**
 * Translates an error thrown by the Scheduler SDK into the domain's error kinds. `action` says what
 * was being done (it starts the message). Not-found and conflict outcomes that are expected are
 * handled by the callers before this.
 */
export function translateSchedulerError(error: unknown, action: string): Error {
  if (!error || typeof error !== 'object') return new Error(`${action}: ${String(error)}`);
  const e = error as SdkErrorLike;
  const name = e.name ?? 'Error';
  const message = `${action}: ${name}: ${e.message ?? ''}`.trimEnd();
  if (RETRYABLE_NAMES.has(name) || isTransient(error)) {
    return new RetryableError(message, { cause: error });
  }
  if (name === 'ConflictException') {
    // Reached only where a conflict is not the expected idempotent outcome: a concurrent change.
    return new RetryableError(message, { cause: error });
  }
  if (e.$metadata !== undefined || e.$fault === 'client') {
    return new PermanentError(message, name, OPERATOR_ALERT_NAMES.has(name), { cause: error });
  }
  return error as Error;
}

// ---------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------

export interface EventBridgeSchedulerOptions {
  /** For the local emulator; the AWS endpoint otherwise. */
  endpoint?: string;
  region?: string;
  groupName: string;
  /** The dispatch function's ARN. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target and write to the dead-letter queue. */
  roleArn: string;
  /** Standard SQS queue ARN for events that exhausted their retries. */
  deadLetterArn: string;
  /** AWS default when omitted: 185 attempts, 86,400 s. */
  retry?: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
}

export interface ScheduleListing {
  name: string;
  groupName: string;
  arn: string;
  state: string;
  targetArn?: string;
}

export interface EventBridgeScheduler extends Scheduler {
  /** Creates the adapter's schedule group; an existing group is 'exists'. For the local stack. */
  ensureScheduleGroup(): Promise<'created' | 'exists'>;
  /** Every schedule in the adapter's group whose name starts with `prefix`, across all pages. */
  listSchedules(prefix?: string): Promise<ScheduleListing[]>;
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

function validateRetry(retry: EventBridgeSchedulerOptions['retry']): void {
  if (!retry) return;
  const { maximumRetryAttempts: attempts, maximumEventAgeInSeconds: age } = retry;
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > 185) {
    throw ValidationError.of('retry.maximumRetryAttempts', 'must be an integer from 0 to 185');
  }
  if (!Number.isInteger(age) || age < 60 || age > 86_400) {
    throw ValidationError.of('retry.maximumEventAgeInSeconds', 'must be an integer from 60 to 86400');
  }
}

/** The CreateSchedule request for a one-time schedule. Pure; validates its input. */
export function buildCreateScheduleInput(
  schedule: OneTimeSchedule,
  options: Pick<
    EventBridgeSchedulerOptions,
    'groupName' | 'targetArn' | 'roleArn' | 'deadLetterArn' | 'retry'
  >,
): CreateScheduleCommandInput {
  assertScheduleName(schedule.name, 'name');
  const { expression, timeZone } = atScheduleFor(schedule.at, schedule.timeZone);
  if (schedule.payload === null || typeof schedule.payload !== 'object' || Array.isArray(schedule.payload)) {
    throw ValidationError.of('payload', 'must be a JSON object');
  }
  const input = JSON.stringify(schedule.payload);
  const retry = options.retry;
  const target: CreateScheduleCommandInput['Target'] = {
    Arn: options.targetArn,
    RoleArn: options.roleArn,
    Input: input,
    DeadLetterConfig: { Arn: options.deadLetterArn },
    ...(retry && {
      RetryPolicy: {
        MaximumRetryAttempts: retry.maximumRetryAttempts,
        MaximumEventAgeInSeconds: retry.maximumEventAgeInSeconds,
      },
    }),
  };
  const clientToken = createHash('sha256')
    .update(
      JSON.stringify([schedule.name, options.groupName, expression, timeZone, options.targetArn, input]),
    )
    .digest('hex');
  return {
    Name: schedule.name,
    GroupName: options.groupName,
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: timeZone,
    FlexibleTimeWindow: { Mode: 'OFF' },
    State: 'ENABLED',
    ActionAfterCompletion: 'DELETE',
    Target: target,
    ClientToken: clientToken,
  };
}

/** Reads a GetSchedule answer back into the port's shape. */
export function oneTimeScheduleFrom(
  out: GetScheduleCommandOutput | Record<string, unknown>,
): OneTimeSchedule {
  const o = out as GetScheduleCommandOutput;
  const name = o.Name ?? '';
  const expression = o.ScheduleExpression ?? '';
  const timeZone = o.ScheduleExpressionTimezone ?? 'UTC';
  const wall = parseAtExpression(expression);
  if (!wall) {
    throw new PermanentError(`schedule ${name} is not a one-time at() schedule: ${expression}`, 'NotOneTime');
  }
  // Our own schedules never name a wall time in a gap; for a foreign one, read it like Luxon does.
  const instant =
    instantOfAtExpression(expression, timeZone) ?? DateTime.fromObject(wall, { zone: timeZone }).toJSDate();
  let payload: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(o.Target?.Input ?? '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    payload = parsed as Record<string, unknown>;
  } catch (cause) {
    throw new PermanentError(
      `schedule ${name} has a target input that is not a JSON object`,
      'BadInput',
      false,
      {
        cause,
      },
    );
  }
  return { name, at: instant.toISOString(), timeZone, payload };
}

export function makeEventBridgeScheduler(options: EventBridgeSchedulerOptions): EventBridgeScheduler {
  assertScheduleName(options.groupName, 'groupName');
  validateRetry(options.retry);
  const config: SchedulerClientConfig = {};
  if (options.region) config.region = options.region;
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // The emulator ignores signatures; spare the local stack from needing AWS credentials.
    if (LOOPBACK.test(options.endpoint) && !process.env.AWS_ACCESS_KEY_ID) {
      config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    }
    config.region ??= process.env.AWS_REGION ?? 'us-east-1';
  }
  const client = new SchedulerClient(config);
  const GroupName = options.groupName;

  return {
    async create(schedule) {
      const input = buildCreateScheduleInput(schedule, options);
      try {
        await client.send(new CreateScheduleCommand(input));
        return 'created';
      } catch (error) {
        if ((error as SdkErrorLike).name === 'ConflictException') return 'exists';
        throw translateSchedulerError(error, `create schedule ${schedule.name}`);
      }
    },

    async delete(name) {
      assertScheduleName(name, 'name');
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName }));
        return 'deleted';
      } catch (error) {
        if ((error as SdkErrorLike).name === 'ResourceNotFoundException') return 'absent';
        throw translateSchedulerError(error, `delete schedule ${name}`);
      }
    },

    async get(name) {
      assertScheduleName(name, 'name');
      let out: GetScheduleCommandOutput;
      try {
        out = await client.send(new GetScheduleCommand({ Name: name, GroupName }));
      } catch (error) {
        if ((error as SdkErrorLike).name === 'ResourceNotFoundException') return undefined;
        throw translateSchedulerError(error, `get schedule ${name}`);
      }
      return oneTimeScheduleFrom(out);
    },

    async ensureScheduleGroup() {
      try {
        await client.send(new CreateScheduleGroupCommand({ Name: GroupName }));
        return 'created';
      } catch (error) {
        if ((error as SdkErrorLike).name === 'ConflictException') return 'exists';
        throw translateSchedulerError(error, `create schedule group ${GroupName}`);
      }
    },

    async listSchedules(prefix) {
      const found: ScheduleListing[] = [];
      let NextToken: string | undefined;
      do {
        let page: ListSchedulesCommandOutput;
        try {
          page = await client.send(
            new ListSchedulesCommand({
              GroupName,
              ...(prefix ? { NamePrefix: prefix } : {}),
              ...(NextToken ? { NextToken } : {}),
              MaxResults: 100,
            }),
          );
        } catch (error) {
          throw translateSchedulerError(error, `list schedules ${prefix ?? ''}`.trimEnd());
        }
        for (const s of page.Schedules ?? []) {
          found.push({
            name: s.Name ?? '',
            groupName: s.GroupName ?? GroupName,
            arn: s.Arn ?? '',
            state: s.State ?? 'ENABLED',
            ...(s.Target?.Arn ? { targetArn: s.Target.Arn } : {}),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    },
  };
}
