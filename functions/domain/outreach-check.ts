/**
 * The outreach check: the rules career services teach for an informational-interview request
 * (the short-email rules taught from *The 2-Hour Job Search*), applied to the rendered outreach of
 * one contact before launch and in previews. Pure: text in, findings out.
 *
 * - `too-long` (error) at 100 words or more of body (greeting to sign-off; the footer, the
 *   signature and the quoted history are not the client's words to the contact); `long` (warning)
 *   over 75.
 * - `job-ask` (error): a sentence that asks about a job, position, opening or hiring — a question,
 *   or a sentence with a request in it ("I'm looking for a position", "let me know of openings").
 *   The "not asking for a job" sentence is the method's own and is excepted. `job-word` (warning):
 *   the words elsewhere ("I left my teaching job"): fine as background, but worth a second look.
 * - `no-question` (error): the request is not phrased as a question (no sentence ends with `?`).
 * - `subject-long` (error): over 60 characters or 8 words — a subject is read on a phone;
 *   `subject-job-word` (error): the subject names a job, position, opening or hiring;
 *   `subject-empty` (error).
 * - `nothing-personal` (warning): neither a referrer nor a personal line about the contact. A
 *   warning, not an error: the outreach always says how the client found the contact, and a coach
 *   may launch a first batch before writing personal lines — but the check says so every time.
 */

export type FindingSeverity = 'error' | 'warning';

export type FindingCode =
  | 'too-long'
  | 'long'
  | 'job-ask'
  | 'job-word'
  | 'no-question'
  | 'subject-empty'
  | 'subject-long'
  | 'subject-job-word'
  | 'nothing-personal';

export interface Finding {
  severity: FindingSeverity;
  code: FindingCode;
  message: string;
}

export interface OutreachDraft {
  subject: string;
  /** The rendered plain-text body, without footer, signature or quoted history. */
  body: string;
  /** Whether the outreach names a referrer or carries a personal line about the contact. */
  personal: boolean;
}

export const MAX_WORDS = 100;
export const WARN_WORDS = 75;
export const MAX_SUBJECT_CHARACTERS = 60;
export const MAX_SUBJECT_WORDS = 8;

const JOB_WORDS = /\b(jobs?|positions?|openings?|vacanc(?:y|ies)|hiring|hire)\b/i;
/** The method's own sentence: "I'm not asking for a job", "not looking for a position"… */
const NOT_ASKING =
  /\bnot\s+(?:asking|looking|here)\s+(?:for|about)\s+(?:a\s+|any\s+)?(?:jobs?|positions?|openings?)\b/i;
/** What makes a sentence a request. */
const ASKING =
  /\b(?:looking for|seeking|searching for|apply|applying|consider me|hire me|refer me|let me know|keep me in mind|do you have|are there|is there|are you|any chance|open to|available|interested in|would you|could you|can you)\b/i;

/** Words as a reader counts them: runs of letters or digits (a URL or an address counts as one). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Sentences: split after . ! ? (and at line breaks, which end a greeting or a sign-off). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function checkOutreach(draft: OutreachDraft): Finding[] {
  const findings: Finding[] = [];
  const add = (severity: FindingSeverity, code: FindingCode, message: string) =>
    findings.push({ severity, code, message });

  const words = countWords(draft.body);
  if (words >= MAX_WORDS) {
    add('error', 'too-long', `the email is ${words} words long; keep it under ${MAX_WORDS}`);
  } else if (words > WARN_WORDS) {
    add('warning', 'long', `the email is ${words} words long; ${WARN_WORDS} or fewer reads best`);
  }

  const all = sentences(draft.body);
  for (const sentence of all) {
    const word = JOB_WORDS.exec(sentence)?.[0];
    if (word === undefined || NOT_ASKING.test(sentence)) continue;
    if (sentence.endsWith('?') || ASKING.test(sentence)) {
      add(
        'error',
        'job-ask',
        `"${clip(sentence)}" asks about "${word.toLowerCase()}": ask for advice, not a job`,
      );
    } else {
      add(
        'warning',
        'job-word',
        `"${clip(sentence)}" mentions "${word}"; make sure it doesn't read as a job request`,
      );
    }
  }
  if (!all.some((s) => s.endsWith('?'))) {
    add(
      'error',
      'no-question',
      'the request is not phrased as a question (e.g. "Could you spare 20 minutes…?")',
    );
  }

  const subject = draft.subject.trim();
  if (subject === '') add('error', 'subject-empty', 'the subject is empty');
  else {
    const subjectWords = countWords(subject);
    if (subject.length > MAX_SUBJECT_CHARACTERS || subjectWords > MAX_SUBJECT_WORDS) {
      add(
        'error',
        'subject-long',
        `the subject is ${subject.length} characters, ${subjectWords} words; keep it to ${MAX_SUBJECT_CHARACTERS} characters and ${MAX_SUBJECT_WORDS} words`,
      );
    }
    const word = JOB_WORDS.exec(subject)?.[0];
    if (word !== undefined)
      add('error', 'subject-job-word', `the subject says "${word}"; it reads as a job request`);
  }

  if (!draft.personal) {
    add(
      'warning',
      'nothing-personal',
      "nothing personal about the contact: add a personal line (the contact's personalLine) or a referrer",
    );
  }
  return findings;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
