/**
 * `npm run eval:replies [-- --set dev|test|check|fresh] [--json]` (issue 12): how well the reply reader reads a
 * labelled set of replies (`test/fixtures/replies/<set>/`: `.eml` files and `labels.json`; default
 * the held-out `test` set). Each message is read exactly as the inbound function reads it: the
 * bounded MIME parse (`parseMail`), the use case's `toIncomingReply` and `sentAt`, then `readReply`
 * with the Date header as the reference instant (the label's `receivedAt`, the arrival, when the
 * message has none — the inbound function's clock) and the label's `contactTimeZone`. The figures come from `reply-metrics.ts`.
 *
 * A measurement, not a gate: exit 0 whatever the figures; 2 when the set or its labels cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readReply } from '#domain/reply/read-reply.ts';
import { sentAt, toIncomingReply } from '#usecases/inbound.ts';
import { parseMail } from '#usecases/parse-mail.ts';
import {
  computeMetrics,
  type EvalCase,
  type EvalReport,
  formatReport,
  LABEL_INTENTS,
  type ReadFields,
  type ReplyLabel,
} from './reply-metrics.ts';

export const SETS = ['dev', 'test', 'check', 'fresh'] as const;
export type SetName = (typeof SETS)[number];

const REPLIES_DIR = fileURLToPath(new URL('../fixtures/replies/', import.meta.url));

export function setDirectory(set: SetName): string {
  return join(REPLIES_DIR, set);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200);

/** The labels of a set, checked: a malformed label is a mistake in the set, reported, not measured. */
export function checkLabels(value: unknown): ReplyLabel[] {
  if (!Array.isArray(value)) throw new Error('labels.json is not an array');
  const seen = new Set<string>();
  return value.map((entry, index) => {
    const where = `labels.json[${index}]`;
    const l = entry as Partial<ReplyLabel>;
    if (typeof l?.file !== 'string' || !l.file) throw new Error(`${where}: no file`);
    if (seen.has(l.file)) throw new Error(`${where}: ${l.file} labelled twice`);
    seen.add(l.file);
    if (!(LABEL_INTENTS as readonly string[]).includes(l.intent as string))
      throw new Error(
        `${where} (${l.file}): intent ${String(l.intent)} is not one of ${LABEL_INTENTS.join(', ')}`,
      );
    if (typeof l.autoReply !== 'boolean') throw new Error(`${where} (${l.file}): autoReply not a boolean`);
    if (l.returnDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(l.returnDate)))
      throw new Error(`${where} (${l.file}): returnDate neither null nor YYYY-MM-DD`);
    if (!Array.isArray(l.proposedTimes) || l.proposedTimes.some((t) => Number.isNaN(Date.parse(t))))
      throw new Error(`${where} (${l.file}): proposedTimes not a list of instants`);
    if (!Array.isArray(l.referrals) || l.referrals.some((r) => typeof r?.email !== 'string'))
      throw new Error(`${where} (${l.file}): referrals not a list of {name, email}`);
    if (typeof l.contactTimeZone !== 'string') throw new Error(`${where} (${l.file}): no contactTimeZone`);
    try {
      new Intl.DateTimeFormat('en', { timeZone: l.contactTimeZone });
    } catch {
      throw new Error(`${where} (${l.file}): unknown time zone ${l.contactTimeZone}`);
    }
    if (typeof l.receivedAt !== 'string' || Number.isNaN(Date.parse(l.receivedAt)))
      throw new Error(`${where} (${l.file}): receivedAt not an instant`);
    return {
      file: l.file,
      intent: l.intent as ReplyLabel['intent'],
      autoReply: l.autoReply,
      returnDate: l.returnDate ?? null,
      proposedTimes: l.proposedTimes,
      referrals: l.referrals,
      contactTimeZone: l.contactTimeZone,
      receivedAt: l.receivedAt,
      hasMeeting: l.hasMeeting === true,
      ...(typeof l.meetingStart === 'string' && !Number.isNaN(Date.parse(l.meetingStart))
        ? { meetingStart: l.meetingStart }
        : {}),
      tags: Array.isArray(l.tags) ? l.tags.filter((t): t is string => typeof t === 'string') : [],
    };
  });
}

/** One message read as the inbound function reads it. A parse or read that throws is an error reading. */
export async function readLabelled(
  raw: Uint8Array,
  label: ReplyLabel,
  warn: (message: string) => void = () => {},
): Promise<ReadFields> {
  let mail: Awaited<ReturnType<typeof parseMail>>;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    return unread(`unreadable MIME: ${errorText(error)}`);
  }
  // As the inbound function: "Monday" is read from the Date header, the arrival time (the label's
  // receivedAt) when there is none. A label whose receivedAt falls on another day than the header (in
  // the contact's zone) was labelled against another reference day: said, not hidden.
  const sent = sentAt(mail);
  const receivedAt = sent ?? new Date(label.receivedAt);
  if (
    sent &&
    localDay(sent, label.contactTimeZone) !== localDay(new Date(label.receivedAt), label.contactTimeZone)
  )
    warn(
      `${label.file}: receivedAt ${label.receivedAt} is another day than the Date header ${sent.toISOString()}`,
    );
  try {
    const reading = readReply(toIncomingReply(mail), {
      receivedAt,
      contactTimeZone: label.contactTimeZone,
      // As the inbound function: it knows whether the contact has a meeting booked.
      ...(label.hasMeeting ? { hasMeeting: true } : {}),
      ...(label.meetingStart ? { meetingStart: label.meetingStart } : {}),
    });
    // Fields the reader may gain (issue 12): measured when present, without the reader's type knowing them.
    const extra = reading as { confidence?: unknown; needsReview?: unknown };
    return {
      intent: reading.intent,
      autoReply: reading.autoReply,
      returnDate: reading.returnDate,
      proposedTimes: reading.proposedTimes,
      referrals: reading.referrals,
      ...(typeof extra.confidence === 'number' ? { confidence: extra.confidence } : {}),
      ...(typeof extra.needsReview === 'boolean' ? { needsReview: extra.needsReview } : {}),
    };
  } catch (error) {
    return unread(`unreadable reply: ${errorText(error)}`);
  }
}

function localDay(instant: Date, timeZone: string): string {
  return instant.toLocaleDateString('en-CA', { timeZone });
}

function unread(error: string): ReadFields {
  return { intent: 'other', autoReply: false, proposedTimes: [], referrals: [], error };
}

/** Every labelled reply of a directory, read. */
export async function evaluateDirectory(
  directory: string,
  worstCount = 20,
  warn: (message: string) => void = () => {},
): Promise<EvalReport> {
  const labels = checkLabels(JSON.parse(await readFile(join(directory, 'labels.json'), 'utf8')));
  const cases: EvalCase[] = [];
  for (const label of labels) {
    const raw = await readFile(join(directory, label.file));
    cases.push({ label, read: await readLabelled(raw, label, warn) });
  }
  return computeMetrics(cases, worstCount);
}

export function parseArgs(argv: string[]): { set: SetName; json: boolean } {
  let set: SetName = 'test';
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--set' || arg?.startsWith('--set=')) {
      const value = arg === '--set' ? argv[++i] : arg.slice('--set='.length);
      if (!(SETS as readonly string[]).includes(value ?? ''))
        throw new Error(`--set takes ${SETS.join(' or ')}, not ${value ?? 'nothing'}`);
      set = value as SetName;
    } else
      throw new Error(
        `unknown argument ${arg}; usage: eval:replies [-- --set dev|test|check|fresh] [--json]`,
      );
  }
  return { set, json };
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${errorText(error)}\n`);
    return 2;
  }
  let report: EvalReport;
  try {
    report = await evaluateDirectory(setDirectory(options.set), 20, (message) =>
      process.stderr.write(`warning: ${message}\n`),
    );
  } catch (error) {
    process.stderr.write(`eval:replies: the ${options.set} set cannot be read: ${errorText(error)}\n`);
    return 2;
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify({ set: options.set, ...report }, null, 2)}\n`
      : `${formatReport(options.set, report)}\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
