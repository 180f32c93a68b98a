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

/** One record as field | value lines (nested objects as compact JSON). */
export function record(value: Record<string, unknown>): string {
  const t = new Table({ style: { head: [], border: [] } });
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) t.push({ [key]: cell(v) });
  }
  return t.toString();
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
