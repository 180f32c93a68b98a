import type { FieldIssue } from './errors.ts';

/**
 * Characters no text a person types into rapport may carry: C0 and C1 controls (CR/LF end a mail
 * header or an .ics property, NUL truncates), DEL, the Unicode line and paragraph separators, and
 * the bidi embeddings, overrides and isolates (an RLO turns `gpj.exe` into `exe.jpg` on screen).
 * A multi-line text (a personal line, an update) may keep its line breaks: LF, or CRLF, which
 * becomes LF; a tab is fine there too.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** `text` with each unsafe character shown as U+FFFD; a multi-line text keeps its tabs and line feeds. */
export function replaceUnsafe(text: string, multiline = false): string {
  return text.replace(UNSAFE_ALL, (c) => (multiline && (c === '\t' || c === '\n') ? c : '\ufffd'));
}

/** What is wrong with `text` (a control or bidi-override character, named by code point), or undefined. */
export function unsafeCharacter(text: string, multiline = false): string | undefined {
  const found = UNSAFE.exec(multiline ? text.replace(/\r?\n|\t/g, ' ') : text)?.[0];
  if (found === undefined) return undefined;
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `must not contain ${found > '\u2029' ? 'bidi controls' : 'control characters'} (found ${code})`;
}

/**
 * `text` (a string) checked: its issue under `field` is pushed onto `issues`. A multi-line text is
 * returned with CRLF turned into LF.
 */
export function checkText(text: string, field: string, issues: FieldIssue[], multiline = false): string {
  const problem = unsafeCharacter(text, multiline);
  if (problem !== undefined) issues.push({ field, message: problem });
  return multiline ? text.replace(/\r\n/g, '\n') : text;
}

/**
 * A text field of a record being stored, checked: a string, trimmed, non-empty when `required`, at
 * most `max` characters, no control or bidi-override characters (line breaks only when
 * `multiline`). Its problem is pushed onto `issues` under `field`; the trimmed text is returned.
 */
export function textField(
  value: unknown,
  field: string,
  issues: FieldIssue[],
  options: { max: number; required?: boolean; multiline?: boolean },
): string | undefined {
  if (value === undefined && !options.required) return undefined;
  if (typeof value !== 'string') {
    issues.push({ field, message: options.required ? 'is required (text)' : 'must be text' });
    return undefined;
  }
  const text = value.trim();
  if (text === '' && options.required) issues.push({ field, message: 'is required' });
  else if (text.length > options.max) {
    issues.push({ field, message: `must be at most ${options.max} characters` });
  } else return checkText(text, field, issues, options.multiline);
  return text;
}
