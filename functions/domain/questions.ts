import { type FieldIssue, ValidationError } from './errors.ts';
import {
  QUESTION_DOMAINS,
  type Question,
  type QuestionDomain,
  type QuestionFramework,
  type QuestionSet,
  TIARA_PARTS,
  type TiaraPart,
} from './types.ts';

/** The seed formula: five questions, 2 about the interviewee, 1 about the field, 2 asking for advice. */
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

/** TIARA's parts as people write them. */
const TIARA_WORDS: Record<TiaraPart, string> = {
  trends: 'Trends',
  insights: 'Insights',
  advice: 'Advice',
  resources: 'Resources',
  assignments: 'Assignments',
};
/** The seed domain a TIARA question has when it is given without one. */
const TIARA_DOMAIN: Record<TiaraPart, QuestionDomain> = {
  trends: 'field',
  insights: 'interviewee',
  advice: 'advice',
  resources: 'advice',
  assignments: 'advice',
};

/**
 * The framework's groups, in the order a conversation takes them: the seed domains, or TIARA's parts
 * (one question each) — `key` names the domain or part (a picker groups the bank by them).
 */
export function groupsOf(framework: QuestionFramework) {
  return framework === 'tiara'
    ? TIARA_PARTS.map((part) => ({
        key: part as QuestionDomain | TiaraPart,
        of: (q: Partial<Question> | null) => q?.tiara === part,
        wanted: 1,
        words: `TIARA needs one ${TIARA_WORDS[part]} question`,
      }))
    : QUESTION_DOMAINS.map((domain) => ({
        key: domain as QuestionDomain | TiaraPart,
        of: (q: Partial<Question> | null) => q?.domain === domain,
        wanted: QUESTION_SET_SHAPE[domain],
        words: `needs ${plural(QUESTION_SET_SHAPE[domain], 'question')} ${DOMAIN_WORDS[domain]}`,
      }));
}

/**
 * A question set checked against the framework (the seed formula by default), texts trimmed. Throws
 * a ValidationError with one FieldIssue per problem (`questions[3].text: is empty`, `questions: needs
 * 2 questions about the interviewee, got 1`, `questions: TIARA needs one Resources question, got 0`),
 * so a form can show every problem at once. Under TIARA each question needs its `tiara` part; its
 * seed `domain` may be left out (it follows from the part).
 */
export function validateQuestionSet(
  set: unknown,
  field = 'questions',
  framework: QuestionFramework = 'seed',
): QuestionSet {
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
    const { text, tiara } = item as { domain?: unknown; text?: unknown; tiara?: unknown };
    const tiaraOk = typeof tiara === 'string' && (TIARA_PARTS as readonly string[]).includes(tiara);
    if (tiara !== undefined || framework === 'tiara') {
      if (!tiaraOk) {
        issues.push({
          field: `${at}.tiara`,
          message: `must be one of ${TIARA_PARTS.join(', ')}, got ${JSON.stringify(tiara) ?? 'nothing'}`,
        });
      }
    }
    const domain =
      (item as { domain?: unknown }).domain ??
      (framework === 'tiara' && tiaraOk ? TIARA_DOMAIN[tiara as TiaraPart] : undefined);
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
    if (domainOk && trimmed) {
      questions.push({
        domain: domain as QuestionDomain,
        text: trimmed,
        ...(tiaraOk ? { tiara: tiara as TiaraPart } : {}),
      });
    }
  });
  if (set.length !== QUESTION_SET_SIZE) {
    issues.push({ field, message: `needs exactly ${QUESTION_SET_SIZE} questions, got ${set.length}` });
  }
  for (const group of groupsOf(framework)) {
    const got = set.filter((q: unknown) => group.of(q as Partial<Question> | null)).length;
    if (got !== group.wanted) issues.push({ field, message: `${group.words}, got ${got}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return questions;
}

/**
 * The bank a new campaign starts with, in the client's voice, tagged for both frameworks: every
 * question has its seed domain (at least four per domain, so a coach can vary the set between
 * meetings) and most a TIARA part (at least two per part). The first ones of each seed domain are
 * the seed default set; the first of each TIARA part the TIARA one.
 */
export const DEFAULT_QUESTION_BANK: readonly Question[] = /* @__PURE__ */ Object.freeze([
  {
    domain: 'interviewee',
    text: 'How did you get into this line of work, and what did your path look like?',
  },
  { domain: 'interviewee', text: 'What drew you to this field rather than a neighbouring one?' },
  { domain: 'interviewee', text: 'What do you enjoy most about your work?', tiara: 'insights' },
  {
    domain: 'interviewee',
    text: 'What does a typical week actually involve, beyond what the job title suggests?',
    tiara: 'insights',
  },
  {
    domain: 'interviewee',
    text: 'What is the hardest part of your job, and how do you handle it?',
    tiara: 'insights',
  },
  {
    domain: 'field',
    text: 'Where do you see the field growing over the next five years?',
    tiara: 'trends',
  },
  { domain: 'field', text: 'What challenges is the field facing that newcomers should know about?' },
  {
    domain: 'field',
    text: 'How is technology changing the way work is done in this field?',
    tiara: 'trends',
  },
  {
    domain: 'field',
    text: 'Which skills are becoming more valuable in the field, and which less?',
    tiara: 'trends',
  },
  {
    domain: 'advice',
    text: 'Given my background, would you recommend more training or a qualification before applying?',
    tiara: 'advice',
  },
  {
    domain: 'advice',
    text: 'Looking at my resume, does it show the skills people in your role look for? What would you change?',
    tiara: 'advice',
  },
  {
    domain: 'advice',
    text: 'Who else would you suggest I talk to, and may I mention your name?',
    tiara: 'resources',
  },
  {
    domain: 'advice',
    text: 'If you were starting out in this field today, what would you do differently?',
    tiara: 'advice',
  },
  {
    domain: 'advice',
    text: 'How do people usually find their first role here: postings, networks, or something else?',
  },
  {
    domain: 'advice',
    text: 'Which publications, associations or events would you recommend to learn more about the field?',
    tiara: 'resources',
  },
  {
    domain: 'advice',
    text: 'Is there a small project I could take on to find out whether this work suits me?',
    tiara: 'assignments',
  },
  {
    domain: 'advice',
    text: 'What is one thing you would suggest I do in the next month to move forward?',
    tiara: 'assignments',
  },
] satisfies Question[]);

/**
 * A valid set of five from a bank: the first questions of each group of the framework in bank order,
 * arranged as a conversation flows (seed: interviewee, field, advice; TIARA: Trends, Insights,
 * Advice, Resources, Assignments). A ValidationError naming `field` when the bank cannot fill it
 * (`questionBank: TIARA needs one Resources question, has 0`).
 */
export function pickDefaultSet(
  bank: readonly Question[],
  field = 'questionBank',
  framework: QuestionFramework = 'seed',
): QuestionSet {
  const picked: Question[] = [];
  const issues: FieldIssue[] = [];
  for (const group of groupsOf(framework)) {
    const available = bank.filter((q) => group.of(q) && q.text.trim() !== '');
    if (available.length < group.wanted) {
      const words = group.words.replace('needs', 'needs at least');
      issues.push({ field, message: `${words}, has ${available.length}` });
    }
    picked.push(
      ...available.slice(0, group.wanted).map((q) => ({
        domain: q.domain,
        text: q.text,
        ...(framework === 'tiara' && q.tiara ? { tiara: q.tiara } : {}),
      })),
    );
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return validateQuestionSet(picked, field, framework);
}
