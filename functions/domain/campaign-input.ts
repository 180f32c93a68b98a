import { type FieldIssue, ValidationError } from './errors.ts';
import { parsePolicy } from './policy.ts';
import { MAX_QUESTION_LENGTH, pickDefaultSet } from './questions.ts';
import { textField } from './safe-text.ts';
import {
  type Campaign,
  QUESTION_DOMAINS,
  QUESTION_FRAMEWORKS,
  type Question,
  type QuestionFramework,
  TIARA_PARTS,
} from './types.ts';
import { fieldPath } from './validation.ts';

const STATUSES: readonly Campaign['status'][] = ['draft', 'active', 'paused'];

type CampaignFields = Pick<Campaign, 'name' | 'policy' | 'questionBank' | 'questionFramework' | 'status'>;

/**
 * The fields of a campaign that are given (all of them for a new campaign, some for an update),
 * checked: the name and every question of the bank are one line of text without control or
 * bidi-override characters, the policy goes through parsePolicy (an empty window, a cap of 0,
 * negative gaps… are refused), the status is known. A ValidationError names every field at
 * fault; nothing is written.
 */
export function parseCampaignFields<T extends Partial<CampaignFields>>(input: T, prefix = ''): T {
  const at = (key: string) => fieldPath(prefix, [key]);
  const issues: FieldIssue[] = [];
  const out: T = { ...input };
  if (input.name !== undefined) {
    out.name = textField(input.name, at('name'), issues, { max: 200, required: true }) as string;
  }
  if (input.policy !== undefined) {
    try {
      out.policy = parsePolicy(input.policy, at('policy'));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (input.questionBank !== undefined) {
    if (!Array.isArray(input.questionBank))
      issues.push({ field: at('questionBank'), message: 'must be a list' });
    else {
      out.questionBank = input.questionBank.map((q: Question, i) => {
        const field = fieldPath(prefix, ['questionBank', i]);
        if (!(QUESTION_DOMAINS as readonly unknown[]).includes(q?.domain)) {
          issues.push({ field: `${field}.domain`, message: `must be one of ${QUESTION_DOMAINS.join(', ')}` });
        }
        const text = textField(q?.text, `${field}.text`, issues, {
          max: MAX_QUESTION_LENGTH,
          required: true,
        });
        if (q?.tiara !== undefined && !(TIARA_PARTS as readonly unknown[]).includes(q.tiara)) {
          issues.push({ field: `${field}.tiara`, message: `must be one of ${TIARA_PARTS.join(', ')}` });
        }
        return { domain: q?.domain, text: text as string, ...(q?.tiara ? { tiara: q.tiara } : {}) };
      });
    }
  }
  if (
    input.questionFramework !== undefined &&
    !(QUESTION_FRAMEWORKS as readonly unknown[]).includes(input.questionFramework)
  ) {
    issues.push({
      field: at('questionFramework'),
      message: `must be one of ${QUESTION_FRAMEWORKS.join(', ')}`,
    });
  }
  if (input.status !== undefined && !STATUSES.includes(input.status)) {
    issues.push({ field: at('status'), message: `must be one of ${STATUSES.join(', ')}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return out;
}

/**
 * The campaign's bank can fill a set of its framework (absent: seed), else a ValidationError naming
 * `questionBank` (`TIARA needs at least one Resources question, has 0`): checked whenever either
 * changes, so a meeting can always be booked with the default set.
 */
export function assertBankFillsFramework(
  bank: readonly Question[],
  framework: QuestionFramework | undefined,
  field = 'questionBank',
): void {
  pickDefaultSet(bank, field, framework);
}
