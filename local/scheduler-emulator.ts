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
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { DateTime } from 'luxon';
import type { Clock } from '#domain/ports/clock.ts';
import {
  ApiError,
  checkName,
  conflictError,
  firstFireTime,
  notFoundError,
  paginate,
  parseScheduleBody,
  type ScheduleDefinition,
  validationError,
} from './scheduler-requests.ts';

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

export type ScheduleStatus = 'scheduled' | 'retrying' | 'completed' | 'dead-lettered' | 'never';

export interface ScheduleView {
  name: string;
  groupName: string;
  arn: string;
  expression: string;
  /** ScheduleExpressionTimezone as stored (UTC when none was given). */
  timeZone: string;
  /** Target.Input as stored, context attributes not substituted. */
  input: string | undefined;
  state: 'ENABLED' | 'DISABLED';
  targetArn: string;
  deadLetterArn?: string;
  actionAfterCompletion: 'NONE' | 'DELETE';
  /** When the at() time falls, ISO UTC; undefined for schedules the emulator never fires. */
  dueAt?: string;
  attempts: number;
  nextAttemptAt?: string;
  status: ScheduleStatus;
}

export interface RunReport {
  /** Invocations made by this call, in order. */
  invocations: InvocationRecord[];
  /** Dead letters produced by this call. */
  deadLetters: DeadLetter[];
}

export interface EmulatorClock extends Clock {
  now(): Date;
}

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

interface ScheduleRecord {
  name: string;
  groupName: string;
  arn: string;
  definition: ScheduleDefinition;
  creationDate: number;
  lastModificationDate: number;
  dueAt: number | undefined;
  attempts: number;
  nextAttemptAt: number | undefined;
  executionId: string | undefined;
  status: ScheduleStatus;
  generation: number;
}

interface GroupRecord {
  name: string;
  arn: string;
  creationDate: number;
  lastModificationDate: number;
}

interface PersistedState {
  version: 1;
  clockOffsetMs: number;
  groups: GroupRecord[];
  schedules: ScheduleRecord[];
  deadLetters: DeadLetter[];
}

const MAX_RUN_ROUNDS = 100;
const MAX_ADVANCE_STEPS = 100_000;
const MAX_INVOCATIONS_KEPT = 10_000;
const MAX_BODY_BYTES = 1024 * 1024;

const defaultRetryDelay = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 3_600_000);
const iso = (ms: number) => new Date(ms).toISOString();
const isoSeconds = (ms: number) =>
  DateTime.fromMillis(ms, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
const toDate = (value: Date | string) => {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  return d;
};
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const errorName = (e: unknown) => (e instanceof Error ? e.name : 'Error');

export async function startSchedulerEmulator(
  options: SchedulerEmulatorOptions = {},
): Promise<SchedulerEmulator> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelay;
  const log = options.log ?? (() => {});
  const scheduleArn = (group: string, name: string) =>
    `arn:aws:scheduler:${region}:${accountId}:schedule/${group}/${name}`;
  const groupArn = (name: string) => `arn:aws:scheduler:${region}:${accountId}:schedule-group/${name}`;

  const groups = new Map<string, GroupRecord>();
  const records = new Map<string, ScheduleRecord>();
  const targets = new Map<string, TargetHandler>();
  const sinks = new Map<string, DeadLetterSink>();
  const deadLetters: DeadLetter[] = [];
  const invocations: InvocationRecord[] = [];
  const inFlight = new Set<ScheduleRecord>();
  let currentFaults: SchedulerFaults = {};
  const keyOf = (group: string, name: string) => `${group}/${name}`;

  // ---- clock ---------------------------------------------------------------------------------
  let ticking = false;
  let frozenAt = Date.now();
  let offsetMs = 0;
  const nowMs = () => (ticking ? Date.now() + offsetMs : frozenAt);
  const setNow = (ms: number) => {
    if (ticking) offsetMs = ms - Date.now();
    else frozenAt = ms;
  };
  const clock: EmulatorClock = { now: () => new Date(nowMs()) };

  // ---- persistence -----------------------------------------------------------------------------
  const stateFile = options.stateFile;
  let persisted = false;
  if (stateFile) {
    let text: string | undefined;
    try {
      text = await readFile(stateFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const state = JSON.parse(text) as PersistedState;
      if (state.version !== 1)
        throw new Error(`${stateFile}: unknown scheduler state version ${state.version}`);
      for (const g of state.groups) groups.set(g.name, g);
      for (const r of state.schedules) {
        records.set(keyOf(r.groupName, r.name), { ...r, dueAt: firstFireTime(r.definition) });
      }
      deadLetters.push(...state.deadLetters);
      frozenAt = Date.now() + state.clockOffsetMs;
      persisted = true;
    }
  }
  if (options.clock) frozenAt = toDate(options.clock).getTime();
  if (!groups.has('default')) {
    const created = Date.now();
    groups.set('default', {
      name: 'default',
      arn: groupArn('default'),
      creationDate: created,
      lastModificationDate: created,
    });
  }

  let saveTimer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const snapshot = (): PersistedState => ({
    version: 1,
    clockOffsetMs: nowMs() - Date.now(),
    groups: [...groups.values()],
    schedules: [...records.values()],
    deadLetters,
  });
  const writeState = (): Promise<void> => {
    if (!stateFile) return Promise.resolve();
    const text = JSON.stringify(snapshot(), null, 2);
    writing = writing
      .catch(() => {})
      .then(async () => {
        await mkdir(dirname(stateFile), { recursive: true });
        const temporary = `${stateFile}.${process.pid}.tmp`;
        await writeFile(temporary, text);
        await rename(temporary, stateFile);
      });
    return writing;
  };
  const changed = () => {
    if (!stateFile || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      writeState().catch((error) =>
        log(`scheduler emulator: could not write ${stateFile}: ${errorText(error)}`),
      );
    }, 25);
  };
  const flush = async () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    await writeState();
  };
  if (stateFile && !persisted) changed();

  // ---- schedules -------------------------------------------------------------------------------
  const applyDefinition = (record: ScheduleRecord, definition: ScheduleDefinition) => {
    record.definition = definition;
    record.dueAt = firstFireTime(definition);
    record.attempts = 0;
    record.executionId = undefined;
    record.nextAttemptAt = record.dueAt;
    record.status = record.dueAt === undefined ? 'never' : 'scheduled';
    record.generation += 1;
  };

  const view = (r: ScheduleRecord): ScheduleView => {
    const v: ScheduleView = {
      name: r.name,
      groupName: r.groupName,
      arn: r.arn,
      expression: r.definition.ScheduleExpression,
      timeZone: r.definition.ScheduleExpressionTimezone ?? 'UTC',
      input: r.definition.Target.Input,
      state: r.definition.State,
      targetArn: r.definition.Target.Arn,
      actionAfterCompletion: r.definition.ActionAfterCompletion,
      attempts: r.attempts,
      status: r.status,
    };
    if (r.definition.Target.DeadLetterConfig?.Arn) v.deadLetterArn = r.definition.Target.DeadLetterConfig.Arn;
    if (r.dueAt !== undefined) v.dueAt = iso(r.dueAt);
    if (r.nextAttemptAt !== undefined && (r.status === 'scheduled' || r.status === 'retrying')) {
      v.nextAttemptAt = iso(r.nextAttemptAt);
    }
    return v;
  };

  const wireSchedule = (r: ScheduleRecord) => {
    const d = r.definition;
    return {
      Arn: r.arn,
      Name: r.name,
      GroupName: r.groupName,
      ScheduleExpression: d.ScheduleExpression,
      ScheduleExpressionTimezone: d.ScheduleExpressionTimezone,
      State: d.State,
      Target: d.Target,
      FlexibleTimeWindow: d.FlexibleTimeWindow,
      ActionAfterCompletion: d.ActionAfterCompletion,
      Description: d.Description,
      StartDate: d.StartDate,
      EndDate: d.EndDate,
      KmsKeyArn: d.KmsKeyArn,
      CreationDate: r.creationDate / 1000,
      LastModificationDate: r.lastModificationDate / 1000,
    };
  };

  const requireGroup = (name: string) => {
    if (!groups.has(name)) throw notFoundError(`Schedule group ${name} does not exist.`);
  };
  const requireSchedule = (group: string, name: string) => {
    requireGroup(group);
    const record = records.get(keyOf(group, name));
    if (!record) throw notFoundError(`Schedule ${name} does not exist.`);
    return record;
  };

  // ---- firing ------------------------------------------------------------------------------------
  let report: RunReport | undefined;
  const remember = (invocation: InvocationRecord) => {
    invocations.push(invocation);
    if (invocations.length > MAX_INVOCATIONS_KEPT)
      invocations.splice(0, invocations.length - MAX_INVOCATIONS_KEPT);
    report?.invocations.push(invocation);
  };
  const isCurrent = (record: ScheduleRecord, generation: number) =>
    records.get(keyOf(record.groupName, record.name)) === record && record.generation === generation;

  const finish = (record: ScheduleRecord, status: 'completed' | 'dead-lettered') => {
    if (record.definition.ActionAfterCompletion === 'DELETE') {
      records.delete(keyOf(record.groupName, record.name));
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
    const faults = currentFaults;
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

  const advanceTo = (date: Date | string) => {
    const target = toDate(date).getTime();
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

  let tickTimer: NodeJS.Timeout | undefined;
  const startTicking = (intervalMs = 1000) => {
    if (!ticking) {
      offsetMs = frozenAt - Date.now();
      ticking = true;
    }
    if (tickTimer) clearInterval(tickTimer);
    tickTimer = setInterval(() => {
      if (busy) return;
      runDue().catch((error) => log(`scheduler emulator: tick failed: ${errorText(error)}`));
    }, intervalMs);
    tickTimer.unref();
  };
  const stopTicking = () => {
    if (tickTimer) clearInterval(tickTimer);
    tickTimer = undefined;
    if (ticking) {
      frozenAt = Date.now() + offsetMs;
      ticking = false;
    }
  };

  // ---- HTTP ------------------------------------------------------------------------------------
  const createSchedule = (name: string, body: unknown) => {
    checkName(name);
    const { groupName, definition } = parseScheduleBody(body);
    requireGroup(groupName);
    if (records.has(keyOf(groupName, name))) throw conflictError(`Schedule ${name} already exists.`);
    const created = Date.now();
    const record: ScheduleRecord = {
      name,
      groupName,
      arn: scheduleArn(groupName, name),
      definition,
      creationDate: created,
      lastModificationDate: created,
      dueAt: undefined,
      attempts: 0,
      nextAttemptAt: undefined,
      executionId: undefined,
      status: 'scheduled',
      generation: 0,
    };
    applyDefinition(record, definition);
    records.set(keyOf(groupName, name), record);
    changed();
    return { ScheduleArn: record.arn };
  };

  const updateSchedule = (name: string, body: unknown) => {
    checkName(name);
    const { groupName, definition } = parseScheduleBody(body);
    const record = requireSchedule(groupName, name);
    applyDefinition(record, definition);
    record.lastModificationDate = Date.now();
    changed();
    return { ScheduleArn: record.arn };
  };

  const listSchedules = (query: URLSearchParams) => {
    const group = query.get('ScheduleGroup');
    const prefix = query.get('NamePrefix');
    const state = query.get('State');
    if (group !== null) checkName(group, 'groupName');
    if (state !== null && state !== 'ENABLED' && state !== 'DISABLED') {
      throw validationError(
        `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint`,
      );
    }
    const matching = [...records.values()]
      .filter(
        (r) =>
          (group === null || r.groupName === group) &&
          (prefix === null || r.name.startsWith(prefix)) &&
          (state === null || r.definition.State === state),
      )
      .sort((a, b) => (keyOf(a.groupName, a.name) < keyOf(b.groupName, b.name) ? -1 : 1));
    const { page, next } = paginate(
      matching,
      (r) => keyOf(r.groupName, r.name),
      query.get('MaxResults'),
      query.get('NextToken'),
    );
    return {
      Schedules: page.map((r) => ({
        Arn: r.arn,
        Name: r.name,
        GroupName: r.groupName,
        State: r.definition.State,
        CreationDate: r.creationDate / 1000,
        LastModificationDate: r.lastModificationDate / 1000,
        Target: { Arn: r.definition.Target.Arn },
      })),
      ...(next ? { NextToken: next } : {}),
    };
  };

  const wireGroup = (g: GroupRecord) => ({
    Arn: g.arn,
    Name: g.name,
    State: 'ACTIVE',
    CreationDate: g.creationDate / 1000,
    LastModificationDate: g.lastModificationDate / 1000,
  });

  const route = (method: string, segments: string[], query: URLSearchParams, body: unknown): unknown => {
    const [collection, name, ...rest] = segments;
    if (rest.length === 0 && collection === 'schedules') {
      if (name === undefined) {
        if (method === 'GET') return listSchedules(query);
      } else {
        const group = query.get('groupName') ?? 'default';
        switch (method) {
          case 'POST':
            return createSchedule(name, body);
          case 'PUT':
            return updateSchedule(name, body);
          case 'GET':
            checkName(name);
            return wireSchedule(requireSchedule(group, name));
          case 'DELETE': {
            checkName(name);
            const record = requireSchedule(group, name);
            records.delete(keyOf(record.groupName, record.name));
            changed();
            return {};
          }
        }
      }
    }
    if (rest.length === 0 && collection === 'schedule-groups') {
      if (name === undefined) {
        if (method === 'GET') {
          const prefix = query.get('NamePrefix');
          const all = [...groups.values()]
            .filter((g) => prefix === null || g.name.startsWith(prefix))
            .sort((a, b) => (a.name < b.name ? -1 : 1));
          const { page, next } = paginate(
            all,
            (g) => g.name,
            query.get('MaxResults'),
            query.get('NextToken'),
          );
          return { ScheduleGroups: page.map(wireGroup), ...(next ? { NextToken: next } : {}) };
        }
      } else {
        checkName(name);
        switch (method) {
          case 'POST': {
            if (groups.has(name)) throw conflictError(`Schedule group ${name} already exists.`);
            const created = Date.now();
            const group = { name, arn: groupArn(name), creationDate: created, lastModificationDate: created };
            groups.set(name, group);
            changed();
            return { ScheduleGroupArn: group.arn };
          }
          case 'GET': {
            const group = groups.get(name);
            if (!group) throw notFoundError(`Schedule group ${name} does not exist.`);
            return wireGroup(group);
          }
          case 'DELETE': {
            if (name === 'default') throw validationError('The default schedule group cannot be deleted.');
            requireGroup(name);
            groups.delete(name);
            for (const [key, r] of records) if (r.groupName === name) records.delete(key);
            changed();
            return {};
          }
        }
      }
    }
    throw new ApiError(
      404,
      'UnknownOperationException',
      `The scheduler emulator does not support ${method} /${segments.join('/')}.`,
    );
  };

  const readBody = (req: IncomingMessage): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) reject(validationError('The request body is too large.'));
        else chunks.push(chunk);
      });
      req.on('error', reject);
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') return resolve(undefined);
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new ApiError(400, 'SerializationException', 'The request body is not valid JSON.'));
        }
      });
    });

  const send = (res: ServerResponse, status: number, payload: unknown, errorType?: string) => {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(text);
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        let segments: string[];
        try {
          segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        } catch {
          throw validationError('The request path is not valid.');
        }
        const body = await readBody(req);
        send(res, 200, route(req.method ?? 'GET', segments, url.searchParams, body));
      } catch (error) {
        if (error instanceof ApiError) send(res, error.status, { Message: error.message }, error.type);
        else send(res, 500, { Message: errorText(error) }, 'InternalServerException');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const emulator: SchedulerEmulator = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    clock,
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
      setNow(toDate(date).getTime());
      changed();
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advance: ${ms} is not a non-negative duration`);
      setNow(nowMs() + ms);
      changed();
    },
    runDue,
    advanceTo,
    advanceBy: (ms) => advanceTo(new Date(nowMs() + ms)),
    startTicking,
    stopTicking,
    schedules: () =>
      [...records.values()]
        .sort((a, b) => (keyOf(a.groupName, a.name) < keyOf(b.groupName, b.name) ? -1 : 1))
        .map(view),
    schedule(name, groupName = 'default') {
      const record = records.get(keyOf(groupName, name));
      return record ? view(record) : undefined;
    },
    flush,
    async stop() {
      stopTicking();
      await lock;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await flush();
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
