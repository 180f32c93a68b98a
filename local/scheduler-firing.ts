/**
 * The scheduler emulator's firing engine: every due at() schedule is delivered to the handler
 * registered for its target ARN, with AWS's context attributes substituted into its input; failed
 * attempts are retried after a virtual backoff until the schedule's RetryPolicy is exhausted, then
 * dead-lettered. Runs never overlap. Reads the time from the emulator's clock and never sleeps.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { VirtualClock } from './scheduler-clock.ts';
import type { ScheduleRecord, ScheduleRegistry } from './scheduler-records.ts';

export type TargetHandler = (input: string) => Promise<void>;
export type DeadLetterSink = (deadLetter: DeadLetter) => Promise<void>;

export interface SchedulerFaults {
  /** Deliver every attempt twice, concurrently, with the same input. */
  duplicateDeliveries?: boolean;
  /** The first N attempts of every execution fail without reaching the handler. */
  failFirstAttempts?: number;
}

export interface DeadLetter {
  scheduleName: string;
  groupName: string;
  scheduleArn: string;
  targetArn: string;
  /** The DeadLetterConfig ARN; undefined when the schedule had none (AWS would drop the event). */
  deadLetterArn?: string;
  /** The input of the last attempt, context attributes substituted. */
  input: string;
  executionId: string;
  attempts: number;
  /** ISO UTC, seconds precision. */
  scheduledTime: string;
  deadLetteredAt: string;
  errorCode: string;
  errorMessage: string;
  /** Set when the registered dead-letter sink itself rejected. */
  sinkError?: string;
}

export interface InvocationRecord {
  scheduleName: string;
  groupName: string;
  executionId: string;
  attemptNumber: number;
  scheduledTime: string;
  /** Virtual time of the attempt, ISO UTC. */
  invokedAt: string;
  input: string;
  outcome: 'succeeded' | 'failed';
  error?: string;
  /** The failure was injected by `faults.failFirstAttempts`; the handler was not called. */
  injected: boolean;
  /** The second, concurrent delivery of `faults.duplicateDeliveries`. */
  duplicate: boolean;
}

export interface RunReport {
  /** Invocations made by this call, in order. */
  invocations: InvocationRecord[];
  /** Dead letters produced by this call. */
  deadLetters: DeadLetter[];
}

export interface FiringDeps {
  registry: ScheduleRegistry;
  clock: VirtualClock;
  /** Virtual wait after failed attempt `n` (1-based) before the next one. */
  retryDelayMs: (attempt: number) => number;
  /** The faults in force when an attempt starts. */
  faults: () => SchedulerFaults;
  targets: Map<string, TargetHandler>;
  sinks: Map<string, DeadLetterSink>;
  /** Every dead letter, kept (and persisted) by the emulator. */
  deadLetters: DeadLetter[];
  /** Every attempt made (the last MAX_INVOCATIONS_KEPT). */
  invocations: InvocationRecord[];
  /** A change to persist. */
  changed: () => void;
  log: (message: string) => void;
}

const MAX_RUN_ROUNDS = 100;
const MAX_ADVANCE_STEPS = 100_000;
const MAX_INVOCATIONS_KEPT = 10_000;

export const defaultRetryDelay = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 3_600_000);
const iso = (ms: number) => new Date(ms).toISOString();
const isoSeconds = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const errorName = (e: unknown) => (e instanceof Error ? e.name : 'Error');

export function makeFiring(deps: FiringDeps) {
  const { registry, targets, sinks, deadLetters, invocations, changed, log, retryDelayMs } = deps;
  const { records } = registry;
  const { nowMs, setNow } = deps.clock;
  const inFlight = new Set<ScheduleRecord>();

  let report: RunReport | undefined;
  const remember = (invocation: InvocationRecord) => {
    invocations.push(invocation);
    if (invocations.length > MAX_INVOCATIONS_KEPT)
      invocations.splice(0, invocations.length - MAX_INVOCATIONS_KEPT);
    report?.invocations.push(invocation);
  };
  const isCurrent = registry.isCurrent;

  const finish = (record: ScheduleRecord, status: 'completed' | 'dead-lettered') => {
    if (record.definition.ActionAfterCompletion === 'DELETE') {
      registry.remove(record);
    } else {
      record.status = status;
      record.nextAttemptAt = undefined;
    }
  };

  const attempt = async (record: ScheduleRecord) => {
    const generation = record.generation;
    const dueAt = record.dueAt ?? nowMs();
    const attemptNumber = record.attempts + 1;
    record.attempts = attemptNumber;
    record.executionId ??= randomUUID();
    const executionId = record.executionId;
    const scheduledTime = isoSeconds(dueAt);
    const target = record.definition.Target;
    const input = (target.Input ?? '')
      .replaceAll('<aws.scheduler.scheduled-time>', scheduledTime)
      .replaceAll('<aws.scheduler.execution-id>', executionId)
      .replaceAll('<aws.scheduler.attempt-number>', String(attemptNumber))
      .replaceAll('<aws.scheduler.schedule-arn>', record.arn);
    const invokedAt = nowMs();
    const base = {
      scheduleName: record.name,
      groupName: record.groupName,
      executionId,
      attemptNumber,
      scheduledTime,
      invokedAt: iso(invokedAt),
      input,
    };
    inFlight.add(record);
    changed();
    let failure: unknown;
    let failed = false;
    const faults = deps.faults();
    const injectedLimit = faults.failFirstAttempts ?? 0;
    try {
      if (attemptNumber <= injectedLimit) {
        failed = true;
        failure = new Error(`injected failure: attempt ${attemptNumber} of the first ${injectedLimit}`);
        remember({ ...base, outcome: 'failed', error: errorText(failure), injected: true, duplicate: false });
      } else {
        const handler = targets.get(target.Arn);
        const deliver = () =>
          handler
            ? Promise.resolve().then(() => handler(input))
            : Promise.reject(new Error(`no target registered for ${target.Arn}`));
        const deliveries = faults.duplicateDeliveries ? [deliver(), deliver()] : [deliver()];
        const outcomes = await Promise.allSettled(deliveries);
        outcomes.forEach((outcome, index) => {
          remember({
            ...base,
            outcome: outcome.status === 'fulfilled' ? 'succeeded' : 'failed',
            ...(outcome.status === 'rejected' ? { error: errorText(outcome.reason) } : {}),
            injected: false,
            duplicate: index > 0,
          });
        });
        const first = outcomes[0];
        if (first?.status === 'rejected') {
          failed = true;
          failure = first.reason;
        }
      }
    } finally {
      inFlight.delete(record);
    }
    if (!isCurrent(record, generation)) return; // deleted or replaced while the target ran
    if (!failed) {
      log(`scheduler emulator: ${record.name} attempt ${attemptNumber} succeeded`);
      finish(record, 'completed');
      changed();
      return;
    }
    const retryPolicy = target.RetryPolicy ?? {};
    const maxRetries = retryPolicy.MaximumRetryAttempts ?? 185;
    const maxAgeMs = (retryPolicy.MaximumEventAgeInSeconds ?? 86_400) * 1000;
    const retryAt = nowMs() + retryDelayMs(attemptNumber);
    if (attemptNumber <= maxRetries && retryAt - dueAt <= maxAgeMs) {
      log(
        `scheduler emulator: ${record.name} attempt ${attemptNumber} failed (${errorText(failure)}); retrying`,
      );
      record.status = 'retrying';
      record.nextAttemptAt = retryAt;
      changed();
      return;
    }
    const deadLetterArn = target.DeadLetterConfig?.Arn;
    const deadLetter: DeadLetter = {
      scheduleName: record.name,
      groupName: record.groupName,
      scheduleArn: record.arn,
      targetArn: target.Arn,
      ...(deadLetterArn ? { deadLetterArn } : {}),
      input,
      executionId,
      attempts: attemptNumber,
      scheduledTime,
      deadLetteredAt: iso(nowMs()),
      errorCode: errorName(failure),
      errorMessage: errorText(failure),
    };
    log(`scheduler emulator: ${record.name} dead-lettered after ${attemptNumber} attempts`);
    deadLetters.push(deadLetter);
    report?.deadLetters.push(deadLetter);
    finish(record, 'dead-lettered');
    changed();
    const sink = deadLetterArn ? sinks.get(deadLetterArn) : undefined;
    if (sink) {
      try {
        await sink(deadLetter);
      } catch (error) {
        deadLetter.sinkError = errorText(error);
        changed();
      }
    }
  };

  const dueNow = (at: number) =>
    [...records.values()]
      .filter(
        (r) =>
          (r.status === 'scheduled' || r.status === 'retrying') &&
          r.definition.State === 'ENABLED' &&
          r.nextAttemptAt !== undefined &&
          r.nextAttemptAt <= at &&
          !inFlight.has(r),
      )
      .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));

  const nextDueAfter = (at: number): number | undefined => {
    let next: number | undefined;
    for (const r of records.values()) {
      if ((r.status !== 'scheduled' && r.status !== 'retrying') || r.definition.State !== 'ENABLED') continue;
      if (r.nextAttemptAt === undefined || r.nextAttemptAt <= at) continue;
      if (next === undefined || r.nextAttemptAt < next) next = r.nextAttemptAt;
    }
    return next;
  };

  const runDueUnlocked = async () => {
    for (let round = 1; ; round++) {
      const due = dueNow(nowMs());
      if (due.length === 0) return;
      if (round > MAX_RUN_ROUNDS) {
        throw new Error(
          `runDue: still finding due schedules after ${MAX_RUN_ROUNDS} rounds (a handler loop?)`,
        );
      }
      await Promise.all(due.map((record) => attempt(record)));
    }
  };

  // One run at a time: ticks, runDue and advanceTo never overlap.
  let lock: Promise<unknown> = Promise.resolve();
  let busy = false;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = lock.then(async () => {
      busy = true;
      try {
        return await work();
      } finally {
        busy = false;
      }
    });
    lock = run.catch(() => {});
    return run;
  };
  const withReport = async (work: () => Promise<void>): Promise<RunReport> => {
    const current: RunReport = { invocations: [], deadLetters: [] };
    report = current;
    try {
      await work();
    } finally {
      report = undefined;
    }
    return current;
  };

  const runDue = () => exclusive(() => withReport(runDueUnlocked));

  const advanceTo = (date: Date) => {
    const target = date.getTime();
    return exclusive(() =>
      withReport(async () => {
        if (target < nowMs())
          throw new RangeError(`advanceTo: ${iso(target)} is before now (${iso(nowMs())})`);
        for (let step = 0; step < MAX_ADVANCE_STEPS; step++) {
          await runDueUnlocked();
          const next = nextDueAfter(nowMs());
          if (next === undefined || next > target) {
            setNow(target);
            await runDueUnlocked();
            changed();
            return;
          }
          setNow(next);
        }
        throw new Error(`advanceTo: more than ${MAX_ADVANCE_STEPS} steps`);
      }),
    );
  };

  return {
    runDue,
    /** Steps the clock to each due time up to `date`, firing in time order, and ends at `date`. */
    advanceTo,
    /** Whether a run is going on (a tick then skips). */
    isBusy: () => busy,
    /** Settles when the current run (if any) has. */
    idle: (): Promise<unknown> => lock,
  };
}
