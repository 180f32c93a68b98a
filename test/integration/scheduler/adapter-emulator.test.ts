import {
  ConflictException,
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { PermanentError, RetryableError } from '#domain/errors.ts';
import { freePort } from '#local/free-port.ts';
import { type SchedulerEmulator, startSchedulerEmulator } from '#local/scheduler-emulator.ts';
import { adapterFor, DISPATCH_ARN, DLQ_ARN, GROUP, ROLE_ARN } from './support.ts';

let emulator: SchedulerEmulator;
let sdk: SchedulerClient;
beforeAll(async () => {
  emulator = await startSchedulerEmulator({ clock: new Date('2025-03-01T00:00:00Z') });
  sdk = new SchedulerClient({ endpoint: emulator.endpoint, region: 'us-east-1' });
  await adapterFor(emulator).ensureScheduleGroup();
});
afterAll(async () => {
  sdk.destroy();
  await emulator.stop();
});

const oneTime = (name: string, extra: Record<string, unknown> = {}) => ({
  Name: name,
  ScheduleExpression: 'at(2025-06-01T09:00:00)',
  FlexibleTimeWindow: { Mode: 'OFF' as const },
  Target: { Arn: DISPATCH_ARN, RoleArn: ROLE_ARN, Input: '{}' },
  ...extra,
});

describe('adapter ↔ emulator round trip', () => {
  it('create → get → exists → delete → absent', async () => {
    const scheduler = adapterFor(emulator);
    const schedule = {
      name: 'c-42.follow-up-1.v3',
      at: '2025-03-10T13:00:45Z',
      timeZone: 'America/New_York',
      payload: { contactId: 'c-42', step: 'follow-up-1', planVersion: 3 },
    };
    await expect(scheduler.create(schedule)).resolves.toBe('created');
    await expect(scheduler.get(schedule.name)).resolves.toEqual({
      ...schedule,
      at: '2025-03-10T13:01:00.000Z', // rounded up to the minute
    });
    expect(emulator.schedule(schedule.name, GROUP)).toMatchObject({
      expression: 'at(2025-03-10T09:01:00)', // EDT began on 9 March
      timeZone: 'America/New_York',
      targetArn: DISPATCH_ARN,
      deadLetterArn: DLQ_ARN,
      actionAfterCompletion: 'DELETE',
      state: 'ENABLED',
      status: 'scheduled',
    });
    await expect(scheduler.create(schedule)).resolves.toBe('exists');
    await expect(scheduler.delete(schedule.name)).resolves.toBe('deleted');
    await expect(scheduler.get(schedule.name)).resolves.toBeUndefined();
    await expect(scheduler.delete(schedule.name)).resolves.toBe('absent');
    expect(emulator.schedule(schedule.name, GROUP)).toBeUndefined();
  });

  it('a repeated-hour instant is stored in UTC and reads back exactly', async () => {
    const scheduler = adapterFor(emulator);
    const name = 'c-43.confirmation.v1';
    await scheduler.create({ name, at: '2025-11-02T06:30:00Z', timeZone: 'America/New_York', payload: {} });
    expect(emulator.schedule(name, GROUP)).toMatchObject({
      expression: 'at(2025-11-02T06:30:00)',
      timeZone: 'UTC',
      dueAt: '2025-11-02T06:30:00.000Z',
    });
    await expect(scheduler.get(name)).resolves.toMatchObject({
      at: '2025-11-02T06:30:00.000Z',
      timeZone: 'UTC',
    });
  });

  it('ensureScheduleGroup is idempotent and the group is visible to GetScheduleGroup', async () => {
    await expect(adapterFor(emulator).ensureScheduleGroup()).resolves.toBe('exists');
    const group = await sdk.send(new GetScheduleGroupCommand({ Name: GROUP }));
    expect(group).toMatchObject({ Name: GROUP, State: 'ACTIVE' });
    expect(group.Arn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule-group/rapport');
    expect(group.CreationDate).toBeInstanceOf(Date);
  });

  it('a missing schedule group is a permanent, operator-visible error', async () => {
    const scheduler = makeEventBridgeScheduler({
      endpoint: emulator.endpoint,
      groupName: 'nobody-made-this',
      targetArn: DISPATCH_ARN,
      roleArn: ROLE_ARN,
      deadLetterArn: DLQ_ARN,
    });
    const caught = await scheduler
      .create({ name: 'x', at: '2025-06-01T00:00:00Z', timeZone: 'UTC', payload: {} })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(PermanentError);
    expect(caught).toMatchObject({ code: 'ResourceNotFoundException', operatorAlert: true });
  });

  it('a wrong dead-letter ARN is refused by the service as a permanent error', async () => {
    const scheduler = makeEventBridgeScheduler({
      endpoint: emulator.endpoint,
      groupName: GROUP,
      targetArn: DISPATCH_ARN,
      roleArn: ROLE_ARN,
      deadLetterArn: 'arn:aws:sns:us-east-1:000000000000:not-a-queue',
    });
    const caught = await scheduler
      .create({ name: 'bad-dlq', at: '2025-06-01T00:00:00Z', timeZone: 'UTC', payload: {} })
      .catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(PermanentError);
    expect(caught).toMatchObject({ code: 'ValidationException' });
    expect((caught as Error).message).toContain('target.deadLetterConfig.arn');
  });

  it('an unreachable endpoint is a retryable error', async () => {
    const port = await freePort(); // nothing listens there
    const scheduler = makeEventBridgeScheduler({
      endpoint: `http://127.0.0.1:${port}`,
      groupName: GROUP,
      targetArn: DISPATCH_ARN,
      roleArn: ROLE_ARN,
      deadLetterArn: DLQ_ARN,
    });
    await expect(scheduler.get('anything')).rejects.toBeInstanceOf(RetryableError);
  });

  it('listSchedules returns every match with the prefix across pages of 100', async () => {
    const scheduler = adapterFor(emulator);
    const names = Array.from({ length: 105 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    await Promise.all(
      names.map((name) =>
        scheduler.create({ name, at: '2025-07-01T12:00:00Z', timeZone: 'UTC', payload: {} }),
      ),
    );
    await scheduler.create({ name: 'other-1', at: '2025-07-01T12:00:00Z', timeZone: 'UTC', payload: {} });
    const listed = await scheduler.listSchedules('bulk-');
    expect(listed.map((s) => s.name)).toEqual(names);
    expect(listed[0]).toMatchObject({ groupName: GROUP, state: 'ENABLED', targetArn: DISPATCH_ARN });
    await Promise.all(names.map((name) => scheduler.delete(name)));
    await expect(scheduler.listSchedules('bulk-')).resolves.toEqual([]);
  });
});

describe('the real SDK gets typed exceptions from the emulator', () => {
  it('409 → ConflictException for an existing schedule and an existing group', async () => {
    await sdk.send(new CreateScheduleCommand(oneTime('dup')));
    const caught = await sdk.send(new CreateScheduleCommand(oneTime('dup'))).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(ConflictException);
    expect(caught).toMatchObject({
      message: 'Schedule dup already exists.',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(sdk.send(new CreateScheduleGroupCommand({ Name: GROUP }))).rejects.toBeInstanceOf(
      ConflictException,
    );
  });

  it('404 → ResourceNotFoundException for get, update and delete of a missing schedule, and a missing group', async () => {
    for (const command of [
      new GetScheduleCommand({ Name: 'missing' }),
      new DeleteScheduleCommand({ Name: 'missing' }),
      new UpdateScheduleCommand(oneTime('missing')),
      new GetScheduleGroupCommand({ Name: 'no-such-group' }),
      new CreateScheduleCommand(oneTime('orphan', { GroupName: 'no-such-group' })),
      new GetScheduleCommand({ Name: 'dup', GroupName: 'no-such-group' }),
    ]) {
      // biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of commands
      const caught = await sdk.send(command as any).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(ResourceNotFoundException);
      expect((caught as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    }
  });

  it.each([
    ['a name with a space', oneTime('has space'), "at 'name'"],
    ['a name of 65 characters', oneTime('x'.repeat(65)), "at 'name'"],
    [
      'a malformed expression',
      oneTime('e1', { ScheduleExpression: 'at(2025-06-01 09:00)' }),
      'Invalid Schedule Expression',
    ],
    [
      'an impossible date',
      oneTime('e2', { ScheduleExpression: 'at(2025-02-30T09:00:00)' }),
      'Invalid Schedule Expression',
    ],
    [
      'an unknown time zone',
      oneTime('e3', { ScheduleExpressionTimezone: 'Europe/Atlantis' }),
      'scheduleExpressionTimezone',
    ],
    [
      'too many retries',
      oneTime('e4', {
        Target: { Arn: DISPATCH_ARN, RoleArn: ROLE_ARN, RetryPolicy: { MaximumRetryAttempts: 186 } },
      }),
      'target.retryPolicy.maximumRetryAttempts',
    ],
    [
      'a role that is not an IAM role',
      oneTime('e5', { Target: { Arn: DISPATCH_ARN, RoleArn: 'me' } }),
      'target.roleArn',
    ],
    [
      'a flexible window without a size',
      oneTime('e6', { FlexibleTimeWindow: { Mode: 'FLEXIBLE' } }),
      'maximumWindowInMinutes',
    ],
    [
      'an unknown action after completion',
      oneTime('e7', { ActionAfterCompletion: 'ARCHIVE' }),
      'actionAfterCompletion',
    ],
  ])('400 → ValidationException for %s', async (_, input, mention) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    const caught = await sdk.send(new CreateScheduleCommand(input as any)).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(ValidationException);
    expect((caught as ValidationException).$metadata.httpStatusCode).toBe(400);
    expect((caught as Error).message).toContain(mention);
    const name = (input as { Name: string }).Name;
    expect(emulator.schedule(name)).toBeUndefined(); // nothing was stored
  });

  it('GetSchedule returns what was created, with dates', async () => {
    await sdk.send(
      new CreateScheduleCommand(
        oneTime('full', {
          ScheduleExpressionTimezone: 'Asia/Kathmandu',
          ActionAfterCompletion: 'DELETE',
          Description: 'a test schedule',
          Target: {
            Arn: DISPATCH_ARN,
            RoleArn: ROLE_ARN,
            Input: '{"a":1}',
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
            DeadLetterConfig: { Arn: DLQ_ARN },
          },
        }),
      ),
    );
    const got = await sdk.send(new GetScheduleCommand({ Name: 'full' }));
    expect(got).toMatchObject({
      Name: 'full',
      GroupName: 'default',
      Arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/default/full',
      ScheduleExpression: 'at(2025-06-01T09:00:00)',
      ScheduleExpressionTimezone: 'Asia/Kathmandu',
      State: 'ENABLED',
      ActionAfterCompletion: 'DELETE',
      Description: 'a test schedule',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: DISPATCH_ARN,
        RoleArn: ROLE_ARN,
        Input: '{"a":1}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: DLQ_ARN },
      },
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs((got.CreationDate?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(got.LastModificationDate).toBeInstanceOf(Date);
  });

  it('UpdateSchedule replaces the definition and the due time', async () => {
    await sdk.send(new CreateScheduleCommand(oneTime('moving')));
    await sdk.send(
      new UpdateScheduleCommand(
        oneTime('moving', { ScheduleExpression: 'at(2025-08-01T10:00:00)', State: 'DISABLED' }),
      ),
    );
    const got = await sdk.send(new GetScheduleCommand({ Name: 'moving' }));
    expect(got).toMatchObject({ ScheduleExpression: 'at(2025-08-01T10:00:00)', State: 'DISABLED' });
    expect(emulator.schedule('moving')?.dueAt).toBe('2025-08-01T10:00:00.000Z');
  });

  it('ListSchedules filters by group and prefix and pages with MaxResults/NextToken', async () => {
    await sdk.send(new CreateScheduleGroupCommand({ Name: 'paging' }));
    for (const name of ['pg-a', 'pg-b', 'pg-c', 'pg-d', 'pg-e', 'zz-other']) {
      await sdk.send(new CreateScheduleCommand(oneTime(name, { GroupName: 'paging' })));
    }
    await sdk.send(new CreateScheduleCommand(oneTime('pg-in-default')));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await sdk.send(
        new ListSchedulesCommand({ GroupName: 'paging', NamePrefix: 'pg-', MaxResults: 2, NextToken }),
      );
      pages += 1;
      expect(page.Schedules?.length).toBeLessThanOrEqual(2);
      for (const s of page.Schedules ?? []) {
        expect(s).toMatchObject({ GroupName: 'paging', State: 'ENABLED', Target: { Arn: DISPATCH_ARN } });
        seen.push(s.Name ?? '');
      }
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toEqual(['pg-a', 'pg-b', 'pg-c', 'pg-d', 'pg-e']);
    expect(pages).toBe(3);
    await expect(sdk.send(new ListSchedulesCommand({ MaxResults: 101 }))).rejects.toBeInstanceOf(
      ValidationException,
    );
    await expect(sdk.send(new ListSchedulesCommand({ NextToken: 'garbage' }))).rejects.toBeInstanceOf(
      ValidationException,
    );
  });

  it('rate() and cron() schedules are accepted but never fired', async () => {
    await sdk.send(new CreateScheduleCommand(oneTime('every-5', { ScheduleExpression: 'rate(5 minutes)' })));
    await sdk.send(
      new CreateScheduleCommand(oneTime('nightly', { ScheduleExpression: 'cron(0 2 * * ? *)' })),
    );
    for (const name of ['every-5', 'nightly']) {
      expect(emulator.schedule(name)?.status).toBe('never');
      expect(emulator.schedule(name)?.dueAt).toBeUndefined();
    }
    const report = await emulator.advanceTo(new Date('2026-03-01T00:00:00Z'));
    expect(report.invocations.filter((i) => ['every-5', 'nightly'].includes(i.scheduleName))).toEqual([]);
  });
});
