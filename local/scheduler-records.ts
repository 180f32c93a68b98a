/**
 * The scheduler emulator's state: schedule groups and schedules by name, as records, and the views
 * of them the emulator shows (to tests, `npm start`) and answers with (the REST wire shapes). No
 * clock, no I/O.
 */
import { firstFireTime, notFoundError, type ScheduleDefinition } from './scheduler-requests.ts';

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

export interface ScheduleRecord {
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

export interface GroupRecord {
  name: string;
  arn: string;
  creationDate: number;
  lastModificationDate: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The groups and schedules of one emulator, with the ARNs of its region and account. */
export function makeScheduleRegistry(region: string, accountId: string) {
  const groups = new Map<string, GroupRecord>();
  const records = new Map<string, ScheduleRecord>();
  const keyOf = (group: string, name: string) => `${group}/${name}`;
  const byKey = (a: ScheduleRecord, b: ScheduleRecord) =>
    keyOf(a.groupName, a.name) < keyOf(b.groupName, b.name) ? -1 : 1;

  const requireGroup = (name: string) => {
    if (!groups.has(name)) throw notFoundError(`Schedule group ${name} does not exist.`);
  };

  return {
    groups,
    records,
    keyOf,
    scheduleArn: (group: string, name: string) =>
      `arn:aws:scheduler:${region}:${accountId}:schedule/${group}/${name}`,
    groupArn: (name: string) => `arn:aws:scheduler:${region}:${accountId}:schedule-group/${name}`,

    /** Restores a persisted schedule; its due time is read again from its definition. */
    restore(record: ScheduleRecord): void {
      records.set(keyOf(record.groupName, record.name), {
        ...record,
        dueAt: firstFireTime(record.definition),
      });
    },
    get: (group: string, name: string) => records.get(keyOf(group, name)),
    put(record: ScheduleRecord): void {
      records.set(keyOf(record.groupName, record.name), record);
    },
    remove(record: ScheduleRecord): void {
      records.delete(keyOf(record.groupName, record.name));
    },
    /** Whether `record` is still the stored one, under the same definition. */
    isCurrent: (record: ScheduleRecord, generation: number) =>
      records.get(keyOf(record.groupName, record.name)) === record && record.generation === generation,
    /** Every schedule, ordered by group and name. */
    sorted: () => [...records.values()].sort(byKey),
    requireGroup,
    requireSchedule(group: string, name: string): ScheduleRecord {
      requireGroup(group);
      const record = records.get(keyOf(group, name));
      if (!record) throw notFoundError(`Schedule ${name} does not exist.`);
      return record;
    },
  };
}

export type ScheduleRegistry = ReturnType<typeof makeScheduleRegistry>;

/** A new or updated definition: due again from its at() time, attempts and execution reset. */
export function applyDefinition(record: ScheduleRecord, definition: ScheduleDefinition): void {
  record.definition = definition;
  record.dueAt = firstFireTime(definition);
  record.attempts = 0;
  record.executionId = undefined;
  record.nextAttemptAt = record.dueAt;
  record.status = record.dueAt === undefined ? 'never' : 'scheduled';
  record.generation += 1;
}

export function viewOf(r: ScheduleRecord): ScheduleView {
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
}
