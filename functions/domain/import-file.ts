/**
 * An import file read into rows (issue 9, item 3), and each row checked as a contact. CSV (header
 * row: email, first_name, last_name, company, role, time_zone, country, source, referred_by, notes,
 * personal_line, in any case and spelling — `csvColumnOf`; unknown columns kept in the notes) or JSON (the contacts as `parseNewContact`
 * takes them). A file that cannot be imported at all — not UTF-8, not CSV, no email column, no
 * rows, over MAX_IMPORT_ROWS — is refused whole (ValidationError naming `field`, where the file
 * came from); a bad row is only that row's problem (`parseImportRow`).
 */
import { CsvError, parse } from 'csv-parse/sync';
import { type NewContact, parseNewContact } from './contact-input.ts';
import { ValidationError } from './errors.ts';
import { type ImportMediaType, MAX_IMPORT_ROWS } from './job.ts';
import { unsafeCharacter } from './safe-text.ts';

/** The CSV columns rapport knows, as the header row names them (in any case). */
export const CSV_COLUMNS = [
  'email',
  'first_name',
  'last_name',
  'company',
  'role',
  'time_zone',
  'country',
  'source',
  'referred_by',
  'notes',
  'personal_line',
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];
const KNOWN_COLUMNS: ReadonlySet<string> = new Set(CSV_COLUMNS);

/** Other names spreadsheets and address-book exports give rapport's columns (in snake case). */
const COLUMN_ALIASES: ReadonlyMap<string, CsvColumn> = new Map(
  Object.entries({
    email_address: 'email',
    e_mail: 'email',
    e_mail_address: 'email',
    firstname: 'first_name',
    given_name: 'first_name',
    lastname: 'last_name',
    surname: 'last_name',
    family_name: 'last_name',
    company_name: 'company',
    organization: 'company',
    organisation: 'company',
    employer: 'company',
    job_title: 'role',
    position: 'role',
    timezone: 'time_zone',
  }) as [string, CsvColumn][],
);

/**
 * A header cell as the column it names: any case, spaces, hyphens or camel case ("First Name",
 * "first-name", "firstName" are `first_name`), and the aliases above ("Email Address", "Job Title").
 */
export function csvColumnOf(name: string): string {
  const snake = name
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
  return COLUMN_ALIASES.get(snake) ?? snake;
}

/** A contact's fields (as `parseNewContact` names them) → the CSV column they come from. */
const COLUMN_OF: Record<string, string> = {
  email: 'email',
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  role: 'role',
  timeZone: 'time_zone',
  country: 'country',
  notes: 'notes',
  personalLine: 'personal_line',
};

/** The `source` cell may name how the contact was found: `association: the UX Professionals Association`. */
const SOURCE_KINDS = new Set(['association', 'instructor', 'alumni', 'event', 'other']);

export interface ImportFile {
  mediaType: ImportMediaType;
  /** One entry a contact: for CSV the row as a contact's fields, for JSON the element as given. */
  rows: unknown[];
}

/** Bytes as UTF-8 text (a BOM is dropped by the CSV reader), or a refusal naming `field`. */
export function decodeUtf8(bytes: Uint8Array, field: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw ValidationError.of(field, 'is not UTF-8 text (save the file as CSV UTF-8)');
  }
}

/** Reads the whole file, or refuses it naming why (nothing of it is imported then). */
export function readImportFile(content: string, mediaType: ImportMediaType, field: string): ImportFile {
  // Text decoded leniently elsewhere (the API's body) shows bytes that were not UTF-8 as U+FFFD.
  if (content.includes('\uFFFD')) {
    throw ValidationError.of(field, 'is not UTF-8 text (save the file as CSV UTF-8)');
  }
  const rows = mediaType === 'text/csv' ? readCsv(content, field) : readJson(content, field);
  if (rows.length === 0) throw ValidationError.of(field, 'has no contacts');
  if (rows.length > MAX_IMPORT_ROWS) {
    throw ValidationError.of(
      field,
      `has more than ${MAX_IMPORT_ROWS.toLocaleString('en')} contacts; split it into several imports`,
    );
  }
  return { mediaType, rows };
}

function readJson(content: string, field: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    throw ValidationError.of(field, 'is not valid JSON');
  }
  if (!Array.isArray(value)) throw ValidationError.of(field, 'must be a list of contacts');
  return value;
}

/** How far down the header row is looked for: below lines of notes an export puts above it. */
const HEADER_SEARCH_LINES = 10;
const HEADER_SEARCH_CHARS = 64 * 1024;

/**
 * The file from its header row on: the first row, unless it and the lines after it are notes (one
 * cell each, or blank) above a row that names an email column — LinkedIn's connections export opens
 * with a "Notes:" paragraph and a blank line above its header. Looked for in the first lines only.
 */
function fromHeaderRow(content: string): string {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const top = text.slice(0, HEADER_SEARCH_CHARS);
  let start = 0;
  for (let line = 0; line < HEADER_SEARCH_LINES; line++) {
    const end = top.indexOf('\n', start);
    if (end === -1) break;
    const row = top.slice(start, end);
    const cells = row.split(',').map((cell) => csvColumnOf(cell.replace(/^\s*"|"\s*$/g, '')));
    if (line > 0 && cells.includes('email')) return text.slice(start);
    // A line of notes has its quotes closed and no comma outside them; anything else is the header
    // (or data, or a header cell running over lines): read from the first row.
    if ((row.match(/"/g)?.length ?? 0) % 2 === 1 || row.replace(/"[^"]*"/g, '').includes(',')) break;
    start = end + 1;
  }
  return content;
}

function readCsv(content: string, field: string): unknown[] {
  let records: Record<string, string>[];
  let header: string[] = [];
  try {
    records = parse(fromHeaderRow(content), {
      bom: true,
      columns: (names: string[]) => {
        // A column named twice ("Email" and "Email Address"): the first is read, the next kept in
        // the notes under the name it was given, like a column rapport does not know.
        const named = new Set<string>();
        header = names.map((name, i) => {
          const raw = String(name).trim().toLowerCase();
          const column = csvColumnOf(String(name));
          if (!named.has(column) && KNOWN_COLUMNS.has(column)) {
            named.add(column);
            return column;
          }
          // Never a known column's key (csv-parse would let the later cell win): "email (column 2)".
          const kept = KNOWN_COLUMNS.has(raw) || named.has(raw) ? `${raw} (column ${i + 1})` : raw;
          named.add(kept);
          return kept;
        });
        return header;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      // One more than allowed: enough to know the file is over the limit without reading it all.
      to: MAX_IMPORT_ROWS + 1,
    }) as Record<string, string>[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw ValidationError.of(field, `is not CSV: ${error.message.slice(0, 200)}`);
  }
  if (header.length === 0) throw ValidationError.of(field, 'is empty');
  if (!header.includes('email')) {
    throw ValidationError.of(
      field,
      `has no email column: the first row (or one of the first ${HEADER_SEARCH_LINES}, below notes) must name the columns (${CSV_COLUMNS.join(', ')})`,
    );
  }
  return records.map(contactFromCsv);
}

/** A CSV row as a contact's fields; empty cells are absent, unknown columns become lines of the notes. */
function contactFromCsv(record: Record<string, string | undefined>): Record<string, unknown> {
  const cell = (column: string) => {
    const value = record[column]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const extra = Object.entries(record)
    .filter(([column, value]) => !KNOWN_COLUMNS.has(column) && column !== '' && (value ?? '').trim() !== '')
    .map(([column, value]) => `${column}: ${(value ?? '').trim()}`);
  const notes = [cell('notes'), ...extra].filter((line) => line !== undefined).join('\n');
  const referredBy = cell('referred_by');
  const source = cell('source');
  return {
    email: cell('email'),
    firstName: cell('first_name'),
    lastName: cell('last_name'),
    company: cell('company'),
    role: cell('role'),
    timeZone: cell('time_zone'),
    country: cell('country'),
    ...(notes === '' ? {} : { notes }),
    personalLine: cell('personal_line'),
    foundVia:
      referredBy !== undefined
        ? { kind: 'referral', name: referredBy }
        : source !== undefined
          ? foundViaOfSource(source)
          : undefined,
  };
}

/** The longest `source` (a cell, or a whole import's default): as long as a contact's found-via name. */
export const MAX_SOURCE_CHARS = 200;

/**
 * An import's default source (`?source=` of the request), checked: one line, at most
 * MAX_SOURCE_CHARS, written as the `source` column is (`event: UX Week 2026`, or free text).
 */
export function parseDefaultSource(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const source = value.trim();
  if (source === '' || unsafeCharacter(source) !== undefined || source.length > MAX_SOURCE_CHARS) {
    throw ValidationError.of(
      field,
      `must be one line of 1 to ${MAX_SOURCE_CHARS} characters, without control characters: how the contacts were found, e.g. "event: UX Week 2026"`,
    );
  }
  const { kind, written, name } = sourceParts(source);
  if (name === '' && SOURCE_KINDS.has(kind)) {
    throw ValidationError.of(
      field,
      `names the kind (${written}) but not who or what, e.g. "event: UX Week 2026"`,
    );
  }
  return source;
}

/** A source's kind (the text before its first colon; lower-cased, and as written) and name (after it). */
function sourceParts(source: string): { kind: string; written: string; name: string } {
  const colon = source.indexOf(':');
  const written = (colon < 0 ? source : source.slice(0, colon)).trim();
  return { kind: written.toLowerCase(), written, name: colon < 0 ? '' : source.slice(colon + 1).trim() };
}

function foundViaOfSource(source: string): { kind: string; name: string } {
  const { kind, name } = sourceParts(source);
  return SOURCE_KINDS.has(kind) && name !== '' ? { kind, name } : { kind: 'other', name: source };
}

export type RowOutcome = { contact: NewContact } | { field: string; message: string };

/**
 * One row checked as a contact (`timeZone` defaults to the client's). A refused row names the
 * column (CSV) or field (JSON) of its first problem; the message lists every problem.
 */
export function parseImportRow(
  file: ImportFile,
  index: number,
  defaults: { timeZone: string; source?: string },
): RowOutcome {
  const given = file.rows[index];
  const csv = file.mediaType === 'text/csv';
  // A row that says neither source nor referred_by takes the import's default source, if any.
  const input =
    defaults.source !== undefined && isRecord(given) && given.foundVia === undefined
      ? { ...given, foundVia: foundViaOfSource(defaults.source) }
      : given;
  const row = input as Record<string, unknown>;
  if (csv && row.foundVia === undefined) {
    return {
      field: 'source',
      message:
        'is required: who or what led to the contact (e.g. "association: the UX Professionals Association"), or fill referred_by, or give the whole import a source',
    };
  }
  try {
    return { contact: parseNewContact(input, undefined, defaults) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const name = (f: string) => (csv ? columnOf(f, row) : f);
    const [first, ...rest] = error.issues;
    const field = name(first?.field ?? 'contact');
    const message = [first?.message ?? 'is not valid', ...rest.map((i) => `${name(i.field)}: ${i.message}`)];
    return { field, message: message.join('; ') };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function columnOf(field: string, row: Record<string, unknown>): string {
  if (field.startsWith('foundVia')) {
    return (row.foundVia as { kind?: string } | undefined)?.kind === 'referral' ? 'referred_by' : 'source';
  }
  return COLUMN_OF[field] ?? field;
}
