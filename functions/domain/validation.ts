import * as z from 'zod/mini';
import type { FieldIssue } from './errors.ts';

/** How a kind of value reads in a message. */
const KIND: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'text',
  number: 'a number',
};

/**
 * Default messages for what our schemas don't spell out themselves (zod/mini registers no locale,
 * and without one each would read just "Invalid input"): short, in the words of a form, naming
 * what is wanted. Written here rather than importing zod's English locale, which costs the send
 * path's bundle 2.7 KB.
 */
z.config({
  localeError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined
          ? 'is required'
          : `must be ${KIND[issue.expected] ?? issue.expected}`;
      case 'unrecognized_keys':
        return `has unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      case 'invalid_value':
        return `must be one of ${issue.values.map(String).join(', ')}`;
      case 'too_small':
        return `must be at least ${issue.minimum}`;
      case 'too_big':
        return `must be at most ${issue.maximum}`;
      default:
        return 'is not valid';
    }
  },
});

/** `['sendWindow', 'days', 2]` under `policy` → `policy.sendWindow.days[2]`. */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'input' : out;
}

/** Zod's issues as FieldIssues whose field is the full dotted path under `prefix`. */
export function issuesFromZod(error: z.core.$ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({ field: fieldPath(prefix, issue.path), message: issue.message }));
}
