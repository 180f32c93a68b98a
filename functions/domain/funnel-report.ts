/**
 * The funnel report of a campaign or a client, from the counters (`funnel.ts`): the milestone
 * counts, the rates, and the medians read from the day histograms — as JSON and as CSV. Pure.
 *
 * - reply rate = replied / contacted; acceptance rate = accepted / replied (of those who answered,
 *   how many said yes); `null` when the denominator is 0.
 * - A median is read from the buckets, not from exact times: it is the bucket that holds the middle
 *   contact (the lower median for an even count), given as its range of whole days (`to` null for
 *   the open last bucket, 90 days or more).
 */
import {
  bucketCounter,
  COUNTED_SINCE,
  DAY_BUCKETS,
  HISTOGRAMS,
  type Histogram,
  MILESTONES,
  type Milestone,
  milestoneCounter,
} from './funnel.ts';

export interface DayRange {
  /** Whole days, inclusive. */
  from: number;
  /** Whole days, inclusive; `null`: no upper bound. */
  to: number | null;
}

export interface FunnelReport {
  counts: Record<Milestone, number>;
  replyRate: number | null;
  acceptanceRate: number | null;
  medianDaysToReply: DayRange | null;
  medianDaysToMeeting: DayRange | null;
  /** The histograms the medians are read from: one row per bucket. */
  histograms: Record<Histogram, (DayRange & { contacts: number })[]>;
  /** When the first milestone was counted (`null`: nothing counted yet). */
  countedSince: string | null;
  /** How the figures are read (shown with them). */
  note: string;
}

/** The counters of several campaigns added up (a client's funnel); `countedSince` the earliest. */
export function addCounters(items: Record<string, unknown>[]): Record<string, number | string> {
  const sum: Record<string, number | string> = {};
  for (const item of items) {
    for (const [name, value] of Object.entries(item)) {
      if (name === COUNTED_SINCE && typeof value === 'string') {
        const current = sum[COUNTED_SINCE];
        if (typeof current !== 'string' || value < current) sum[COUNTED_SINCE] = value;
      } else if (name.startsWith('funnel.') && typeof value === 'number') {
        sum[name] = Number(sum[name] ?? 0) + value;
      }
    }
  }
  return sum;
}

const rate = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);

function rangeOf(i: number): DayRange {
  const next = DAY_BUCKETS[i + 1];
  return { from: DAY_BUCKETS[i] ?? 0, to: next === undefined ? null : next - 1 };
}

function median(rows: (DayRange & { contacts: number })[]): DayRange | null {
  const n = rows.reduce((sum, r) => sum + r.contacts, 0);
  if (n === 0) return null;
  let seen = 0;
  for (const { contacts, ...range } of rows) {
    seen += contacts;
    if (seen >= Math.ceil(n / 2)) return range;
  }
  return null;
}

export function funnelReport(counters: Record<string, unknown>): FunnelReport {
  const num = (name: string) => {
    const v = Number(counters[name] ?? 0);
    return Number.isFinite(v) ? v : 0;
  };
  const counts = Object.fromEntries(MILESTONES.map((m) => [m, num(milestoneCounter(m))])) as Record<
    Milestone,
    number
  >;
  const histograms = Object.fromEntries(
    HISTOGRAMS.map((h) => [
      h,
      DAY_BUCKETS.map((b, i) => ({ ...rangeOf(i), contacts: num(bucketCounter(h, b)) })),
    ]),
  ) as FunnelReport['histograms'];
  const since = counters[COUNTED_SINCE];
  const countedSince = typeof since === 'string' ? since : null;
  return {
    counts,
    replyRate: rate(counts.replied, counts.contacted),
    acceptanceRate: rate(counts.accepted, counts.replied),
    medianDaysToReply: median(histograms.replyDays),
    medianDaysToMeeting: median(histograms.meetingDays),
    histograms,
    countedSince,
    note:
      (countedSince ? `counted since ${countedSince}` : 'nothing counted yet') +
      '; each contact once per milestone; reply rate = replied/contacted, acceptance rate = accepted/replied;' +
      ' medians are read from day buckets (0–6 by day, 7–9, 10–13, 14–20, 21–29, 30–59, 60–89, 90+), days from the outreach',
  };
}

/** A day range as text: `3`, `7–9`, `90+`; empty for none. */
export function dayRangeText(range: DayRange | null): string {
  if (!range) return '';
  if (range.to === null) return `${range.from}+`;
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

export const FUNNEL_CSV_COLUMNS = [
  'scope',
  'id',
  'name',
  ...MILESTONES,
  'reply_rate',
  'acceptance_rate',
  'median_days_to_reply',
  'median_days_to_meeting',
  'counted_since',
] as const;

export interface FunnelRow {
  scope: 'campaign' | 'client';
  id: string;
  name: string;
  report: FunnelReport;
}

/** One CSV cell: quoted when needed; text a spreadsheet would run as a formula is defused with `'`. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV (RFC 4180, CRLF), with a header line. */
export function funnelCsv(rows: FunnelRow[]): string {
  const lines = [FUNNEL_CSV_COLUMNS.join(',')];
  for (const { scope, id, name, report } of rows) {
    lines.push(
      [
        scope,
        id,
        name,
        ...MILESTONES.map((m) => report.counts[m]),
        report.replyRate,
        report.acceptanceRate,
        dayRangeText(report.medianDaysToReply),
        dayRangeText(report.medianDaysToMeeting),
        report.countedSince,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
