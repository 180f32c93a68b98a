/** Output for people (cli-table3 tables) and for scripts (`--json`: the API's JSON as is, on stdout). */
import Table from 'cli-table3';

export type Cell = string | number | boolean | null | undefined;

/** A value in a cell: text as is, nothing for absent, compact JSON for the rest. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Rows under a header. */
export function table(head: string[], rows: unknown[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map(cell));
  return t.toString();
}

/** "1 contact", "8 contacts". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One record as field | value lines (nested objects as compact JSON). */
export function record(value: Record<string, unknown>): string {
  const t = new Table({ style: { head: [], border: [] } });
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) t.push({ [key]: cell(v) });
  }
  return t.toString();
}

/**
 * An action's answer for people: an answer about a contact (`{changed, contact, timeline}`,
 * `{outcome, contact}`) as who it is, where it stands and what is next — not the contact's JSON.
 */
export function answer(value: Record<string, unknown>): string {
  const contact = value.contact as Record<string, unknown> | undefined;
  if (!contact || typeof contact !== 'object') return record(value);
  const rest = Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'contact' && k !== 'timeline'));
  const meeting = contact.meeting as { start?: string; mode?: string; status?: string } | undefined;
  const schedules = (contact.schedules ?? []) as { step?: string; at?: string }[];
  return record({
    ...rest,
    contact: [contact.firstName, contact.lastName, `(${contact.id})`].filter(Boolean).join(' '),
    stage: contact.stage,
    ...(meeting ? { meeting: `${meeting.start} ${meeting.mode ?? ''} ${meeting.status ?? ''}`.trim() } : {}),
    'next emails':
      schedules.length === 0
        ? '(none planned)'
        : [...schedules]
            .sort((a, b) => String(a.at).localeCompare(String(b.at)))
            .map((s) => `${s.step} ${s.at}`)
            .join('\n'),
  });
}

/** Items of a list response under the given columns (`key` or `[header, (item) => value]`). */
export function list<T extends Record<string, unknown>>(
  items: T[],
  columns: (string | [string, (item: T) => unknown])[],
): string {
  if (items.length === 0) return '(none)';
  const head = columns.map((c) => (typeof c === 'string' ? c : c[0]));
  return table(
    head,
    items.map((item) => columns.map((c) => (typeof c === 'string' ? item[c] : c[1](item)))),
  );
}

export interface Output {
  json: boolean;
  /** The JSON for scripts, or what `render` makes of it for people. */
  show(value: unknown, render: () => string): void;
  /** A line for people on stderr (never in --json output). */
  note(line: string): void;
}

export function makeOutput(json: boolean, io = { out: process.stdout, err: process.stderr }): Output {
  return {
    json,
    show(value, render) {
      io.out.write(`${json ? JSON.stringify(value, null, 2) : render()}\n`);
    },
    note(line) {
      if (!json) io.err.write(`${line}\n`);
    },
  };
}

/** A list response. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** Tells people how to get the next page. */
export function pageNote(page: { cursor?: string }, out: Output): void {
  if (page.cursor) out.note(`more: run again with --cursor ${page.cursor}`);
}
