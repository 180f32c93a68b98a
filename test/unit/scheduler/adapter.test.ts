import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  InternalServerException,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  SchedulerServiceException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { translateSchedulerError } from '#adapters/scheduler-errors.ts';
import { buildCreateScheduleInput } from '#adapters/scheduler-request.ts';
import { PermanentError, RetryableError, ValidationError } from '#domain/errors.ts';
import type { OneTimeSchedule } from '#domain/ports/scheduler.ts';
import { assertScheduleName } from '#domain/schedule-name.ts';

const options = {
  region: 'us-east-1',
  groupName: 'rapport',
  targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:dispatch',
  roleArn: 'arn:aws:iam::123456789012:role/rapport-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:rapport-dispatch-dlq',
  retry: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
};
const outreach: OneTimeSchedule = {
  name: 'c-01HX.outreach.v1',
  at: '2025-03-03T14:00:20Z',
  timeZone: 'America/New_York',
  payload: { contactId: 'c-01HX', step: 'outreach', planVersion: 1 },
};
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, Message: undefined });

describe('schedule names', () => {
  it.each(['a', 'c-01HX.outreach.v1', 'A_b-c.9', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(() => assertScheduleName(name)).not.toThrow();
  });

  it.each([
    ['', 'is required'],
    ['x'.repeat(65), 'at most 64'],
    ['has space', 'may contain only'],
    ['slash/name', 'may contain only'],
    ['émile', 'may contain only'],
    ['colon:name', 'may contain only'],
  ])('refuses %j with a ValidationError naming name', (name, why) => {
    let caught: unknown;
    try {
      assertScheduleName(name);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues[0]?.field).toBe('name');
    expect((caught as ValidationError).message).toContain(why);
  });
});

describe('buildCreateScheduleInput', () => {
  it('writes a one-time, self-deleting schedule with retry policy and dead-letter queue', () => {
    const input = buildCreateScheduleInput(outreach, options);
    expect(input).toEqual({
      Name: 'c-01HX.outreach.v1',
      GroupName: 'rapport',
      ScheduleExpression: 'at(2025-03-03T09:01:00)', // 14:00:20Z rounded up, in EST
      ScheduleExpressionTimezone: 'America/New_York',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: options.targetArn,
        RoleArn: options.roleArn,
        Input: JSON.stringify(outreach.payload),
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: options.deadLetterArn },
      },
      ClientToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('derives the same ClientToken for the same request and a different one for a different request', () => {
    const a = buildCreateScheduleInput(outreach, options).ClientToken;
    expect(buildCreateScheduleInput({ ...outreach }, options).ClientToken).toBe(a);
    expect(buildCreateScheduleInput({ ...outreach, payload: { other: true } }, options).ClientToken).not.toBe(
      a,
    );
    expect(
      buildCreateScheduleInput({ ...outreach, name: 'c-01HX.outreach.v2' }, options).ClientToken,
    ).not.toBe(a);
  });

  it('omits the retry policy when none is configured (AWS defaults apply)', () => {
    const { retry: _, ...noRetry } = options;
    expect(buildCreateScheduleInput(outreach, noRetry).Target?.RetryPolicy).toBeUndefined();
  });

  it.each([
    [{ ...outreach, name: 'bad name' }, 'name'],
    [{ ...outreach, at: 'next tuesday' }, 'at'],
    [{ ...outreach, timeZone: 'Eastern' }, 'timeZone'],
    [{ ...outreach, payload: [] as unknown as Record<string, unknown> }, 'payload'],
  ])('refuses bad input naming the field (%#)', (schedule, field) => {
    expect(() => buildCreateScheduleInput(schedule, options)).toThrow(new RegExp(`^${field}: `));
  });

  it('refuses a retry policy AWS would refuse, when the adapter is made', () => {
    expect(() =>
      makeEventBridgeScheduler({
        ...options,
        retry: { maximumRetryAttempts: 186, maximumEventAgeInSeconds: 60 },
      }),
    ).toThrow(/^retry\.maximumRetryAttempts: /);
    expect(() =>
      makeEventBridgeScheduler({
        ...options,
        retry: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 59 },
      }),
    ).toThrow(/^retry\.maximumEventAgeInSeconds: /);
  });
});

describe('the adapter against a mocked SDK', () => {
  const sdk = mockClient(SchedulerClient);
  beforeEach(() => sdk.reset());
  afterEach(() => sdk.reset());
  const scheduler = () => makeEventBridgeScheduler(options);

  it('validates the name before calling AWS', async () => {
    await expect(scheduler().create({ ...outreach, name: 'no/slashes' })).rejects.toThrow(ValidationError);
    await expect(scheduler().delete('x'.repeat(65))).rejects.toThrow(/^name: /);
    await expect(scheduler().get('')).rejects.toThrow(/^name: /);
    expect(sdk.calls()).toHaveLength(0);
  });

  it('create: sends the built request; Conflict means the schedule is already there', async () => {
    sdk.on(CreateScheduleCommand).resolvesOnce({ ScheduleArn: 'arn:x' });
    await expect(scheduler().create(outreach)).resolves.toBe('created');
    expect(sdk.commandCalls(CreateScheduleCommand)[0]?.args[0].input).toEqual(
      buildCreateScheduleInput(outreach, options),
    );
    sdk.on(CreateScheduleCommand).rejects(new ConflictException({ message: 'exists', ...meta(409) }));
    await expect(scheduler().create(outreach)).resolves.toBe('exists');
  });

  it('delete: ResourceNotFound means already gone', async () => {
    sdk.on(DeleteScheduleCommand).resolvesOnce({});
    await expect(scheduler().delete(outreach.name)).resolves.toBe('deleted');
    expect(sdk.commandCalls(DeleteScheduleCommand)[0]?.args[0].input).toMatchObject({
      Name: outreach.name,
      GroupName: 'rapport',
    });
    sdk.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', ...meta(404) }));
    await expect(scheduler().delete(outreach.name)).resolves.toBe('absent');
  });

  it('get: reads the local at() time back to the UTC instant; NotFound is undefined', async () => {
    sdk.on(GetScheduleCommand).resolvesOnce({
      Name: outreach.name,
      GroupName: 'rapport',
      ScheduleExpression: 'at(2025-06-01T09:00:00)',
      ScheduleExpressionTimezone: 'Asia/Kathmandu',
      Target: { Arn: options.targetArn, RoleArn: options.roleArn, Input: '{"step":"outreach"}' },
    });
    await expect(scheduler().get(outreach.name)).resolves.toEqual({
      name: outreach.name,
      at: '2025-06-01T03:15:00.000Z',
      timeZone: 'Asia/Kathmandu',
      payload: { step: 'outreach' },
    });
    sdk.on(GetScheduleCommand).rejects(new ResourceNotFoundException({ message: 'no', ...meta(404) }));
    await expect(scheduler().get(outreach.name)).resolves.toBeUndefined();
  });

  it('ensureScheduleGroup: an existing group is fine', async () => {
    sdk.on(CreateScheduleGroupCommand).resolvesOnce({ ScheduleGroupArn: 'arn:g' });
    await expect(scheduler().ensureScheduleGroup()).resolves.toBe('created');
    sdk.on(CreateScheduleGroupCommand).rejects(new ConflictException({ message: 'exists', ...meta(409) }));
    await expect(scheduler().ensureScheduleGroup()).resolves.toBe('exists');
  });

  it('listSchedules follows NextToken across pages', async () => {
    sdk
      .on(ListSchedulesCommand)
      .resolvesOnce({
        Schedules: [{ Name: 'p.1', Arn: 'a1', GroupName: 'rapport', State: 'ENABLED' }],
        NextToken: 't',
      })
      .resolvesOnce({ Schedules: [{ Name: 'p.2', Arn: 'a2', GroupName: 'rapport', State: 'ENABLED' }] });
    const listed = await scheduler().listSchedules('p.');
    expect(listed.map((s) => s.name)).toEqual(['p.1', 'p.2']);
    const calls = sdk.commandCalls(ListSchedulesCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { GroupName: 'rapport', NamePrefix: 'p.', MaxResults: 100 },
      { GroupName: 'rapport', NamePrefix: 'p.', NextToken: 't', MaxResults: 100 },
    ]);
  });

  const retryable: Array<[string, Error]> = [
    ['ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', ...meta(429) })],
    ['InternalServerException', new InternalServerException({ message: 'oops', ...meta(500) })],
    [
      'an unmodelled 503',
      new SchedulerServiceException({
        name: 'ServiceUnavailable',
        $fault: 'server',
        message: 'busy',
        ...meta(503),
      }),
    ],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a client timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ];
  it.each(retryable)('%s becomes RetryableError', async (_, error) => {
    sdk.on(CreateScheduleCommand).rejects(error);
    sdk.on(DeleteScheduleCommand).rejects(error);
    sdk.on(GetScheduleCommand).rejects(error);
    for (const call of [
      () => scheduler().create(outreach),
      () => scheduler().delete('a'),
      () => scheduler().get('a'),
    ]) {
      const caught = await call().catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(RetryableError);
      expect((caught as RetryableError).cause).toBe(error);
    }
  });

  const permanent: Array<[string, Error, string, boolean]> = [
    [
      'ValidationException',
      new ValidationException({ message: 'bad', ...meta(400) }),
      'ValidationException',
      false,
    ],
    [
      'ServiceQuotaExceededException',
      new ServiceQuotaExceededException({ message: 'too many schedules', ...meta(402) }),
      'ServiceQuotaExceededException',
      true,
    ],
    [
      'AccessDeniedException',
      new SchedulerServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'no',
        ...meta(403),
      }),
      'AccessDeniedException',
      true,
    ],
    [
      'a missing schedule group on create',
      new ResourceNotFoundException({ message: 'Schedule group rapport does not exist.', ...meta(404) }),
      'ResourceNotFoundException',
      true,
    ],
  ];
  it.each(permanent)('%s on create becomes PermanentError', async (_, error, code, operatorAlert) => {
    sdk.on(CreateScheduleCommand).rejects(error);
    const caught = await scheduler()
      .create(outreach)
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(PermanentError);
    expect(caught).toMatchObject({ code, operatorAlert });
    expect((caught as Error).message).toContain(`create schedule ${outreach.name}`);
  });

  it('a conflict outside create (concurrent change) is retryable; a bug is not disguised', () => {
    expect(
      translateSchedulerError(new ConflictException({ message: 'busy', ...meta(409) }), 'delete'),
    ).toBeInstanceOf(RetryableError);
    const bug = new TypeError('x is undefined');
    expect(translateSchedulerError(bug, 'create')).toBe(bug);
  });
});
