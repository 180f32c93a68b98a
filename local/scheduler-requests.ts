/**
 * Request validation for the scheduler emulator: the EventBridge Scheduler constraints (as the AWS API
 * reference states them) on the fields the SDK sends, turned into the same error types and status
 * codes AWS answers with (the at() grammar is the adapter's `parseAtExpression`, the wall time →
 * instant rule the domain's). Pure; no server state here.
 */
import { IANAZone } from 'luxon';
import { parseAtExpression } from '#adapters/scheduler-at-expression.ts';
import { instantsOfWallTime, type WallTime } from '#domain/timing.ts';

/** An error the emulator answers with: HTTP status, `x-amzn-errortype`, `{"Message": …}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export const validationError = (message: string) => new ApiError(400, 'ValidationException', message);
export const notFoundError = (message: string) => new ApiError(404, 'ResourceNotFoundException', message);
export const conflictError = (message: string) => new ApiError(409, 'ConflictException', message);

export const NAME_PATTERN = /^[0-9a-zA-Z_.-]+$/;
const CLIENT_TOKEN_PATTERN = /^[a-zA-Z0-9_-]+$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const SQS_ARN_PATTERN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]+$/;
const AT_SHAPE = /^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/;
const RATE_PATTERN = /^rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)$/;
const CRON_PATTERN = /^cron\(\S+( \S+){5}\)$/;

export interface StoredRetryPolicy {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
}

/** The target as sent; fields the emulator does not interpret are kept and echoed back. */
export interface StoredTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: StoredRetryPolicy;
  DeadLetterConfig?: { Arn?: string };
  [other: string]: unknown;
}

export interface ScheduleDefinition {
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  State: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion: 'NONE' | 'DELETE';
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  Target: StoredTarget;
  Description?: string;
  /** Epoch seconds, as the wire carries them. */
  StartDate?: number;
  EndDate?: number;
  KmsKeyArn?: string;
  ClientToken?: string;
}

export type ParsedExpression = { kind: 'at'; wall: Required<WallTime> } | { kind: 'rate' } | { kind: 'cron' };

/** `at(…)`, `rate(…)` or `cron(…)`; anything else (or an impossible date) is a ValidationException. */
export function parseScheduleExpression(expression: string): ParsedExpression {
  if (AT_SHAPE.test(expression)) {
    const wall = parseAtExpression(expression);
    if (!wall) {
      throw validationError(`Invalid Schedule Expression ${expression}: not a calendar date and time.`);
    }
    return { kind: 'at', wall };
  }
  if (RATE_PATTERN.test(expression)) return { kind: 'rate' };
  if (CRON_PATTERN.test(expression)) return { kind: 'cron' };
  throw validationError(`Invalid Schedule Expression ${expression}.`);
}

class Problems {
  readonly list: string[] = [];
  add(value: unknown, field: string, constraint: string): void {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    this.list.push(`Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`);
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const n = this.list.length;
    throw validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.list.join('; ')}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkString(
  p: Problems,
  value: unknown,
  field: string,
  {
    required = false,
    min = 1,
    max,
    pattern,
  }: { required?: boolean; min?: number; max: number; pattern?: RegExp },
): value is string {
  if (value === undefined || value === null) {
    if (required) p.add(null, field, 'Member must not be null');
    return false;
  }
  if (typeof value !== 'string') {
    p.add(value, field, 'Member must be a string');
    return false;
  }
  if (value.length < min || value.length > max) {
    p.add(value, field, `Member must have length between ${min} and ${max}`);
    return false;
  }
  if (pattern && !pattern.test(value)) {
    p.add(value, field, `Member must satisfy regular expression pattern: ${pattern.source}`);
    return false;
  }
  return true;
}

function checkInteger(p: Problems, value: unknown, field: string, min: number, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    p.add(value, field, `Member must be an integer between ${min} and ${max}`);
  }
}

/** Validates a schedule or schedule-group name from the path. */
export function checkName(name: string, field = 'name'): void {
  const p = new Problems();
  checkString(p, name, field, { required: true, max: 64, pattern: NAME_PATTERN });
  p.throwIfAny();
}

/** Validates a CreateSchedule/UpdateSchedule body; returns the group and the stored definition. */
export function parseScheduleBody(body: unknown): { groupName: string; definition: ScheduleDefinition } {
  if (!isObject(body)) throw validationError('The request body must be a JSON object.');
  const p = new Problems();
  const groupName = body.GroupName ?? 'default';
  checkString(p, groupName, 'groupName', { max: 64, pattern: NAME_PATTERN });
  checkString(p, body.ScheduleExpression, 'scheduleExpression', { required: true, max: 256 });
  if (
    checkString(p, body.ScheduleExpressionTimezone, 'scheduleExpressionTimezone', { max: 50 }) &&
    !IANAZone.isValidZone(body.ScheduleExpressionTimezone)
  ) {
    p.add(body.ScheduleExpressionTimezone, 'scheduleExpressionTimezone', 'Member must be a valid time zone');
  }
  const state = body.State ?? 'ENABLED';
  if (state !== 'ENABLED' && state !== 'DISABLED') {
    p.add(state, 'state', 'Member must satisfy enum value set: [ENABLED, DISABLED]');
  }
  const after = body.ActionAfterCompletion ?? 'NONE';
  if (after !== 'NONE' && after !== 'DELETE') {
    p.add(after, 'actionAfterCompletion', 'Member must satisfy enum value set: [NONE, DELETE]');
  }
  checkString(p, body.Description, 'description', { min: 0, max: 512 });
  checkString(p, body.KmsKeyArn, 'kmsKeyArn', { max: 2048 });
  checkString(p, body.ClientToken, 'clientToken', { max: 64, pattern: CLIENT_TOKEN_PATTERN });
  for (const field of ['StartDate', 'EndDate'] as const) {
    const v = body[field];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      p.add(v, field.charAt(0).toLowerCase() + field.slice(1), 'Member must be a timestamp');
    }
  }

  const window = body.FlexibleTimeWindow;
  if (!isObject(window)) {
    p.add(null, 'flexibleTimeWindow', 'Member must not be null');
  } else if (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE') {
    p.add(
      window.Mode ?? null,
      'flexibleTimeWindow.mode',
      'Member must satisfy enum value set: [OFF, FLEXIBLE]',
    );
  } else if (window.Mode === 'FLEXIBLE') {
    if (window.MaximumWindowInMinutes === undefined) {
      p.add(
        null,
        'flexibleTimeWindow.maximumWindowInMinutes',
        'Member must not be null when mode is FLEXIBLE',
      );
    }
    checkInteger(p, window.MaximumWindowInMinutes, 'flexibleTimeWindow.maximumWindowInMinutes', 1, 1440);
  } else if (window.MaximumWindowInMinutes !== undefined) {
    p.add(
      window.MaximumWindowInMinutes,
      'flexibleTimeWindow.maximumWindowInMinutes',
      'Must be absent when mode is OFF',
    );
  }

  const target = body.Target;
  if (!isObject(target)) {
    p.add(null, 'target', 'Member must not be null');
  } else {
    checkString(p, target.Arn, 'target.arn', { required: true, max: 1600 });
    checkString(p, target.RoleArn, 'target.roleArn', {
      required: true,
      max: 1600,
      pattern: ROLE_ARN_PATTERN,
    });
    checkString(p, target.Input, 'target.input', { max: 256 * 1024 });
    if (target.RetryPolicy !== undefined) {
      if (!isObject(target.RetryPolicy))
        p.add(target.RetryPolicy, 'target.retryPolicy', 'Member must be an object');
      else {
        checkInteger(
          p,
          target.RetryPolicy.MaximumRetryAttempts,
          'target.retryPolicy.maximumRetryAttempts',
          0,
          185,
        );
        checkInteger(
          p,
          target.RetryPolicy.MaximumEventAgeInSeconds,
          'target.retryPolicy.maximumEventAgeInSeconds',
          60,
          86_400,
        );
      }
    }
    if (target.DeadLetterConfig !== undefined) {
      if (!isObject(target.DeadLetterConfig)) {
        p.add(target.DeadLetterConfig, 'target.deadLetterConfig', 'Member must be an object');
      } else {
        checkString(p, target.DeadLetterConfig.Arn, 'target.deadLetterConfig.arn', {
          max: 1600,
          pattern: SQS_ARN_PATTERN,
        });
      }
    }
  }
  p.throwIfAny();
  parseScheduleExpression(body.ScheduleExpression as string);

  const definition: ScheduleDefinition = {
    ScheduleExpression: body.ScheduleExpression as string,
    State: state as ScheduleDefinition['State'],
    ActionAfterCompletion: after as ScheduleDefinition['ActionAfterCompletion'],
    FlexibleTimeWindow: window as ScheduleDefinition['FlexibleTimeWindow'],
    Target: target as StoredTarget,
  };
  if (typeof body.ScheduleExpressionTimezone === 'string') {
    definition.ScheduleExpressionTimezone = body.ScheduleExpressionTimezone;
  }
  if (typeof body.Description === 'string') definition.Description = body.Description;
  if (typeof body.StartDate === 'number') definition.StartDate = body.StartDate;
  if (typeof body.EndDate === 'number') definition.EndDate = body.EndDate;
  if (typeof body.KmsKeyArn === 'string') definition.KmsKeyArn = body.KmsKeyArn;
  if (typeof body.ClientToken === 'string') definition.ClientToken = body.ClientToken;
  return { groupName: groupName as string, definition };
}

/**
 * When the emulator fires a definition: epoch ms, or undefined for rate()/cron(). The at() wall time
 * is read in its zone: in a repeated (fall-back) hour the EARLIER occurrence; a wall time that does
 * not exist (spring-forward gap) never happens, so undefined too — the schedule is kept but never
 * fires (AWS skips non-existent times).
 */
export function firstFireTime(definition: ScheduleDefinition): number | undefined {
  const parsed = parseScheduleExpression(definition.ScheduleExpression);
  if (parsed.kind !== 'at') return undefined;
  return instantsOfWallTime(parsed.wall, definition.ScheduleExpressionTimezone ?? 'UTC')[0];
}

/** `MaxResults` 1–100 and an opaque `NextToken` for list operations. */
export function paginate<T>(
  items: T[],
  keyOf: (item: T) => string,
  maxResultsRaw: string | null,
  nextToken: string | null,
): { page: T[]; next?: string } {
  let max = 100;
  if (maxResultsRaw !== null) {
    max = Number(maxResultsRaw);
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      throw validationError(
        `1 validation error detected: Value '${maxResultsRaw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
      );
    }
  }
  let start = 0;
  if (nextToken !== null) {
    let after: unknown;
    try {
      after = (JSON.parse(Buffer.from(nextToken, 'base64url').toString('utf8')) as { after?: unknown }).after;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw validationError('The NextToken is not valid.');
    start = items.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = items.length;
  }
  const page = items.slice(start, start + max);
  const last = page.at(-1);
  if (start + max < items.length && last !== undefined) {
    return { page, next: Buffer.from(JSON.stringify({ after: keyOf(last) })).toString('base64url') };
  }
  return { page };
}
