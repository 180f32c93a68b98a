import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DeadLetter,
  type SchedulerEmulator,
  startSchedulerEmulator,
} from '#local/scheduler-emulator.ts';
import { adapterFor, DISPATCH_ARN, DLQ_ARN, GROUP, ROLE_ARN } from './support.ts';

let emulator: SchedulerEmulator;
let sdk: SchedulerClient;
beforeEach(async () => {
  emulator = await startSchedulerEmulator({ clock: new Date('2025-03-01T00:00:00Z') });
  sdk = new SchedulerClient({ endpoint: emulator.endpoint, region: 'us-east-1' });
  await adapterFor(emulator).ensureScheduleGroup();
});
afterEach(async () => {
  sdk.destroy();
  await emulator.stop();
});

interface Delivery {
  input: string;
  at: string;
}
function recordDeliveries(arn = DISPATCH_ARN): Delivery[] {
  const deliveries: Delivery[] = [];
  emulator.registerTarget(arn, async (input) => {
    deliveries.push({ input, at: emulator.clock.now().toISOString() });
  });
  return deliveries;
}

describe('firing at the right virtual time', () => {
  it('fires an America/New_York schedule at its UTC instant, not before', async () => {
    const deliveries = recordDeliveries();
    await adapterFor(emulator).create({
      name: 'ny',
      at: '2025-03-10T13:00:00Z', // 09:00 EDT, the day after the spring change
      timeZone: 'America/New_York',
      payload: { step: 'outreach' },
    });
    await emulator.advanceTo(new Date('2025-03-10T12:59:59Z'));
    expect(deliveries).toEqual([]);
    await emulator.advanceTo(new Date('2025-03-11T00:00:00Z'));
    expect(deliveries).toEqual([{ input: '{"step":"outreach"}', at: '2025-03-10T13:00:00.000Z' }]);
    expect(emulator.clock.now().toISOString()).toBe('2025-03-11T00:00:00.000Z');
  });

  it('reads an at() written by hand in Asia/Kathmandu (+05:45)', async () => {
    const deliveries = recordDeliveries();
    await sdk.send(
      new CreateScheduleCommand({
        Name: 'ktm',
        ScheduleExpression: 'at(2025-06-01T09:00:00)',
        ScheduleExpressionTimezone: 'Asia/Kathmandu',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: DISPATCH_ARN, RoleArn: ROLE_ARN, Input: '{}' },
      }),
    );
    expect(emulator.schedule('ktm')?.dueAt).toBe('2025-06-01T03:15:00.000Z');
    await emulator.advanceTo(new Date('2025-06-01T03:14:00Z'));
    expect(deliveries).toHaveLength(0);
    await emulator.advanceBy(60_000);
    expect(deliveries.map((d) => d.at)).toEqual(['2025-06-01T03:15:00.000Z']);
  });

  it('reads a repeated-hour wall time as its first occurrence and never fires a wall time in a gap', async () => {
    const deliveries = recordDeliveries();
    const create = (Name: string, at: string) =>
      sdk.send(
        new CreateScheduleCommand({
          Name,
          ScheduleExpression: `at(${at})`,
          ScheduleExpressionTimezone: 'America/New_York',
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: DISPATCH_ARN, RoleArn: ROLE_ARN, Input: `"${Name}"` },
        }),
      );
    await create('repeated', '2025-11-02T01:30:00');
    await create('gap', '2025-03-09T02:30:00');
    expect(emulator.schedule('repeated')?.dueAt).toBe('2025-11-02T05:30:00.000Z');
    expect(emulator.schedule('gap')?.status).toBe('never');
    await emulator.advanceTo(new Date('2025-12-01T00:00:00Z'));
    expect(deliveries).toEqual([{ input: '"repeated"', at: '2025-11-02T05:30:00.000Z' }]);
  });

  it('fires in time order, the clock standing at each schedule’s time; a past time fires at once', async () => {
    const order: string[] = [];
    emulator.registerTarget(DISPATCH_ARN, async (input) => {
      order.push(`${JSON.parse(input).n}@${emulator.clock.now().toISOString()}`);
    });
    const scheduler = adapterFor(emulator);
    await scheduler.create({
      name: 'third',
      at: '2025-03-03T00:00:00Z',
      timeZone: 'Europe/Paris',
      payload: { n: 3 },
    });
    await scheduler.create({
      name: 'first',
      at: '2025-03-01T10:00:00Z',
      timeZone: 'Asia/Tokyo',
      payload: { n: 1 },
    });
    await scheduler.create({
      name: 'second',
      at: '2025-03-02T00:00:00Z',
      timeZone: 'UTC',
      payload: { n: 2 },
    });
    await scheduler.create({ name: 'past', at: '2025-02-01T00:00:00Z', timeZone: 'UTC', payload: { n: 0 } });
    await emulator.runDue();
    expect(order).toEqual(['0@2025-03-01T00:00:00.000Z']);
    await emulator.advanceTo(new Date('2025-03-05T00:00:00Z'));
    expect(order).toEqual([
      '0@2025-03-01T00:00:00.000Z',
      '1@2025-03-01T10:00:00.000Z',
      '2@2025-03-02T00:00:00.000Z',
      '3@2025-03-03T00:00:00.000Z',
    ]);
  });

  it('runDue repeats while handlers create schedules that are already due', async () => {
    const scheduler = adapterFor(emulator);
    const seen: number[] = [];
    emulator.registerTarget(DISPATCH_ARN, async (input) => {
      const { n } = JSON.parse(input) as { n: number };
      seen.push(n);
      if (n < 3) {
        await scheduler.create({
          name: `chain-${n + 1}`,
          at: emulator.clock.now().toISOString(),
          timeZone: 'UTC',
          payload: { n: n + 1 },
        });
      }
    });
    await scheduler.create({
      name: 'chain-0',
      at: '2025-03-01T00:00:00Z',
      timeZone: 'UTC',
      payload: { n: 0 },
    });
    const report = await emulator.runDue();
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(report.invocations.map((i) => i.scheduleName)).toEqual([
      'chain-0',
      'chain-1',
      'chain-2',
      'chain-3',
    ]);
  });

  it('does not fire a DISABLED schedule', async () => {
    const deliveries = recordDeliveries();
    await sdk.send(
      new CreateScheduleCommand({
        Name: 'off',
        State: 'DISABLED',
        ScheduleExpression: 'at(2025-03-01T00:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: DISPATCH_ARN, RoleArn: ROLE_ARN, Input: '{}' },
      }),
    );
    await emulator.advanceBy(86_400_000);
    expect(deliveries).toEqual([]);
    expect(emulator.schedule('off')?.status).toBe('scheduled');
  });
});

describe('what the target receives, and what happens after', () => {
  it('substitutes the context attributes', async () => {
    const deliveries = recordDeliveries();
    await adapterFor(emulator).create({
      name: 'ctx',
      at: '2025-03-01T08:00:10Z',
      timeZone: 'Europe/London',
      payload: {
        scheduledTime: '<aws.scheduler.scheduled-time>',
        executionId: '<aws.scheduler.execution-id>',
        attempt: '<aws.scheduler.attempt-number>',
        arn: '<aws.scheduler.schedule-arn>',
      },
    });
    await emulator.advanceTo(new Date('2025-03-01T09:00:00Z'));
    expect(deliveries).toHaveLength(1);
    const received = JSON.parse(deliveries[0]?.input ?? '{}');
    expect(received).toEqual({
      scheduledTime: '2025-03-01T08:01:00Z',
      executionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      attempt: '1',
      arn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/rapport/ctx',
    });
  });

  it('ActionAfterCompletion DELETE removes the schedule after success; NONE keeps it, completed, fired once', async () => {
    const deliveries = recordDeliveries();
    await adapterFor(emulator).create({
      name: 'gone',
      at: '2025-03-01T01:00:00Z',
      timeZone: 'UTC',
      payload: {},
    });
    await sdk.send(
      new CreateScheduleCommand({
        Name: 'kept',
        GroupName: GROUP,
        ScheduleExpression: 'at(2025-03-01T01:00:00)',
        ActionAfterCompletion: 'NONE',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: DISPATCH_ARN, RoleArn: ROLE_ARN, Input: '{}' },
      }),
    );
    await emulator.advanceTo(new Date('2025-03-02T00:00:00Z'));
    expect(deliveries).toHaveLength(2);
    await expect(adapterFor(emulator).get('gone')).resolves.toBeUndefined();
    expect(emulator.schedule('kept', GROUP)).toMatchObject({ status: 'completed', attempts: 1 });
    await emulator.advanceTo(new Date('2025-03-05T00:00:00Z'));
    expect(deliveries).toHaveLength(2);
  });
});

describe('failures, retries and dead letters', () => {
  it('retries injected failures and succeeds on the attempt after them, same execution id', async () => {
    const deliveries = recordDeliveries();
    emulator.faults = { failFirstAttempts: 2 };
    await adapterFor(emulator).create({
      name: 'flaky',
      at: '2025-03-01T06:00:00Z',
      timeZone: 'UTC',
      payload: { attempt: '<aws.scheduler.attempt-number>', execution: '<aws.scheduler.execution-id>' },
    });
    await emulator.advanceTo(new Date('2025-03-01T06:00:00Z'));
    expect(deliveries).toHaveLength(0);
    expect(emulator.schedule('flaky', GROUP)).toMatchObject({ status: 'retrying', attempts: 1 });
    await emulator.advanceTo(new Date('2025-03-01T07:00:00Z'));
    expect(deliveries).toHaveLength(1);
    expect(JSON.parse(deliveries[0]?.input ?? '{}').attempt).toBe('3');
    const attempts = emulator.invocations.filter((i) => i.scheduleName === 'flaky');
    expect(attempts.map((i) => [i.attemptNumber, i.outcome, i.injected])).toEqual([
      [1, 'failed', true],
      [2, 'failed', true],
      [3, 'succeeded', false],
    ]);
    expect(new Set(attempts.map((i) => i.executionId)).size).toBe(1);
    // Virtual backoff: one minute, then two.
    expect(attempts.map((i) => i.invokedAt)).toEqual([
      '2025-03-01T06:00:00.000Z',
      '2025-03-01T06:01:00.000Z',
      '2025-03-01T06:03:00.000Z',
    ]);
    expect(emulator.schedule('flaky', GROUP)).toBeUndefined();
    expect(emulator.deadLetters).toEqual([]);
  });

  it('dead-letters after MaximumRetryAttempts, hands the event to the DLQ sink and deletes the schedule', async () => {
    const handled: string[] = [];
    emulator.registerTarget(DISPATCH_ARN, async (input) => {
      handled.push(input);
    });
    const sunk: DeadLetter[] = [];
    emulator.registerDeadLetterSink(DLQ_ARN, async (deadLetter) => {
      sunk.push(deadLetter);
    });
    emulator.faults = { failFirstAttempts: 10 };
    await adapterFor(emulator).create({
      name: 'doomed',
      at: '2025-03-01T06:00:00Z',
      timeZone: 'UTC',
      payload: { x: 1 },
    });
    const report = await emulator.advanceTo(new Date('2025-03-02T00:00:00Z'));
    expect(handled).toEqual([]); // injected failures never reach the handler
    expect(report.invocations.filter((i) => i.scheduleName === 'doomed')).toHaveLength(3); // 1 + 2 retries
    expect(emulator.deadLetters).toEqual([
      {
        scheduleName: 'doomed',
        groupName: GROUP,
        scheduleArn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/rapport/doomed',
        targetArn: DISPATCH_ARN,
        deadLetterArn: DLQ_ARN,
        input: '{"x":1}',
        executionId: expect.any(String),
        attempts: 3,
        scheduledTime: '2025-03-01T06:00:00Z',
        deadLetteredAt: '2025-03-01T06:03:00.000Z',
        errorCode: 'Error',
        errorMessage: 'injected failure: attempt 3 of the first 10',
      },
    ]);
    expect(sunk).toEqual(emulator.deadLetters);
    expect(report.deadLetters).toEqual(emulator.deadLetters);
    expect(emulator.schedule('doomed', GROUP)).toBeUndefined();
  });

  it('retries a handler that rejects, and dead-letters when no handler is registered for the target', async () => {
    let calls = 0;
    emulator.registerTarget(DISPATCH_ARN, async () => {
      calls += 1;
      if (calls === 1) throw new Error('SES throttled');
    });
    await adapterFor(emulator).create({
      name: 'rejects-once',
      at: '2025-03-01T00:00:00Z',
      timeZone: 'UTC',
      payload: {},
    });
    await emulator.advanceBy(3_600_000);
    expect(calls).toBe(2);
    expect(emulator.invocations.map((i) => [i.outcome, i.error])).toEqual([
      ['failed', 'SES throttled'],
      ['succeeded', undefined],
    ]);

    const elsewhere = 'arn:aws:lambda:us-east-1:000000000000:function:nobody';
    await sdk.send(
      new CreateScheduleCommand({
        Name: 'unroutable',
        ScheduleExpression: 'at(2025-03-01T02:00:00)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { Arn: elsewhere, RoleArn: ROLE_ARN, Input: '{}', RetryPolicy: { MaximumRetryAttempts: 0 } },
      }),
    );
    await emulator.advanceBy(3_600_000);
    expect(emulator.deadLetters).toHaveLength(1);
    expect(emulator.deadLetters[0]).toMatchObject({
      scheduleName: 'unroutable',
      attempts: 1,
      errorMessage: `no target registered for ${elsewhere}`,
    });
    expect(emulator.deadLetters[0]?.deadLetterArn).toBeUndefined();
    // ActionAfterCompletion defaults to NONE: the schedule is kept, marked dead-lettered.
    expect(emulator.schedule('unroutable')?.status).toBe('dead-lettered');
  });

  it('stops retrying when MaximumEventAgeInSeconds is exceeded', async () => {
    emulator.faults = { failFirstAttempts: 100 };
    await adapterFor(emulator, { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 300 }).create({
      name: 'aged',
      at: '2025-03-01T00:00:00Z',
      timeZone: 'UTC',
      payload: {},
    });
    await emulator.advanceBy(86_400_000);
    // Attempts at +0, +1, +3 min; the next would be at +7 min, past the 5-minute age limit.
    expect(emulator.deadLetters.map((d) => [d.scheduleName, d.attempts, d.deadLetteredAt])).toEqual([
      ['aged', 3, '2025-03-01T00:03:00.000Z'],
    ]);
  });
});

describe('duplicate deliveries', () => {
  it('delivers every attempt twice, concurrently, with identical input', async () => {
    emulator.faults = { duplicateDeliveries: true };
    const inputs: string[] = [];
    let active = 0;
    let maxActive = 0;
    emulator.registerTarget(DISPATCH_ARN, async (input) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      inputs.push(input);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active -= 1;
    });
    await adapterFor(emulator).create({
      name: 'twice',
      at: '2025-03-01T00:00:00Z',
      timeZone: 'UTC',
      payload: { execution: '<aws.scheduler.execution-id>', attempt: '<aws.scheduler.attempt-number>' },
    });
    const report = await emulator.runDue();
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toBe(inputs[1]);
    expect(maxActive).toBe(2);
    expect(report.invocations.map((i) => i.duplicate)).toEqual([false, true]);
    expect(emulator.schedule('twice', GROUP)).toBeUndefined(); // completed and deleted once
  });
});

describe('real-time mode', () => {
  it('follows the system clock with an offset that advance() moves, firing on ticks', async () => {
    const deliveries = recordDeliveries();
    emulator.setTime(new Date());
    emulator.startTicking(10);
    const offsetBefore = emulator.clock.now().getTime() - Date.now();
    expect(Math.abs(offsetBefore)).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(emulator.clock.now().getTime()).toBeGreaterThan(Date.now() - 1000); // it moves by itself
    const at = new Date(Date.now() + 2 * 3_600_000).toISOString();
    await adapterFor(emulator).create({ name: 'later', at, timeZone: 'Asia/Kathmandu', payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(deliveries).toHaveLength(0);
    emulator.advance(3 * 3_600_000);
    expect(emulator.clock.now().getTime() - Date.now()).toBeGreaterThan(3 * 3_600_000 - 1000);
    // A wall-clock deadline: a loaded machine can stretch a 10 ms tick well past 10 ms.
    const deadline = Date.now() + 10_000;
    while (deliveries.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(deliveries).toHaveLength(1);
    emulator.stopTicking();
    const frozen = emulator.clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(emulator.clock.now().getTime()).toBe(frozen);
  });
});
