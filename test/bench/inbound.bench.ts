/**
 * `npm run bench:inbound`: how long the inbound function takes to read hostile replies (issue 8,
 * defect 2) next to a normal one — the same path the inbound use case runs: the bounded MIME parse
 * (`parseMail`, postal-mime), `toIncomingReply`, then the pure `readReply`. Prints one row per
 * message: its size, parse and read milliseconds (median of 3, after a warm-up), and what was read
 * (the intent, or the error the parse threw — the use case quarantines such a message).
 * Exit 0 when every message is read (or refused) in under 2 s, 1 otherwise.
 */
import { readReply } from '#domain/reply/read-reply.ts';
import { toIncomingReply } from '#usecases/inbound.ts';
import { parseMail } from '#usecases/parse-mail.ts';
import {
  dateFloodReply,
  deeplyNestedReply,
  htmlOnlyReply,
  normalReply,
  repeatTo,
} from '../fixtures/hostile-mail.ts';

const BUDGET_MS = 2_000;
const RUNS = 3;
const KB = 1_000;
const MB = 1_000_000;
const context = { receivedAt: new Date('2026-03-02T10:00:00Z'), contactTimeZone: 'Europe/London' };

const cases: { name: string; build: () => string }[] = [
  { name: 'normal reply (text + HTML, quoted)', build: normalReply },
  ...[150 * KB, MB, 30 * MB].flatMap((size) => [
    { name: `HTML-only '<style' x ${label(size)}`, build: () => htmlOnlyReply(repeatTo('<style', size)) },
    { name: `HTML-only '<a ' x ${label(size)}`, build: () => htmlOnlyReply(repeatTo('<a ', size)) },
    { name: `accepted + date words ${label(size)}`, build: () => dateFloodReply(size) },
  ]),
  { name: 'MIME nested 300 levels', build: () => deeplyNestedReply(300) },
];

function label(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${+(bytes / KB).toFixed(1)} KB`;
}

async function readOnce(raw: Buffer): Promise<{ parseMs: number; readMs: number; outcome: string }> {
  const start = performance.now();
  let mail: Awaited<ReturnType<typeof parseMail>>;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    return {
      parseMs: performance.now() - start,
      readMs: 0,
      outcome: `parse threw: ${(error as Error).message}`,
    };
  }
  const parsed = performance.now();
  const reading = readReply(toIncomingReply(mail), context);
  return {
    parseMs: parsed - start,
    readMs: performance.now() - parsed,
    outcome: `${reading.intent}, ${reading.body.length} chars read`,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  for (let i = 0; i < 5; i++) await readOnce(Buffer.from(normalReply()));
  const rows: string[][] = [];
  let over = 0;
  for (const { name, build } of cases) {
    const raw = Buffer.from(build());
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await readOnce(raw));
    const parseMs = median(runs.map((r) => r.parseMs));
    const readMs = median(runs.map((r) => r.readMs));
    const totalMs = median(runs.map((r) => r.parseMs + r.readMs));
    if (totalMs >= BUDGET_MS) over++;
    rows.push([
      name,
      label(raw.length),
      parseMs.toFixed(0),
      readMs.toFixed(0),
      totalMs.toFixed(0),
      runs[0]?.outcome ?? '',
    ]);
  }
  const header = ['message', 'raw size', 'parse ms', 'read ms', 'total ms', 'read as'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const print = (cells: string[]) =>
    console.log(
      cells
        .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  print(header);
  print(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) print(row);
  console.log(
    over === 0
      ? `every message read in under ${BUDGET_MS / 1000} s`
      : `${over} message(s) took ${BUDGET_MS / 1000} s or more`,
  );
  process.exitCode = over === 0 ? 0 : 1;
}

await main();
