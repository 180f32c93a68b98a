import { type FieldIssue, ValidationError } from './errors.ts';
import { QUESTION_DOMAINS, type Question, type QuestionDomain, type QuestionSet } from './types.ts';

/** The formula: five questions, 2 about the interviewee, 1 about the field, 2 asking for advice. */
export const QUESTION_SET_SHAPE: Readonly<Record<QuestionDomain, number>> = Object.freeze({
  interviewee: 2,
  field: 1,
  advice: 2,
});
export const QUESTION_SET_SIZE = 5;
export const MAX_QUESTION_LENGTH = 300;

const DOMAIN_WORDS: Record<QuestionDomain, string> = {
  interviewee: 'about the interviewee',
  field: 'about the field',
  advice: 'asking for advice or feedback',
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A question set checked against the formula, texts trimmed. Throws a ValidationError with one
 * FieldIssue per problem (`questions[3].text: is empty`, `questions: needs 2 questions about the
 * interviewee, got 1`), so a form can show every problem at once.
 */
export function validateQuestionSet(set: unknown, field = 'questions'): QuestionSet {
  if (!Array.isArray(set)) {
    throw ValidationError.of(field, `must be a list of ${QUESTION_SET_SIZE} questions`);
  }
  const issues: FieldIssue[] = [];
  const questions: Question[] = [];
  const firstIndexOfText = new Map<string, number>();
  set.forEach((item: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null) {
      issues.push({ field: at, message: 'must be a question with a domain and a text' });
      return;
    }
    const { domain, text } = item as { domain?: unknown; text?: unknown };
    const domainOk = typeof domain === 'string' && (QUESTION_DOMAINS as readonly string[]).includes(domain);
    if (!domainOk) {
      issues.push({
        field: `${at}.domain`,
        message: `must be one of ${QUESTION_DOMAINS.join(', ')}, got ${JSON.stringify(domain) ?? 'nothing'}`,
      });
    }
    const trimmed = typeof text === 'string' ? text.trim() : undefined;
    if (trimmed === undefined) issues.push({ field: `${at}.text`, message: 'must be text' });
    else if (trimmed === '') issues.push({ field: `${at}.text`, message: 'is empty' });
    else if (trimmed.length > MAX_QUESTION_LENGTH) {
      issues.push({
        field: `${at}.text`,
        message: `is ${trimmed.length} characters long; at most ${MAX_QUESTION_LENGTH}`,
      });
    } else {
      const key = trimmed.toLowerCase().replace(/\s+/g, ' ');
      const first = firstIndexOfText.get(key);
      if (first !== undefined) issues.push({ field: `${at}.text`, message: `repeats ${field}[${first}]` });
      else firstIndexOfText.set(key, i);
    }
    if (domainOk && trimmed) questions.push({ domain: domain as QuestionDomain, text: trimmed });
  });
  if (set.length !== QUESTION_SET_SIZE) {
    issues.push({ field, message: `needs exactly ${QUESTION_SET_SIZE} questions, got ${set.length}` });
  }
  for (const domain of QUESTION_DOMAINS) {
    const got = set.filter((q: unknown) => (q as { domain?: unknown } | null)?.domain === domain).length;
    const wanted = QUESTION_SET_SHAPE[domain];
    if (got !== wanted) {
      issues.push({
        field,
        message: `needs ${plural(wanted, 'question')} ${DOMAIN_WORDS[domain]}, got ${got}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return questions;
}

/**
 * The bank a new campaign starts with: the informational-interview formula, in the client's voice.
 * At least four per domain so a coach can vary the set between meetings.
 */
export const DEFAULT_QUESTION_BANK: readonly Question[] = Object.freeze([
  {
    domain: 'interviewee',
    text: 'How did you get into this line of work, and what did your path look like?',
  },
  { domain: 'interviewee', text: 'What drew you to this field rather than a neighbouring one?' },
  { domain: 'interviewee', text: 'What do you enjoy most about your work?' },
  {
    domain: 'interviewee',
    text: 'What does a typical week actually involve, beyond what the job title suggests?',
  },
  { domain: 'interviewee', text: 'What is the hardest part of your job, and how do you handle it?' },
  { domain: 'field', text: 'Where do you see the field growing over the next five years?' },
  { domain: 'field', text: 'What challenges is the field facing that newcomers should know about?' },
  { domain: 'field', text: 'How is technology changing the way work is done in this field?' },
  { domain: 'field', text: 'Which skills are becoming more valuable in the field, and which less?' },
  {
    domain: 'advice',
    text: 'Given my background, would you recommend more training or a qualification before applying?',
  },
  {
    domain: 'advice',
    text: 'Looking at my resume, does it show the skills people in your role look for? What would you change?',
  },
  { domain: 'advice', text: 'Who else would you suggest I talk to, and may I mention your name?' },
  {
    domain: 'advice',
    text: 'If you were starting out in this field today, what would you do differently?',
  },
  {
    domain: 'advice',
    text: 'How do people usually find their first role here: postings, networks, or something else?',
  },
] satisfies Question[]);

/**
 * A valid set of five from a bank: the first questions of each domain in bank order, arranged as a
 * conversation flows (interviewee, field, advice). A ValidationError naming `field` when the bank
 * cannot fill the formula.
 */
export function pickDefaultSet(bank: readonly Question[], field = 'questionBank'): QuestionSet {
  const picked: Question[] = [];
  const issues: FieldIssue[] = [];
  for (const domain of QUESTION_DOMAINS) {
    const available = bank.filter((q) => q.domain === domain && q.text.trim() !== '');
    const wanted = QUESTION_SET_SHAPE[domain];
    if (available.length < wanted) {
      issues.push({
        field,
        message: `needs at least ${plural(wanted, 'question')} ${DOMAIN_WORDS[domain]}, has ${available.length}`,
      });
    }
    picked.push(...available.slice(0, wanted).map((q) => ({ domain: q.domain, text: q.text })));
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return validateQuestionSet(picked, field);
}
