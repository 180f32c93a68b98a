/**
 * The arithmetic of `npm run eval:replies` (issue 12): labelled replies next to what the reader read
 * → per-intent precision / recall / F1, the confusion matrix, field accuracies, the needsReview
 * figures and the worst misreads. Pure: no files, no clock, no reader — the script
 * (`test/eval/eval-replies.ts`) parses and reads the messages and hands the pairs here.
 */

import { REPLY_INTENTS } from '#domain/types.ts';

/** The intents a label may carry: the reader's own (`REPLY_INTENTS`). */
export const LABEL_INTENTS = REPLY_INTENTS;

export type LabelIntent = (typeof LABEL_INTENTS)[number];

/** One entry of a set's `labels.json`. */
export interface ReplyLabel {
  file: string;
  intent: LabelIntent;
  autoReply: boolean;
  returnDate: string | null;
  proposedTimes: string[];
  referrals: { name: string | null; email: string }[];
  contactTimeZone: string;
  receivedAt: string;
  hasMeeting: boolean;
  /** The booked meeting's start (ISO), when the label knows it: "same time" is read from it. */
  meetingStart?: string;
  tags: string[];
}

/** What the reader returned, as far as it is measured. `confidence`/`needsReview` only if the reader has them. */
export interface ReadFields {
  intent: string;
  autoReply: boolean;
  returnDate?: string | undefined;
  proposedTimes: string[];
  referrals: { email: string; name?: string | undefined }[];
  confidence?: number | undefined;
  needsReview?: boolean | undefined;
  /** Set when the message could not be parsed or read (the inbound function quarantines it). */
  error?: string | undefined;
}

export interface EvalCase {
  label: ReplyLabel;
  read: ReadFields;
}

export interface IntentScore {
  intent: string;
  support: number;
  predicted: number;
  truePositives: number;
  /** null when the reader never read this intent (no denominator). */
  precision: number | null;
  /** null when no label has this intent. */
  recall: number | null;
  f1: number | null;
}

/** A count of correct out of total; `rate` null when total is 0. */
export interface Ratio {
  correct: number;
  total: number;
  rate: number | null;
}

export interface Misread {
  file: string;
  severity: number;
  label: string;
  read: string;
  differences: string[];
}

export interface EvalReport {
  size: number;
  /** Classes of the matrix: every label intent, then any other value the reader produced. */
  classes: string[];
  perIntent: IntentScore[];
  /** confusion[label][read] = count; rows = label, columns = read. */
  confusion: Record<string, Record<string, number>>;
  intentAccuracy: Ratio;
  autoReplyAccuracy: Ratio;
  returnDate: {
    /** Over labels with a returnDate: read the same date. */
    accuracy: Ratio;
    /** Over labels without one: the reader invented one. */
    falsePositives: { count: number; total: number };
  };
  proposedTimes: {
    /** Over all labels: the read set of instants equals the labelled set (both empty counts). */
    exactSet: Ratio;
    /** Over labels that propose times. */
    exactSetWhereProposed: Ratio;
    /** Labels with no times where the reader read some. */
    falsePositives: { count: number; total: number };
  };
  referrals: {
    truePositives: number;
    labelled: number;
    read: number;
    precision: number | null;
    recall: number | null;
  };
  /** null when the reader returns no `needsReview`. */
  needsReview: {
    flagged: number;
    share: number;
    /** Intent accuracy among the replies not flagged. */
    unflaggedAccuracy: Ratio;
  } | null;
  /** Intent accuracy per label tag. */
  byTag: Record<string, Ratio>;
  errors: { file: string; error: string }[];
  worst: Misread[];
  /** Issue 12's targets on the test set, each met or not (null: not measurable yet). */
  targets: Target[];
}

export interface Target {
  name: string;
  /** The figure must reach this (at least; at most for `atMost`). */
  threshold: number;
  atMost?: boolean;
  value: number | null;
  met: boolean | null;
}

export function ratio(correct: number, total: number): Ratio {
  return { correct, total, rate: total === 0 ? null : correct / total };
}

/** An instant in one spelling (`…T14:00:00.000Z`), so `14:00Z` and `14:00:00.000Z` compare equal. */
function canonicalInstant(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

const emailsOf = (list: { email: string }[]) => [...new Set(list.map((r) => r.email.trim().toLowerCase()))];

/**
 * How bad a wrong intent is, for ordering the misreads: unsubscribing someone who did not ask is the
 * worst, then a "no" or a "stop" read as anything else (follow-ups keep going), then a "yes" missed.
 */
function intentSeverity(label: string, read: string): number {
  if (label === read) return 0;
  if (read === 'unsubscribe') return 100;
  if (label === 'unsubscribe' || label === 'declined') return 90;
  if (label === 'accepted' || label === 'reschedule') return 80;
  if (read === 'accepted') return 75;
  return 60;
}

function fieldDifferences(label: ReplyLabel, read: ReadFields): { differences: string[]; severity: number } {
  const differences: string[] = [];
  let severity = 0;
  if (read.error) {
    differences.push(`error: ${read.error}`);
    severity += 5;
  }
  if (label.autoReply !== read.autoReply) {
    differences.push(`autoReply ${label.autoReply} → ${read.autoReply}`);
    severity += 20;
  }
  const readReturn = read.returnDate ?? null;
  if (label.returnDate !== readReturn) {
    differences.push(`returnDate ${label.returnDate ?? '-'} → ${readReturn ?? '-'}`);
    severity += 10;
  }
  const labelTimes = label.proposedTimes.map(canonicalInstant);
  const readTimes = read.proposedTimes.map(canonicalInstant);
  if (!sameSet(labelTimes, readTimes)) {
    differences.push(`proposedTimes [${labelTimes.join(', ')}] → [${readTimes.join(', ')}]`);
    severity += 5;
  }
  const labelEmails = emailsOf(label.referrals);
  const readEmails = emailsOf(read.referrals);
  if (!sameSet(labelEmails, readEmails)) {
    differences.push(`referrals [${labelEmails.join(', ')}] → [${readEmails.join(', ')}]`);
    severity += 5;
  }
  return { differences, severity };
}

export function computeMetrics(cases: EvalCase[], worstCount = 20): EvalReport {
  const extra = [...new Set(cases.map((c) => c.read.intent))].filter(
    (i) => !(LABEL_INTENTS as readonly string[]).includes(i),
  );
  const classes = [...LABEL_INTENTS, ...extra.sort()];
  const confusion: Record<string, Record<string, number>> = {};
  for (const row of classes) confusion[row] = Object.fromEntries(classes.map((col) => [col, 0]));
  for (const { label, read } of cases) {
    const row = confusion[label.intent] ?? {};
    row[read.intent] = (row[read.intent] ?? 0) + 1;
    confusion[label.intent] = row;
  }

  const perIntent = classes.map((intent): IntentScore => {
    const support = cases.filter((c) => c.label.intent === intent).length;
    const predicted = cases.filter((c) => c.read.intent === intent).length;
    const truePositives = cases.filter((c) => c.label.intent === intent && c.read.intent === intent).length;
    const precision = predicted === 0 ? null : truePositives / predicted;
    const recall = support === 0 ? null : truePositives / support;
    const f1 =
      precision === null || recall === null
        ? null
        : precision + recall === 0
          ? 0
          : (2 * precision * recall) / (precision + recall);
    return { intent, support, predicted, truePositives, precision, recall, f1 };
  });

  const intentRight = (c: EvalCase) => c.label.intent === c.read.intent;

  const withReturn = cases.filter((c) => c.label.returnDate !== null);
  const withoutReturn = cases.filter((c) => c.label.returnDate === null);

  const timesRight = (c: EvalCase) =>
    sameSet(c.label.proposedTimes.map(canonicalInstant), c.read.proposedTimes.map(canonicalInstant));
  const withTimes = cases.filter((c) => c.label.proposedTimes.length > 0);
  const withoutTimes = cases.filter((c) => c.label.proposedTimes.length === 0);

  let referralTp = 0;
  let referralLabelled = 0;
  let referralRead = 0;
  for (const { label, read } of cases) {
    const labelled = new Set(emailsOf(label.referrals));
    const found = emailsOf(read.referrals);
    referralLabelled += labelled.size;
    referralRead += found.length;
    referralTp += found.filter((e) => labelled.has(e)).length;
  }

  const reviewed = cases.some((c) => typeof c.read.needsReview === 'boolean');
  const unflagged = cases.filter((c) => c.read.needsReview !== true);
  const needsReview = reviewed
    ? {
        flagged: cases.length - unflagged.length,
        share: cases.length === 0 ? 0 : (cases.length - unflagged.length) / cases.length,
        unflaggedAccuracy: ratio(unflagged.filter(intentRight).length, unflagged.length),
      }
    : null;

  const byTag: Record<string, Ratio> = {};
  for (const tag of [...new Set(cases.flatMap((c) => c.label.tags))].sort()) {
    const tagged = cases.filter((c) => c.label.tags.includes(tag));
    byTag[tag] = ratio(tagged.filter(intentRight).length, tagged.length);
  }

  const misreads = cases
    .map(({ label, read }): Misread => {
      const fields = fieldDifferences(label, read);
      return {
        file: label.file,
        severity: intentSeverity(label.intent, read.intent) + fields.severity,
        label: label.intent,
        read: read.intent,
        differences: fields.differences,
      };
    })
    .filter((m) => m.severity > 0)
    .sort((a, b) => b.severity - a.severity || a.file.localeCompare(b.file));

  const intentAccuracy = ratio(cases.filter(intentRight).length, cases.length);
  const autoReplyAccuracy = ratio(
    cases.filter((c) => c.label.autoReply === c.read.autoReply).length,
    cases.length,
  );
  const target = (name: string, value: number | null, threshold: number, atMost = false): Target => ({
    name,
    threshold,
    ...(atMost ? { atMost } : {}),
    value,
    met: value === null ? null : atMost ? value <= threshold : value >= threshold,
  });
  const scoreOf = (intent: string) => perIntent.find((s) => s.intent === intent);
  const targets = [
    target('intent accuracy', intentAccuracy.rate, 0.95),
    target('declined recall', scoreOf('declined')?.recall ?? null, 0.95),
    target('accepted recall', scoreOf('accepted')?.recall ?? null, 0.95),
    // Never unsubscribe someone who didn't ask: no unsubscribe read at all is 100 %.
    target('unsubscribe precision', scoreOf('unsubscribe')?.precision ?? 1, 1),
    target('auto-reply detection', autoReplyAccuracy.rate, 1),
    target('needsReview share', needsReview?.share ?? null, 0.1, true),
    target('accuracy among unflagged', needsReview?.unflaggedAccuracy.rate ?? null, 0.98),
  ];

  return {
    size: cases.length,
    classes,
    perIntent,
    confusion,
    intentAccuracy: ratio(cases.filter(intentRight).length, cases.length),
    autoReplyAccuracy: ratio(
      cases.filter((c) => c.label.autoReply === c.read.autoReply).length,
      cases.length,
    ),
    returnDate: {
      accuracy: ratio(
        withReturn.filter((c) => (c.read.returnDate ?? null) === c.label.returnDate).length,
        withReturn.length,
      ),
      falsePositives: {
        count: withoutReturn.filter((c) => c.read.returnDate != null).length,
        total: withoutReturn.length,
      },
    },
    proposedTimes: {
      exactSet: ratio(cases.filter(timesRight).length, cases.length),
      exactSetWhereProposed: ratio(withTimes.filter(timesRight).length, withTimes.length),
      falsePositives: {
        count: withoutTimes.filter((c) => c.read.proposedTimes.length > 0).length,
        total: withoutTimes.length,
      },
    },
    referrals: {
      truePositives: referralTp,
      labelled: referralLabelled,
      read: referralRead,
      precision: referralRead === 0 ? null : referralTp / referralRead,
      recall: referralLabelled === 0 ? null : referralTp / referralLabelled,
    },
    needsReview,
    byTag,
    errors: cases.flatMap((c) => (c.read.error ? [{ file: c.label.file, error: c.read.error }] : [])),
    worst: misreads.slice(0, worstCount),
    targets,
  };
}

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
const showRatio = (r: Ratio) => `${percent(r.rate)} (${r.correct}/${r.total})`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))))
    .map((r) => r.join('  ').trimEnd())
    .join('\n');
}

/** The report as text for a terminal: the whole table the issue asks for. */
export function formatReport(set: string, report: EvalReport): string {
  const out: string[] = [];
  out.push(`Reply reader on the ${set} set: ${report.size} labelled replies`, '');

  out.push('Per intent');
  out.push(
    table([
      ['intent', 'support', 'read', 'precision', 'recall', 'F1'],
      ...report.perIntent.map((s) => [
        s.intent,
        String(s.support),
        String(s.predicted),
        percent(s.precision),
        percent(s.recall),
        percent(s.f1),
      ]),
    ]),
    '',
  );

  const short = (c: string) => (c === 'out_of_office' ? 'ooo' : c === 'unsubscribe' ? 'unsub' : c);
  out.push('Confusion (rows = label, columns = read)');
  out.push(
    table([
      ['label \\ read', ...report.classes.map(short)],
      ...report.classes.map((row) => [
        row,
        ...report.classes.map((col) => String(report.confusion[row]?.[col] ?? 0)),
      ]),
    ]),
    '',
  );

  out.push(`Intent accuracy:          ${showRatio(report.intentAccuracy)}`);
  out.push(`Auto-reply detection:     ${showRatio(report.autoReplyAccuracy)}`);
  const rd = report.returnDate;
  out.push(
    `returnDate accuracy:      ${showRatio(rd.accuracy)} of labels with one; ${rd.falsePositives.count}/${rd.falsePositives.total} invented where none`,
  );
  const pt = report.proposedTimes;
  out.push(
    `proposedTimes exact set:  ${showRatio(pt.exactSet)} overall; ${showRatio(pt.exactSetWhereProposed)} where times proposed; ${pt.falsePositives.count}/${pt.falsePositives.total} invented where none`,
  );
  const rf = report.referrals;
  out.push(
    `Referrals (by email):     precision ${percent(rf.precision)} (${rf.truePositives}/${rf.read}), recall ${percent(rf.recall)} (${rf.truePositives}/${rf.labelled})`,
  );
  out.push(
    report.needsReview
      ? `needsReview:              ${percent(report.needsReview.share)} flagged (${report.needsReview.flagged}/${report.size}); accuracy among unflagged ${showRatio(report.needsReview.unflaggedAccuracy)}`
      : 'needsReview:              not returned by the reader',
  );
  out.push('');

  const tags = Object.entries(report.byTag);
  if (tags.length > 0) {
    out.push('Intent accuracy by tag');
    out.push(table([['tag', 'accuracy'], ...tags.map(([tag, r]) => [tag, showRatio(r)])]), '');
  }

  if (report.errors.length > 0) {
    out.push('Unreadable (the inbound function would quarantine these)');
    for (const e of report.errors) out.push(`  ${e.file}: ${e.error}`);
    out.push('');
  }

  out.push('Targets (issue 12; they apply to the test set)');
  out.push(
    table([
      ['target', 'needed', 'measured', ''],
      ...report.targets.map((t) => [
        t.name,
        `${t.atMost ? '≤' : '≥'} ${percent(t.threshold)}`,
        percent(t.value),
        t.met === null ? 'not measurable' : t.met ? 'met' : 'MISSED',
      ]),
    ]),
    '',
  );

  out.push(`Worst misreads (${report.worst.length})`);
  if (report.worst.length === 0) out.push('  none');
  for (const m of report.worst) {
    const detail = m.differences.length > 0 ? `  [${m.differences.join('; ')}]` : '';
    out.push(`  ${m.file}: ${m.label} → ${m.read}${detail}`);
  }
  return out.join('\n');
}
