import type { Step } from './types.ts';

/** EventBridge Scheduler: names are 1–64 characters of `[0-9A-Za-z-_.]`. */
export const MAX_SCHEDULE_NAME = 64;
const SAFE = /^[0-9A-Za-z_.-]+$/;

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
 * Deterministic, so creating it twice is a Conflict (already there) and deleting it twice a
 * NotFound (already gone). A contact id that is too long or holds other characters is shortened
 * to its safe characters plus a hash of the whole id, so names stay unique and readable.
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
