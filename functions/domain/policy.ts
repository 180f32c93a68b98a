import { IANAZone } from 'luxon';
import * as z from 'zod/mini';
import { type FieldIssue, ValidationError } from './errors.ts';
import { DEFAULT_PERSONAL_WINDOW, personalWindowOf } from './personal-window.ts';
import type { CampaignPolicy, Weekday } from './types.ts';
import { fieldPath, issuesFromZod } from './validation.ts';
import { canonicalZoneName } from './zone-name.ts';

export { DEFAULT_PERSONAL_WINDOW, personalWindowOf };

/**
 * The etiquette DESIGN.md describes, as numbers.
 *
 * `dailyCapPerSender: 20` — outreach must read as a person writing one email at a time. Twenty a
 * day is what a motivated job-seeker plausibly writes by hand, it keeps a new sending identity far
 * below anything a mailbox provider treats as bulk, and it keeps the replies (and the 15–30 minute
 * calls they lead to) at a pace the client can actually honour. With the 7-minute stagger the 20
 * emails fit in under 2.5 hours of the 8-hour window.
 */
export const DEFAULT_POLICY: CampaignPolicy = Object.freeze({
  sendWindow: Object.freeze({ days: [1, 2, 3, 4, 5] as Weekday[], start: '09:00', end: '17:00' }),
  followUpBusinessDays: [4, 7],
  noResponseAfterBusinessDays: 7,
  meetingMinutes: 20,
  confirmationLeadHours: 24,
  confirmationMinNoticeHours: 2,
  thankYouDelayHours: 3,
  personalWindow: DEFAULT_PERSONAL_WINDOW,
  keepInTouch: Object.freeze({ firstAfterWeeks: 6, everyMonths: 3, max: 3 }),
  dailyCapPerSender: 20,
  staggerMinutes: 7,
}) as CampaignPolicy;

/** At most this many follow-ups: beyond that a nudge becomes pestering. */
export const MAX_FOLLOW_UPS = 5;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const localTime = z
  .string({ error: 'must be a local time HH:mm' })
  .check(z.regex(HH_MM, 'must be HH:mm, 00:00–23:59'));
const int = (min: number, max: number, what: string) =>
  z
    .number({ error: `must be a number (${what})` })
    .check(
      z.int(`must be a whole number (${what})`),
      z.gte(min, `must be at least ${min} (${what})`),
      z.lte(max, `must be at most ${max} (${what})`),
    );
const hours = (max: number) =>
  z
    .number({ error: 'must be a number of hours' })
    .check(z.gte(0, 'must be 0 or more hours'), z.lte(max, `must be at most ${max} hours`));

/** Minutes since midnight of a validated `HH:mm`. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

const sendWindowSchema = z
  .strictObject({
    days: z
      .array(
        z
          .number()
          .check(
            z.int('must be an ISO weekday 1–7'),
            z.gte(1, 'must be 1 (Monday) to 7 (Sunday)'),
            z.lte(7, 'must be 1 (Monday) to 7 (Sunday)'),
          ),
        {
          error: 'must be a list of ISO weekdays (1 = Monday … 7 = Sunday)',
        },
      )
      .check(
        z.minLength(1, 'needs at least one weekday'),
        z.refine((days) => new Set(days).size === days.length, 'lists a weekday twice'),
      ),
    start: localTime,
    end: localTime,
  })
  .check(
    z.superRefine((w, ctx) => {
      if (HH_MM.test(w.start) && HH_MM.test(w.end) && minutesOfDay(w.end) <= minutesOfDay(w.start)) {
        ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${w.start})` });
      }
    }),
  );

/** `policy.reviewThreshold`: a confidence. */
const ZERO_TO_ONE = 'must be a number from 0 to 1';

const policySchema = z
  .strictObject({
    sendWindow: sendWindowSchema,
    followUpBusinessDays: z
      .array(int(1, 30, 'business days'), { error: 'must be a list of business-day gaps' })
      .check(z.maxLength(MAX_FOLLOW_UPS, `allows at most ${MAX_FOLLOW_UPS} follow-ups`)),
    noResponseAfterBusinessDays: int(1, 60, 'business days'),
    meetingMinutes: int(15, 30, 'minutes; an informational interview is 15–30 minutes'),
    confirmationLeadHours: hours(168),
    confirmationMinNoticeHours: hours(168),
    thankYouDelayHours: hours(72),
    personalWindow: z.optional(sendWindowSchema),
    keepInTouch: z.strictObject({
      firstAfterWeeks: int(1, 52, 'weeks'),
      everyMonths: int(1, 24, 'months'),
      max: int(0, 12, 'keep-in-touch emails'),
    }),
    dailyCapPerSender: int(1, 500, 'emails per day'),
    staggerMinutes: int(0, 240, 'minutes'),
    onePerEmployer: z.optional(z.boolean({ error: 'must be true or false' })),
    reviewThreshold: z.optional(
      z.number({ error: ZERO_TO_ONE }).check(z.gte(0, ZERO_TO_ONE), z.lte(1, ZERO_TO_ONE)),
    ),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (p.confirmationMinNoticeHours > p.confirmationLeadHours) {
        ctx.addIssue({
          code: 'custom',
          path: ['confirmationMinNoticeHours'],
          message: `must not exceed confirmationLeadHours (${p.confirmationLeadHours})`,
        });
      }
    }),
  );

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A campaign policy from (partial) input: what is given is merged over `base` (DEFAULT_POLICY, or a
 * campaign's current policy when a patch updates it) — one level deep for `sendWindow` and
 * `keepInTouch`, arrays replace — then checked. Unknown keys are refused (a misspelt setting
 * silently ignored is worse than an error). Throws a ValidationError naming every field at fault,
 * e.g. `policy.sendWindow.end`.
 */
export function parsePolicy(
  input: unknown,
  field = 'policy',
  base: CampaignPolicy = DEFAULT_POLICY,
): CampaignPolicy {
  if (input === undefined || input === null) return structuredClone(base);
  if (!isPlainObject(input)) throw ValidationError.of(field, 'must be an object');
  const issues: FieldIssue[] = [];
  const nested = (key: 'sendWindow' | 'keepInTouch' | 'personalWindow') => {
    const current = key === 'personalWindow' ? personalWindowOf(base) : base[key];
    const given = input[key];
    if (given === undefined) return current;
    if (!isPlainObject(given)) {
      issues.push({ field: fieldPath(field, [key]), message: 'must be an object' });
      return current;
    }
    return { ...current, ...given };
  };
  const merged = {
    ...base,
    ...input,
    sendWindow: nested('sendWindow'),
    keepInTouch: nested('keepInTouch'),
    personalWindow: nested('personalWindow'),
  };
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) issues.push(...issuesFromZod(parsed.error, field));
  if (issues.length > 0 || !parsed.success) throw new ValidationError(issues);
  const p = parsed.data;
  const personal = p.personalWindow ?? DEFAULT_PERSONAL_WINDOW;
  return {
    ...p,
    sendWindow: { ...p.sendWindow, days: p.sendWindow.days as Weekday[] },
    personalWindow: { ...personal, days: personal.days as Weekday[] },
  };
}

/** Zones already found valid, with their canonical name: Intl's check builds a formatter each time, which is slow in hot loops. */
const VALID_ZONES = new Map<string, string>();

/**
 * A valid IANA zone name (`Europe/Berlin`, `UTC`) in its canonical spelling (`europe/paris` →
 * `Europe/Paris`), else a ValidationError naming `field`. Fixed offsets such as `+05:00` are
 * refused: they have no DST rules, so a window in them drifts.
 */
export function assertTimeZone(zone: unknown, field = 'timeZone'): string {
  const known = typeof zone === 'string' ? VALID_ZONES.get(zone) : undefined;
  if (known !== undefined) return known;
  if (typeof zone !== 'string' || zone.trim() === '' || /^[+-]/.test(zone) || !IANAZone.isValidZone(zone)) {
    throw ValidationError.of(
      field,
      `"${String(zone).slice(0, 60)}" is not an IANA time zone (like Europe/Berlin)`,
    );
  }
  const canonical = canonicalZoneName(zone);
  if (VALID_ZONES.size < 1000) VALID_ZONES.set(zone, canonical);
  return canonical;
}
