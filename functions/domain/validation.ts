import type { z } from 'zod';
import type { FieldIssue } from './errors.ts';

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
export function issuesFromZod(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({ field: fieldPath(prefix, issue.path), message: issue.message }));
}
