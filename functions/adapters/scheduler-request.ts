/**
 * The Scheduler requests the adapter sends and the answers it reads, as pure functions: the
 * CreateSchedule input for a one-time schedule, and a GetSchedule answer back in the port's shape.
 *
 * The ClientToken is a SHA-256 (64 hex chars) of the name and the request content. It is stable
 * across retries of the same request, and two different requests under one name never share a
 * token (AWS may treat a reused token with different parameters as a replay).
 */
import { createHash } from 'node:crypto';
import type { CreateScheduleCommandInput, GetScheduleCommandOutput } from '@aws-sdk/client-scheduler';
import { PermanentError, ValidationError } from '#domain/errors.ts';
import type { OneTimeSchedule } from '#domain/ports/scheduler.ts';
import { assertScheduleName } from '#domain/schedule-name.ts';
import { atScheduleFor, instantOfAtExpression, parseAtExpression } from './scheduler-at-expression.ts';

/** Where every schedule of the adapter goes and what it invokes. */
export interface ScheduleTarget {
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

export function validateRetry(retry: ScheduleTarget['retry']): void {
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
  options: ScheduleTarget,
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
  if (!parseAtExpression(expression)) {
    throw new PermanentError(`schedule ${name} is not a one-time at() schedule: ${expression}`, 'NotOneTime');
  }
  const instant = instantOfAtExpression(expression, timeZone);
  if (!instant)
    throw new PermanentError(`schedule ${name} has an unknown time zone: ${timeZone}`, 'BadTimeZone');
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
      { cause },
    );
  }
  return { name, at: instant.toISOString(), timeZone, payload };
}
