import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';
import type { FieldIssue } from './errors.ts';

/**
 * English default messages ("Invalid input: expected string, received undefined", "Unrecognized
 * key: …"): zod/mini registers no locale (classic zod registers English for you), and without one
 * every message we don't spell out ourselves would read just "Invalid input". Imported by name so a
 * bundle keeps only `en`, not all the locales.
 */
z.config(en());

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
