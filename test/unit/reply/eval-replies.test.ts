import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  checkLabels,
  evaluateDirectory,
  parseArgs,
  readLabelled,
  setDirectory,
} from '../../eval/eval-replies.ts';
import {
  computeMetrics,
  type EvalCase,
  formatReport,
  type ReadFields,
  type ReplyLabel,
} from '../../eval/reply-metrics.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function label(file: string, intent: ReplyLabel['intent'], extra: Partial<ReplyLabel> = {}): ReplyLabel {
  return {
    file,
    intent,
    autoReply: false,
    returnDate: null,
    proposedTimes: [],
    referrals: [],
    contactTimeZone: 'Europe/London',
    receivedAt: '2026-12-01T10:00:00.000Z',
    hasMeeting: false,
    tags: [],
    ...extra,
  };
}

function read(intent: string, extra: Partial<ReadFields> = {}): ReadFields {
  return { intent, autoReply: false, proposedTimes: [], referrals: [], ...extra };
}

/**
 * Six replies: accepted 3 (read accepted, accepted, other), declined 2 (read declined, accepted),
 * reschedule 1 (read other — a label the reader cannot produce).
 */
const tiny: EvalCase[] = [
  {
    label: label('a1', 'accepted', { proposedTimes: ['2026-12-03T14:00:00Z'], tags: ['uk'] }),
    read: read('accepted', { proposedTimes: ['2026-12-03T14:00:00.000Z'] }),
  },
  {
    label: label('a2', 'accepted', { referrals: [{ name: 'Mei', email: 'Mei@x.example' }] }),
    read: read('accepted', { referrals: [{ email: 'mei@x.example' }, { email: 'bob@x.example' }] }),
  },
  { label: label('a3', 'accepted', { tags: ['uk'] }), read: read('other') },
  { label: label('d1', 'declined'), read: read('declined') },
  {
    label: label('d2', 'declined', { autoReply: true, returnDate: '2026-12-14' }),
    read: read('accepted', { proposedTimes: ['2026-12-04T10:00:00Z'] }),
  },
  {
    label: label('r1', 'reschedule', { hasMeeting: true }),
    read: read('other', { returnDate: '2026-12-09' }),
  },
];

describe('reply metrics', () => {
  const report = computeMetrics(tiny);
  const score = (intent: string) => report.perIntent.find((s) => s.intent === intent);

  it('per intent: precision over what was read, recall over what was labelled, F1 their harmonic mean', () => {
    // accepted: 2 right of 3 read (a1, a2 right; d2 wrong), 2 of 3 labelled.
    expect(score('accepted')).toMatchObject({ support: 3, predicted: 3, truePositives: 2 });
    expect(score('accepted')?.precision).toBeCloseTo(2 / 3);
    expect(score('accepted')?.recall).toBeCloseTo(2 / 3);
    expect(score('accepted')?.f1).toBeCloseTo(2 / 3);
    // declined: 1 read, right; 2 labelled.
    expect(score('declined')).toMatchObject({ support: 2, predicted: 1, precision: 1, recall: 0.5 });
    expect(score('declined')?.f1).toBeCloseTo(2 / 3);
    // other: 2 read, neither labelled other: precision 0, recall undefined (no support).
    expect(score('other')).toMatchObject({ support: 0, predicted: 2, precision: 0, recall: null, f1: null });
    // reschedule: never read, so no precision; recall 0.
    expect(score('reschedule')).toMatchObject({ support: 1, predicted: 0, precision: null, recall: 0 });
    expect(score('unsubscribe')).toMatchObject({ support: 0, predicted: 0, precision: null, recall: null });
  });

  it('confusion matrix: rows are labels, columns readings; every row sums to its support', () => {
    expect(report.confusion.accepted).toMatchObject({ accepted: 2, other: 1, declined: 0 });
    expect(report.confusion.declined).toMatchObject({ declined: 1, accepted: 1 });
    expect(report.confusion.reschedule).toMatchObject({ other: 1, reschedule: 0 });
    for (const s of report.perIntent) {
      const row = Object.values(report.confusion[s.intent] ?? {}).reduce((a, b) => a + b, 0);
      expect(row).toBe(s.support);
    }
    expect(report.classes).toEqual([
      'accepted',
      'declined',
      'referral',
      'out_of_office',
      'unsubscribe',
      'reschedule',
      'other',
    ]);
  });

  it('a reading outside the label intents gets its own column', () => {
    const odd = computeMetrics([{ label: label('x', 'other'), read: read('maybe') }]);
    expect(odd.classes.at(-1)).toBe('maybe');
    expect(odd.confusion.other?.maybe).toBe(1);
    expect(odd.perIntent.find((s) => s.intent === 'maybe')).toMatchObject({ predicted: 1, precision: 0 });
  });

  it('accuracies of intent, auto-reply, returnDate, proposedTimes and referrals', () => {
    expect(report.size).toBe(6);
    expect(report.intentAccuracy).toEqual({ correct: 3, total: 6, rate: 0.5 });
    expect(report.autoReplyAccuracy).toEqual({ correct: 5, total: 6, rate: 5 / 6 });
    expect(report.returnDate.accuracy).toEqual({ correct: 0, total: 1, rate: 0 });
    expect(report.returnDate.falsePositives).toEqual({ count: 1, total: 5 });
    // Instants compare whatever their spelling; d2 invented a time.
    expect(report.proposedTimes.exactSet).toEqual({ correct: 5, total: 6, rate: 5 / 6 });
    expect(report.proposedTimes.exactSetWhereProposed).toEqual({ correct: 1, total: 1, rate: 1 });
    expect(report.proposedTimes.falsePositives).toEqual({ count: 1, total: 5 });
    // Emails compared case-insensitively: 1 right of 2 read, 1 of 1 labelled.
    expect(report.referrals).toEqual({ truePositives: 1, labelled: 1, read: 2, precision: 0.5, recall: 1 });
    expect(report.byTag.uk).toEqual({ correct: 1, total: 2, rate: 0.5 });
  });

  it('issue 12 targets: met, missed, or not measurable without needsReview', () => {
    const met = Object.fromEntries(report.targets.map((t) => [t.name, t.met]));
    expect(met).toEqual({
      'intent accuracy': false,
      'declined recall': false,
      'accepted recall': false,
      'unsubscribe precision': true,
      'auto-reply detection': false,
      'needsReview share': null,
      'accuracy among unflagged': null,
    });
    const wrongUnsubscribe = computeMetrics([{ label: label('x', 'other'), read: read('unsubscribe') }]);
    expect(wrongUnsubscribe.targets.find((t) => t.name === 'unsubscribe precision')).toMatchObject({
      value: 0,
      met: false,
    });
  });

  it('needsReview is reported only when the reader returns it', () => {
    expect(report.needsReview).toBeNull();
    const flagged = computeMetrics([
      { label: label('1', 'accepted'), read: read('accepted', { needsReview: false }) },
      { label: label('2', 'declined'), read: read('other', { needsReview: true }) },
      { label: label('3', 'declined'), read: read('accepted', { needsReview: false }) },
      { label: label('4', 'other'), read: read('other', { needsReview: false }) },
    ]);
    expect(flagged.needsReview).toEqual({
      flagged: 1,
      share: 0.25,
      unflaggedAccuracy: { correct: 2, total: 3, rate: 2 / 3 },
    });
    const share = flagged.targets.find((t) => t.name === 'needsReview share');
    expect(share).toMatchObject({ value: 0.25, atMost: true, met: false });
  });

  it('worst misreads: harmful intent errors first, then field errors; correct readings left out', () => {
    expect(report.worst.map((m) => m.file)).toEqual(['d2', 'r1', 'a3', 'a2']);
    // d2: a no read as a yes (90) + auto-reply (20) + returnDate (10) + times (5); r1: a missed reschedule
    // (80) + an invented return date (10); a3: a missed yes (80); a2: a wrong referral (5).
    expect(report.worst[0]).toMatchObject({ label: 'declined', read: 'accepted' });
    expect(report.worst[0]?.differences).toContain('autoReply true → false');
    expect(computeMetrics(tiny, 2).worst).toHaveLength(2);
    const unsubscribed = computeMetrics([
      { label: label('d', 'declined'), read: read('other') },
      { label: label('u', 'accepted'), read: read('unsubscribe') },
    ]);
    expect(unsubscribed.worst[0]?.file).toBe('u');
  });

  it('the text report names the set and size and shows the matrix and misreads', () => {
    const text = formatReport('dev', report);
    expect(text).toContain('dev set: 6 labelled replies');
    expect(text).toMatch(/^reschedule\s+0\s+0\s+0\s+0\s+0\s+0\s+1$/m);
    expect(text).toContain('d2: declined → accepted');
    expect(text).toContain('needsReview:              not returned by the reader');
  });
});

describe('labels and arguments', () => {
  it('refuses a label with an unknown intent, a bad date or a duplicate file', () => {
    const good = label('a.eml', 'accepted');
    expect(checkLabels([good])).toEqual([good]);
    expect(() => checkLabels([{ ...good, intent: 'maybe' }])).toThrow(/intent maybe/);
    expect(() => checkLabels([{ ...good, returnDate: '14/12/2026' }])).toThrow(/returnDate/);
    expect(() => checkLabels([{ ...good, contactTimeZone: 'Mars/Base' }])).toThrow(/time zone/);
    expect(() => checkLabels([good, good])).toThrow(/labelled twice/);
    // A booked meeting's start (an exported correction carries it) is kept; a bad one is left out.
    const booked = { ...good, hasMeeting: true, meetingStart: '2026-12-03T20:00:00.000Z' };
    expect(checkLabels([booked])).toEqual([booked]);
    expect(checkLabels([{ ...booked, meetingStart: 'soon' }])[0]).not.toHaveProperty('meetingStart');
  });

  it('takes --set dev|test (default test) and --json', () => {
    expect(parseArgs([])).toEqual({ set: 'test', json: false });
    expect(parseArgs(['--set', 'dev', '--json'])).toEqual({ set: 'dev', json: true });
    expect(parseArgs(['--set=dev'])).toEqual({ set: 'dev', json: false });
    expect(() => parseArgs(['--set', 'train'])).toThrow(/dev or test/);
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown argument/);
  });
});

describe('the reference instant, as the inbound function takes it', () => {
  const ooo = (date?: string) =>
    Buffer.from(
      [
        'From: Robert King <rking@litware.example>',
        'To: reply+k7f3q9x2m4@in.brightpath-careers.com',
        'Subject: Automatic reply',
        ...(date ? [`Date: ${date}`] : []),
        'Auto-Submitted: auto-replied',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'I am out of the office until Monday and will reply when I return.',
        '',
      ].join('\r\n'),
    );
  const oooLabel = (receivedAt: string) =>
    label('ooo.eml', 'out_of_office', { autoReply: true, receivedAt, contactTimeZone: 'UTC' });

  it("without a Date header, the label's receivedAt (the arrival) is the reference", async () => {
    const week1 = await readLabelled(ooo(), oooLabel('2026-12-01T10:00:00Z'));
    const week2 = await readLabelled(ooo(), oooLabel('2026-12-08T10:00:00Z'));
    expect(week1.returnDate).toBe('2026-12-07');
    expect(week2.returnDate).toBe('2026-12-14');
  });

  it('with one, the Date header is, and a receivedAt on another day is warned about', async () => {
    const warnings: string[] = [];
    const reading = await readLabelled(
      ooo('Tue, 01 Dec 2026 10:00:00 +0000'),
      oooLabel('2026-12-08T10:00:00Z'),
      (w) => warnings.push(w),
    );
    expect(reading.returnDate).toBe('2026-12-07');
    expect(warnings).toEqual([
      'ooo.eml: receivedAt 2026-12-08T10:00:00Z is another day than the Date header 2026-12-01T10:00:00.000Z',
    ]);
    const sameDay: string[] = [];
    await readLabelled(ooo('Tue, 01 Dec 2026 10:00:00 +0000'), oooLabel('2026-12-01T10:00:07Z'), (w) =>
      sameDay.push(w),
    );
    expect(sameDay).toEqual([]);
  });
});

describe('the dev set end to end', () => {
  const labels = JSON.parse(readFileSync(join(setDirectory('dev'), 'labels.json'), 'utf8')) as ReplyLabel[];

  it('reads every dev reply as the inbound function does', async () => {
    const warnings: string[] = [];
    const report = await evaluateDirectory(setDirectory('dev'), 20, (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(report.size).toBe(labels.length);
    expect(report.size).toBeGreaterThanOrEqual(12);
    expect(report.errors).toEqual([]);
    const total = Object.values(report.confusion).flatMap((row) => Object.values(row));
    expect(total.reduce((a, b) => a + b, 0)).toBe(labels.length);
    // Unambiguous ones the reader already reads: an out-of-office with a return date, a DSN.
    expect(report.confusion.out_of_office?.out_of_office).toBeGreaterThanOrEqual(1);
    expect(report.autoReplyAccuracy.total).toBe(labels.length);
    // 500+ replies, each parsed and read: seconds on a shared machine, not the default 5.
  }, 60_000);

  it('npm run eval:replies -- --set dev --json prints the figures', async () => {
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['test/eval/eval-replies.ts', '--set', 'dev', '--json'],
      { cwd: ROOT },
    );
    const figures = JSON.parse(stdout) as { set: string; size: number; perIntent: { intent: string }[] };
    expect(figures.set).toBe('dev');
    expect(figures.size).toBe(labels.length);
    expect(figures.perIntent.map((s) => s.intent)).toContain('reschedule');
  }, 60_000);

  it('an unknown set is refused, exit 2', async () => {
    const run = promisify(execFile)(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['test/eval/eval-replies.ts', '--set', 'nope'],
      {
        cwd: ROOT,
      },
    );
    await expect(run).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
