/**
 * Schedule names: the one place they are built and read back. A name says what the schedule
 * carries, so creating it twice is a Conflict (already there) and deleting it twice a NotFound
 * (already gone):
 * - a planned step: `<contactId>.<step>.v<planVersion>`
 * - a retry of one: `<step schedule>.r<attempt>`
 * - a reply forward: `fwd-<contactId>-<replyKey>`
 * - an answer to the client's reply: `ans-<contactId>-<replyKey>`
 */
import { ValidationError } from './errors.ts';
import type { Step } from './types.ts';

/** EventBridge Scheduler: names are 1–64 characters of `[0-9A-Za-z-_.]` (schedule groups alike). */
export const MAX_SCHEDULE_NAME = 64;
const SAFE = /^[0-9A-Za-z_.-]+$/;

/** Throws a ValidationError naming `field` unless `name` is a valid schedule (or group) name. */
export function assertScheduleName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw ValidationError.of(field, 'is required');
  }
  if (name.length > MAX_SCHEDULE_NAME) {
    throw ValidationError.of(field, `must be at most ${MAX_SCHEDULE_NAME} characters (got ${name.length})`);
  }
  if (!SAFE.test(name)) {
    throw ValidationError.of(field, 'may contain only letters, digits, "-", "_" and "."');
  }
}

/** FNV-1a, 64 bits, base 36 (13 characters): a pure, deterministic, well-spread hash. Not for secrets. */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).padStart(13, '0');
}

/**
 * The schedule of `step` for a contact under `planVersion`: `<contactId>.<step>.v<planVersion>`.
 * A contact id that is too long or holds other characters is shortened to its safe characters plus
 * a hash of the whole id, so names stay unique and readable.
 */
export function scheduleName(contactId: string, step: Step, planVersion: number): string {
  const suffix = `.${step}.v${planVersion}`;
  if (!SAFE.test(suffix) || !Number.isInteger(planVersion) || planVersion < 0) {
    throw new RangeError(`cannot name a schedule for step ${JSON.stringify(step)} v${planVersion}`);
  }
  const plain = `${contactId}${suffix}`;
  if (contactId !== '' && plain.length <= MAX_SCHEDULE_NAME && SAFE.test(contactId)) return plain;
  const hash = fnv1a64(contactId);
  const room = MAX_SCHEDULE_NAME - suffix.length - hash.length - 1;
  const readable = contactId.replace(/[^0-9A-Za-z_-]/g, '').slice(0, Math.max(0, room));
  const name = `${readable}~${hash}${suffix}`.replace('~', readable === '' ? '' : '-');
  if (name.length > MAX_SCHEDULE_NAME) throw new RangeError(`schedule name too long: ${name}`);
  return name;
}

/**
 * Retry number `attempt` of a step's delivery: `<step schedule>.r<attempt>`, or a hash of the step
 * schedule's name when that would pass 64 characters.
 */
export function retryScheduleName(
  contactId: string,
  step: Step,
  planVersion: number,
  attempt: number,
): string {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`retry attempt ${attempt} is not 1 or more`);
  const base = scheduleName(contactId, step, planVersion);
  const suffix = `.r${attempt}`;
  return base.length + suffix.length <= MAX_SCHEDULE_NAME ? `${base}${suffix}` : `${fnv1a64(base)}${suffix}`;
}

/**
 * The name prefixes of every schedule of a contact (for erasure): its steps and their retries
 * (`<contactId>.`, or the shortened form's), its reply forwards and meeting cancellations (both
 * spellings of each). A retry of a
 * step whose name had to be hashed carries no prefix of the contact: the contact's own schedule
 * list names those.
 */
export function contactSchedulePrefixes(contactId: string): string[] {
  const step = scheduleName(contactId, 'outreach', 0);
  return [
    step.slice(0, step.length - 'outreach.v0'.length),
    `fwd-${contactId}-`,
    `fwd-${fnv1a64(contactId)}-`,
    `cxl-${contactId}-`,
    `cxl-${fnv1a64(contactId)}-`,
    // Answers to the client's replies (issue 15).
    `ans-${contactId}-`,
    `ans-${fnv1a64(contactId)}-`,
  ];
}

/** The forward of one reply to the client: `fwd-<contactId>-<replyKey>`, hashing a contact id that does not fit. */
export function forwardScheduleName(contactId: string, replyKey: string): string {
  const name = `fwd-${contactId}-${replyKey}`;
  if (name.length <= MAX_SCHEDULE_NAME && SAFE.test(name)) return name;
  return `fwd-${fnv1a64(contactId)}-${replyKey}`;
}

/** The answer to a client's reply (issue 15) sent now: `ans-<contactId>-<replyKey>`, like a forward. */
export function clientAnswerScheduleName(contactId: string, replyKey: string): string {
  return forwardScheduleName(contactId, replyKey).replace(/^fwd-/, 'ans-');
}

/** A meeting's METHOD:CANCEL sent now: `cxl-<contactId>-<meeting hash>.s<sequence>`, hashing a contact id that does not fit. */
export function cancellationScheduleName(contactId: string, meetingId: string, sequence: number): string {
  const tail = `-${fnv1a64(meetingId)}.s${sequence}`;
  const name = `cxl-${contactId}${tail}`;
  if (name.length <= MAX_SCHEDULE_NAME && SAFE.test(name)) return name;
  return `cxl-${fnv1a64(contactId)}${tail}`;
}

/** What a schedule name says. `contact` is the contact id, or its shortened form when it did not fit. */
export type ScheduleNameParts =
  | { kind: 'step'; contact: string; step: string; planVersion: number; retry?: number }
  | { kind: 'reply-forward'; contact: string; replyKey: string }
  | { kind: 'cancellation'; contact: string; meeting: string; sequence: number };

const STEP_NAME = /^(.+)\.([a-z0-9-]+)\.v(0|[1-9]\d*)(?:\.r([1-9]\d*))?$/;
const FORWARD_NAME = /^fwd-(.+)-([A-Za-z0-9_-]{22})$/;
const CANCELLATION_NAME = /^cxl-(.+)-([0-9a-z]{13})\.s(0|[1-9]\d*)$/;

/**
 * Reads a name built above back into its parts; undefined for any other name (and for a retry
 * whose step schedule's name had to be hashed).
 */
export function parseScheduleName(name: string): ScheduleNameParts | undefined {
  const step = STEP_NAME.exec(name);
  if (step) {
    const [, contact = '', stepName = '', version, retry] = step;
    return {
      kind: 'step',
      contact,
      step: stepName,
      planVersion: Number(version),
      ...(retry === undefined ? {} : { retry: Number(retry) }),
    };
  }
  const forward = FORWARD_NAME.exec(name);
  if (forward) return { kind: 'reply-forward', contact: forward[1] ?? '', replyKey: forward[2] ?? '' };
  const cancellation = CANCELLATION_NAME.exec(name);
  if (cancellation) {
    const [, contact = '', meeting = '', sequence] = cancellation;
    return { kind: 'cancellation', contact, meeting, sequence: Number(sequence) };
  }
  return undefined;
}
