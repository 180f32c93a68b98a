/**
 * A local EventBridge Scheduler: the REST-JSON subset the adapter uses (schedules and schedule groups),
 * spoken over HTTP on loopback so the real `@aws-sdk/client-scheduler` can be pointed at it, plus a
 * firing engine driven by a virtual clock (tests) or by the system clock with an offset (`npm start`).
 *
 * Behaviour where AWS is loosely specified, and what this emulator does:
 * - Only `at(yyyy-mm-ddThh:mm:ss)` schedules fire. `rate()` and `cron()` are accepted, stored, listed
 *   and returned, but never fired (status 'never').
 * - An at() wall time is read in ScheduleExpressionTimezone (UTC when absent). In a repeated fall-back
 *   hour the earlier occurrence is used; a wall time inside a spring-forward gap never fires (AWS skips
 *   non-existent times). An at() time already in the past fires at the next run.
 * - A second CreateSchedule for an existing name is always ConflictException; the ClientToken is stored
 *   but not used for replay detection.
 * - Context attributes `<aws.scheduler.scheduled-time>` (e.g. 2025-03-01T14:00:00Z),
 *   `<aws.scheduler.execution-id>` (a UUID, the same for every attempt of one execution),
 *   `<aws.scheduler.attempt-number>` (1-based) and `<aws.scheduler.schedule-arn>` are substituted into
 *   Target.Input as text.
 * - A failed attempt (the handler rejects, no handler is registered for the target ARN, or a fault is
 *   injected) is retried after a virtual backoff (`retryDelayMs`, default 1 min · 2^(n-1), capped at
 *   1 h) until RetryPolicy.MaximumRetryAttempts retries (default 185) or MaximumEventAgeInSeconds
 *   (default 86,400) is exhausted; then it is dead-lettered: recorded in `deadLetters` (always, even
 *   without a DeadLetterConfig — AWS would drop it) and handed to the sink registered for the
 *   DeadLetterConfig ARN, if any.
 * - ActionAfterCompletion DELETE removes the schedule after success or dead-lettering; NONE keeps it
 *   (status 'completed' or 'dead-lettered'), as AWS does.
 * - `faults.duplicateDeliveries`: each attempt is delivered twice, concurrently, with byte-identical
 *   input (same execution id and attempt number) — the way a Lambda async duplicate looks. The
 *   attempt's outcome is the first delivery's; the duplicate's outcome is only recorded.
 * - `faults.failFirstAttempts: N`: the first N attempts of every execution fail without calling the
 *   handler; they count as attempts.
 * - Schedule changes racing an in-flight attempt win: an attempt whose schedule was deleted or updated
 *   meanwhile neither deletes nor retries it.
 *
 * This file puts the pieces together: the clock (`scheduler-clock.ts`), the schedules and groups
 * (`scheduler-records.ts`), the state file (`scheduler-persistence.ts`), firing
 * (`scheduler-firing.ts`) and the HTTP API (`scheduler-routes.ts`, validating with
 * `scheduler-requests.ts`).
 */
import { type EmulatorClock, makeVirtualClock } from './scheduler-clock.ts';
import {
  type DeadLetter,
  type DeadLetterSink,
  defaultRetryDelay,
  errorText,
  type InvocationRecord,
  makeFiring,
  type RunReport,
  type SchedulerFaults,
  type TargetHandler,
} from './scheduler-firing.ts';
import { loadState, makeStateWriter, type PersistedState } from './scheduler-persistence.ts';
import { makeScheduleRegistry, type ScheduleView, viewOf } from './scheduler-records.ts';
import { serveSchedulerApi } from './scheduler-routes.ts';

export type { EmulatorClock } from './scheduler-clock.ts';
export type {
  DeadLetter,
  DeadLetterSink,
  InvocationRecord,
  RunReport,
  SchedulerFaults,
  TargetHandler,
} from './scheduler-firing.ts';
export type { ScheduleStatus, ScheduleView } from './scheduler-records.ts';

export interface SchedulerEmulatorOptions {
  /** Loopback port; a free one when omitted. */
  port?: number;
  /** JSON file the state is kept in across restarts (loaded at start, written on every change). */
  stateFile?: string;
  /** Initial virtual time. Default: the persisted clock offset applied to now, else now. */
  clock?: Date;
  /** Region and account that schedule ARNs carry. Default us-east-1 / 000000000000. */
  region?: string;
  accountId?: string;
  /** Virtual wait after failed attempt `n` (1-based) before the next one. */
  retryDelayMs?: (attempt: number) => number;
  /** Diagnostic lines (firing, failures). Silent by default. */
  log?: (message: string) => void;
}

export interface SchedulerEmulator {
  /** `http://127.0.0.1:<port>` — hand it to the adapter as `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  readonly clock: EmulatorClock;
  faults: SchedulerFaults;
  readonly deadLetters: DeadLetter[];
  /** Every attempt made (the last 10,000). */
  readonly invocations: InvocationRecord[];
  /** Routes due schedules whose Target.Arn is `arn` to `handler`. Returns an unregister function. */
  registerTarget(arn: string, handler: TargetHandler): () => void;
  /** Receives dead letters of schedules whose DeadLetterConfig.Arn is `arn`. */
  registerDeadLetterSink(arn: string, sink: DeadLetterSink): () => void;
  /** Moves the clock (either mode) without firing anything. */
  setTime(date: Date | string): void;
  /** Moves the clock forward (either mode) without firing anything. */
  advance(ms: number): void;
  /**
   * Fires everything due now and waits; repeats while handlers create schedules already due (at most
   * 100 rounds). Runs never overlap, so a target handler must not await runDue/advanceTo itself.
   */
  runDue(): Promise<RunReport>;
  /** Steps the clock to each due time up to `date`, firing in time order, and ends at `date`. */
  advanceTo(date: Date | string): Promise<RunReport>;
  /** `advanceTo(now + ms)`. */
  advanceBy(ms: number): Promise<RunReport>;
  /** Real-time mode: the clock follows the system clock (keeping the current offset); fires every interval. */
  startTicking(intervalMs?: number): void;
  /** Back to a frozen virtual clock at the current time. */
  stopTicking(): void;
  schedules(): ScheduleView[];
  schedule(name: string, groupName?: string): ScheduleView | undefined;
  /** Writes the state file now (no-op without one). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const toDate = (value: Date | string) => {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  return d;
};

export async function startSchedulerEmulator(
  options: SchedulerEmulatorOptions = {},
): Promise<SchedulerEmulator> {
  const log = options.log ?? (() => {});
  const registry = makeScheduleRegistry(options.region ?? 'us-east-1', options.accountId ?? '000000000000');
  const { groups } = registry;
  const targets = new Map<string, TargetHandler>();
  const sinks = new Map<string, DeadLetterSink>();
  const deadLetters: DeadLetter[] = [];
  const invocations: InvocationRecord[] = [];
  let currentFaults: SchedulerFaults = {};

  const saved = options.stateFile ? await loadState(options.stateFile) : undefined;
  if (saved) {
    for (const g of saved.groups) groups.set(g.name, g);
    for (const r of saved.schedules) registry.restore(r);
    deadLetters.push(...saved.deadLetters);
  }
  const time = makeVirtualClock(
    options.clock ? toDate(options.clock).getTime() : Date.now() + (saved?.clockOffsetMs ?? 0),
  );
  if (!groups.has('default')) {
    const created = Date.now();
    groups.set('default', {
      name: 'default',
      arn: registry.groupArn('default'),
      creationDate: created,
      lastModificationDate: created,
    });
  }

  const snapshot = (): PersistedState => ({
    version: 1,
    clockOffsetMs: time.nowMs() - Date.now(),
    groups: [...groups.values()],
    schedules: [...registry.records.values()],
    deadLetters,
  });
  const writer = makeStateWriter(options.stateFile, snapshot, log);
  const changed = writer.changed;
  if (options.stateFile && !saved) changed();

  const firing = makeFiring({
    registry,
    clock: time,
    retryDelayMs: options.retryDelayMs ?? defaultRetryDelay,
    faults: () => currentFaults,
    targets,
    sinks,
    deadLetters,
    invocations,
    changed,
    log,
  });
  const runDue = firing.runDue;
  const advanceTo = (date: Date | string) => firing.advanceTo(toDate(date));
  const startTicking = (intervalMs = 1000) =>
    time.startTicking(intervalMs, () => {
      if (firing.isBusy()) return;
      runDue().catch((error) => log(`scheduler emulator: tick failed: ${errorText(error)}`));
    });
  const stopTicking = () => time.stopTicking();

  const api = await serveSchedulerApi(registry, changed, options.port);

  const emulator: SchedulerEmulator = {
    endpoint: `http://127.0.0.1:${api.port}`,
    port: api.port,
    clock: time.clock,
    faults: currentFaults,
    deadLetters,
    invocations,
    registerTarget(arn, handler) {
      targets.set(arn, handler);
      return () => {
        if (targets.get(arn) === handler) targets.delete(arn);
      };
    },
    registerDeadLetterSink(arn, sink) {
      sinks.set(arn, sink);
      return () => {
        if (sinks.get(arn) === sink) sinks.delete(arn);
      };
    },
    setTime(date) {
      time.setNow(toDate(date).getTime());
      changed();
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance: ${ms} is not a non-negative duration`);
      time.setNow(time.nowMs() + ms);
      changed();
    },
    runDue,
    advanceTo,
    advanceBy: (ms) => advanceTo(new Date(time.nowMs() + ms)),
    startTicking,
    stopTicking,
    schedules: () => registry.sorted().map(viewOf),
    schedule(name, groupName = 'default') {
      const record = registry.get(groupName, name);
      return record ? viewOf(record) : undefined;
    },
    flush: writer.flush,
    async stop() {
      stopTicking();
      await firing.idle();
      await api.close();
      await writer.flush();
    },
  };
  // `faults` may be replaced wholesale by tests (`emulator.faults = {…}`); read it through the object.
  Object.defineProperty(emulator, 'faults', {
    get: () => currentFaults,
    set: (value: SchedulerFaults) => {
      currentFaults = value ?? {};
    },
    enumerable: true,
  });
  return emulator;
}
