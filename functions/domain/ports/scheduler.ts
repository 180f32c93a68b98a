/** One-time schedules that invoke the dispatch function. EventBridge Scheduler in AWS. */
export interface OneTimeSchedule {
  /** Deterministic, ≤ 64 chars, `[0-9A-Za-z-_.]`. */
  name: string;
  /** UTC instant; the adapter writes `at(<local time>)` with the zone. Precision is one minute. */
  at: string;
  /** IANA zone for ScheduleExpressionTimezone. */
  timeZone: string;
  /** JSON payload handed to the target. */
  payload: Record<string, unknown>;
}

export interface Scheduler {
  /** Idempotent: an existing schedule of that name is 'exists', not an error. */
  create(schedule: OneTimeSchedule): Promise<'created' | 'exists'>;
  /** Idempotent: a missing schedule is 'absent', not an error. */
  delete(name: string): Promise<'deleted' | 'absent'>;
  get(name: string): Promise<OneTimeSchedule | undefined>;
}
