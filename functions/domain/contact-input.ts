import * as z from 'zod/mini';
import { normaliseEmail } from './email.ts';
import { type FieldIssue, ValidationError } from './errors.ts';
import { assertTimeZone } from './policy.ts';
import { validateQuestionSet } from './questions.ts';
import { unsafeCharacter } from './safe-text.ts';
import { toIso } from './timing.ts';
import type {
  CampaignPolicy,
  Contact,
  FoundVia,
  Meeting,
  MeetingRequest,
  QuestionFramework,
} from './types.ts';
import { fieldPath, issuesFromZod } from './validation.ts';

/** A contact as imported (JSON or a CSV row), before it gets an id, a stage and a reply token. */
export type NewContact = Pick<
  Contact,
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'company'
  | 'role'
  | 'timeZone'
  | 'country'
  | 'notes'
  | 'foundVia'
  | 'personalLine'
>;

/** Notes of an imported contact at the most (unknown CSV columns included). */
export const MAX_NOTES = 2000;

/** One line of text without control or bidi-override characters (see safe-text.ts). */
const oneLine = z.superRefine((v: string, ctx) => {
  const problem = unsafeCharacter(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: v });
});

/**
 * Trimmed; an empty or blank string (an empty CSV cell) counts as absent. (zod/mini has no
 * `preprocess`; classic's is this same transform-then-schema pipe.)
 */
const optionalText = (max: number) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v)),
    z.optional(
      z
        .string({ error: 'must be text' })
        .check(z.maxLength(max, `must be at most ${max} characters`), oneLine),
    ),
  );
const requiredText = (max: number, what: string) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === 'string' ? v.trim() : v)),
    z
      .string({ error: `is required (${what})` })
      .check(
        z.minLength(1, `is required (${what})`),
        z.maxLength(max, `must be at most ${max} characters`),
        oneLine,
      ),
  );

const FOUND_VIA_KINDS = ['referral', 'association', 'instructor', 'alumni', 'event', 'other'] as const;

const foundViaSchema = z.object({
  kind: z.enum(FOUND_VIA_KINDS, { error: `must be one of ${FOUND_VIA_KINDS.join(', ')}` }),
  name: requiredText(
    200,
    'who referred the client, or the association, instructor, event… that led to the contact',
  ),
  contactId: optionalText(100),
});

const newContactSchema = z.object({
  email: z.string({ error: 'is required' }),
  firstName: requiredText(100, 'the outreach greets the contact by it'),
  lastName: optionalText(100),
  company: optionalText(200),
  role: optionalText(200),
  timeZone: optionalText(64),
  country: optionalText(100),
  notes: z.optional(
    z
      .string({ error: 'must be text' })
      .check(z.maxLength(MAX_NOTES, `must be at most ${MAX_NOTES} characters`)),
  ),
  foundVia: foundViaSchema,
  personalLine: optionalText(300),
});

/**
 * A contact being imported, checked and normalised: email via normaliseEmail, texts trimmed, empty
 * optional cells dropped. `timeZone` may be left out when `defaults.timeZone` (usually the
 * client's zone) is given. A ValidationError names every field at fault, as `contacts[3].email`
 * when `index` is given (the row of an import) and as `email` otherwise.
 */
export function parseNewContact(
  input: unknown,
  index?: number,
  defaults: { timeZone?: string } = {},
): NewContact {
  const prefix = index === undefined ? '' : `contacts[${index}]`;
  const at = (key: string) => fieldPath(prefix, [key]);
  const parsed = newContactSchema.safeParse(input);
  if (!parsed.success) {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw ValidationError.of(prefix || 'contact', 'must be an object');
    }
    throw new ValidationError(issuesFromZod(parsed.error, prefix));
  }
  const issues: FieldIssue[] = [];
  const c = parsed.data;
  let email = c.email;
  try {
    email = normaliseEmail(c.email, at('email'));
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
  }
  let timeZone = c.timeZone ?? defaults.timeZone;
  if (timeZone === undefined)
    issues.push({ field: at('timeZone'), message: 'is required (an IANA zone like Europe/Berlin)' });
  else {
    try {
      timeZone = assertTimeZone(timeZone, at('timeZone'));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  const country = c.country === undefined ? undefined : countryCode(c.country);
  if (country === undefined && c.country !== undefined) {
    issues.push({
      field: at('country'),
      message: `"${c.country.slice(0, 40)}" is not an ISO 3166-1 alpha-2 country code (like GB, US, DE)`,
    });
  }
  if (c.foundVia.contactId !== undefined && c.foundVia.kind !== 'referral') {
    issues.push({ field: at('foundVia.contactId'), message: 'only a referral names a referring contact' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  const foundVia = (
    c.foundVia.contactId === undefined
      ? { kind: c.foundVia.kind, name: c.foundVia.name }
      : { kind: 'referral', name: c.foundVia.name, contactId: c.foundVia.contactId }
  ) as FoundVia;
  return {
    email,
    firstName: c.firstName,
    ...(c.lastName === undefined ? {} : { lastName: c.lastName }),
    ...(c.company === undefined ? {} : { company: c.company }),
    ...(c.role === undefined ? {} : { role: c.role }),
    timeZone: timeZone as string,
    ...(country === undefined ? {} : { country }),
    ...(c.notes === undefined || c.notes.trim() === '' ? {} : { notes: c.notes.trim() }),
    foundVia,
    ...(c.personalLine === undefined ? {} : { personalLine: c.personalLine }),
  };
}

/** Codes Intl names that are no country: the EU, the euro area, the UN, "outlying Oceania", unknown. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);
let regionNames: Intl.DisplayNames | undefined;

/**
 * An ISO 3166-1 alpha-2 country code in upper case (`gb` → `GB`; `UK`, the common slip, → `GB`),
 * or undefined when `value` is none: two letters the runtime's region names know.
 */
export function countryCode(value: string): string | undefined {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return undefined;
  if (code === 'UK') return 'GB';
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return regionNames.of(code) === undefined ? undefined : code;
}

export const MIN_MEETING_MINUTES = 15;
export const MAX_MEETING_MINUTES = 30;
/** A meeting booked further ahead than this is almost certainly a typo in the year. */
export const MAX_MEETING_DAYS_AHEAD = 366;

const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time with an offset, like 2026-05-04T14:00:00+02:00',
});

/** An ISO-8601 date-time with an offset, as a UTC instant; a ValidationError naming `field` else. */
export function parseInstant(value: unknown, field: string): string {
  const given = instant.safeParse(value);
  if (!given.success) throw new ValidationError(issuesFromZod(given.error, field));
  return toIso(Date.parse(given.data));
}

const meetingRequestSchema = z.object({
  start: instant,
  end: z.optional(instant),
  durationMinutes: z.optional(z.number({ error: 'must be a number of minutes' })),
  timeZone: z.string({ error: 'is required (an IANA zone like Europe/Berlin)' }),
  mode: z.enum(['in_person', 'remote'], { error: 'must be in_person or remote' }),
  location: optionalText(300),
  videoLink: optionalText(2000),
  questions: z.unknown(),
});

/** `tel:` then a number: digits, an optional leading +, and the separators people type. */
const TEL = /^tel:\+?[0-9][0-9 ().-]*$/;

/**
 * The meeting link as it will be written (into the confirmation and the .ics URL): the parsed,
 * normalised URL (`new URL()` silently drops CR/LF/TAB, so the raw string is never what is kept),
 * after refusing control characters in what was typed. A phone number is kept without spaces.
 */
function meetingLink(raw: string, field: string, issues: FieldIssue[]): string | undefined {
  const unsafe = unsafeCharacter(raw);
  if (unsafe !== undefined) {
    issues.push({ field, message: unsafe });
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url?.protocol === 'tel:' && TEL.test(raw)) return raw.replace(/ /g, '');
  if ((url?.protocol === 'https:' || url?.protocol === 'http:') && url.hostname !== '') return url.href;
  issues.push({ field, message: 'must be an http(s) link or a tel: number' });
  return undefined;
}

/**
 * When a meeting may be (booked or moved to): in the future, at most MAX_MEETING_DAYS_AHEAD
 * ahead, 15–30 minutes long. One check for booking and rescheduling.
 */
function meetingTimeIssues(
  start: number,
  given: string,
  duration: number,
  now: Date,
  at: (key: string) => string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const nowMs = now.getTime();
  if (start <= nowMs) issues.push({ field: at('start'), message: `is in the past (${given})` });
  else if (start - nowMs > MAX_MEETING_DAYS_AHEAD * 86_400_000) {
    issues.push({ field: at('start'), message: `is more than ${MAX_MEETING_DAYS_AHEAD} days ahead` });
  }
  if (!Number.isInteger(duration) || duration <= 0) {
    issues.push({ field: at('durationMinutes'), message: 'must be a positive whole number of minutes' });
  } else if (duration < MIN_MEETING_MINUTES || duration > MAX_MEETING_MINUTES) {
    issues.push({
      field: at('durationMinutes'),
      message: `must be ${MIN_MEETING_MINUTES}–${MAX_MEETING_MINUTES} minutes (an informational interview), got ${duration}`,
    });
  }
  return issues;
}

/** A valid zone in its canonical spelling, or its issue pushed onto `issues`. */
function zoneOrIssue(zone: string, field: string, issues: FieldIssue[]): string {
  try {
    return assertTimeZone(zone, field);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
    return zone;
  }
}

/**
 * A meeting to book, checked: `start` (and optional `end`) ISO date-times with an offset, in the
 * future and at most a year ahead; duration from `durationMinutes`, else `end − start`, else the
 * policy's meetingMinutes, and 15–30 minutes; a valid zone; in person needs a `location`, remote
 * needs a `videoLink` (an http(s) meeting link, or `tel:` for a phone call) — the confirmation
 * must say where to be; the question set must follow the formula. Every problem is one FieldIssue,
 * named under `field` (e.g. `meeting.start`) when given.
 */
export function parseMeetingRequest(
  input: unknown,
  now: Date,
  policy: CampaignPolicy,
  field = '',
  framework: QuestionFramework = 'seed',
): MeetingRequest {
  const at = (key: string) => fieldPath(field, [key]);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw ValidationError.of(field || 'meeting', 'must be an object');
  }
  const parsed = meetingRequestSchema.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : issuesFromZod(parsed.error, field);
  let questions: MeetingRequest['questions'] = [];
  try {
    questions = validateQuestionSet((input as { questions?: unknown }).questions, at('questions'), framework);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
  }
  if (!parsed.success) throw new ValidationError(issues);
  const m = parsed.data;
  const start = Date.parse(m.start);
  let duration = m.durationMinutes;
  if (m.end !== undefined) {
    const fromEnd = (Date.parse(m.end) - start) / 60_000;
    if (fromEnd <= 0) issues.push({ field: at('end'), message: 'must be after start' });
    else if (duration !== undefined && duration !== fromEnd) {
      issues.push({
        field: at('end'),
        message: `is ${fromEnd} minutes after start but durationMinutes is ${duration}`,
      });
    } else duration = fromEnd;
  }
  duration ??= policy.meetingMinutes;
  issues.push(...meetingTimeIssues(start, m.start, duration, now, at));
  const timeZone = zoneOrIssue(m.timeZone, at('timeZone'), issues);
  if (m.mode === 'in_person' && m.location === undefined) {
    issues.push({ field: at('location'), message: 'is required for an in-person meeting' });
  }
  let videoLink: string | undefined;
  if (m.mode === 'remote') {
    if (m.videoLink === undefined) {
      issues.push({
        field: at('videoLink'),
        message: 'is required for a remote meeting (a meeting link or tel: number)',
      });
    } else videoLink = meetingLink(m.videoLink, at('videoLink'), issues);
  } else if (m.videoLink !== undefined) videoLink = meetingLink(m.videoLink, at('videoLink'), issues);
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    start: toIso(start),
    durationMinutes: duration,
    timeZone,
    mode: m.mode,
    ...(m.location === undefined ? {} : { location: m.location }),
    ...(videoLink === undefined ? {} : { videoLink }),
    questions,
    ...(framework === 'seed' ? {} : { questionFramework: framework }),
  };
}

/**
 * Where a booked meeting moves to, checked exactly as a booking is (start in the future and at
 * most a year ahead, 15–30 minutes, a valid zone); the duration and zone default to the
 * meeting's own. Throws a ValidationError naming every field at fault.
 */
export function parseMeetingMove(
  input: { start: unknown; durationMinutes?: unknown; timeZone?: unknown },
  meeting: Pick<Meeting, 'durationMinutes' | 'timeZone'>,
  now: Date,
  field = '',
): Pick<Meeting, 'start' | 'durationMinutes' | 'timeZone'> {
  const at = (key: string) => fieldPath(field, [key]);
  const given = instant.safeParse(input.start);
  if (!given.success) throw new ValidationError(issuesFromZod(given.error, at('start')));
  const start = Date.parse(given.data);
  const durationMinutes = (input.durationMinutes ?? meeting.durationMinutes) as number;
  const issues = meetingTimeIssues(start, given.data, durationMinutes, now, at);
  const timeZone =
    input.timeZone === undefined
      ? meeting.timeZone
      : zoneOrIssue(input.timeZone as string, at('timeZone'), issues);
  if (issues.length > 0) throw new ValidationError(issues);
  return { start: toIso(start), durationMinutes, timeZone };
}
