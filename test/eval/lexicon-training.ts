/**
 * Training the reply reader's lexical model (issue 12) from a labelled set: softmax regression over
 * `lexicalFeatures`, deterministic (zero start, full-batch gradient steps, fixed order), so the same
 * set always gives the same weights. Only replies a person wrote are learned from (every
 * LEXICAL_INTENTS class): out-of-office, delivery reports and calendar RSVPs are read by rules
 * before the model is asked.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lexicalFeatures } from '#domain/reply/lexical-features.ts';
import { LEXICAL_INTENTS, type LexicalIntent, softmax } from '#domain/reply/lexicon.ts';
import { ownWordsOf } from '#domain/reply/read-reply.ts';
import { toIncomingReply } from '#usecases/inbound.ts';
import { parseMail } from '#usecases/parse-mail.ts';
import { checkLabels } from './eval-replies.ts';

export interface Example {
  file: string;
  intent: LexicalIntent;
  features: string[];
}

/** The learnable examples of a set directory. */
export async function examplesOf(directory: string): Promise<Example[]> {
  const labels = checkLabels(JSON.parse(await readFile(join(directory, 'labels.json'), 'utf8')));
  const examples: Example[] = [];
  for (const label of labels) {
    if (!(LEXICAL_INTENTS as readonly string[]).includes(label.intent) || label.autoReply) continue;
    const mail = await parseMail(await readFile(join(directory, label.file)));
    const message = toIncomingReply(mail);
    if (message.calendar || /multipart\/report/i.test(message.contentType ?? '')) continue;
    examples.push({
      file: label.file,
      intent: label.intent as LexicalIntent,
      features: lexicalFeatures(ownWordsOf(message), label.hasMeeting),
    });
  }
  return examples;
}

export interface TrainOptions {
  /** Features seen in fewer examples than this are dropped. */
  minCount: number;
  /** L2 penalty. */
  l2: number;
  steps: number;
  rate: number;
  /**
   * Features whose largest weight is below this share of the largest of all are dropped and the
   * model learned again without them: a smaller table in the function, the same readings.
   */
  keepAbove: number;
}

export const TRAIN_OPTIONS: TrainOptions = { minCount: 3, l2: 0.001, steps: 500, rate: 2, keepAbove: 0 };

/** Weights per feature (one per intent, LEXICAL_INTENTS order) and the biases. */
export interface TrainedLexicon {
  bias: number[];
  weights: Map<string, number[]>;
}

export function train(examples: Example[], options: TrainOptions = TRAIN_OPTIONS): TrainedLexicon {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocabulary = [...counts]
    .filter(([, c]) => c >= options.minCount)
    .map(([f]) => f)
    .sort();
  const first = trainOn(examples, vocabulary, options);
  if (options.keepAbove <= 0) return first;
  const largest = (w: readonly number[]) => Math.max(...w.map(Math.abs));
  let top = 0;
  for (const w of first.weights.values()) top = Math.max(top, largest(w));
  const kept = vocabulary.filter((f) => largest(first.weights.get(f) ?? [0]) >= options.keepAbove * top);
  return trainOn(examples, kept, options);
}

function trainOn(examples: Example[], vocabulary: string[], options: TrainOptions): TrainedLexicon {
  const k = LEXICAL_INTENTS.length;
  const index = new Map(vocabulary.map((f, i) => [f, i]));
  const rows = examples.map((e) => {
    const ids = e.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined);
    return { ids, scale: 1 / Math.sqrt(Math.max(1, ids.length)), y: LEXICAL_INTENTS.indexOf(e.intent) };
  });
  const w = new Float64Array(vocabulary.length * k);
  const bias = new Float64Array(k);
  const n = rows.length;
  for (let step = 0; step < options.steps; step++) {
    const gw = new Float64Array(w.length);
    const gb = new Float64Array(k);
    for (const row of rows) {
      const z = Array.from(bias);
      for (const id of row.ids)
        for (let c = 0; c < k; c++) z[c] = (z[c] ?? 0) + (w[id * k + c] ?? 0) * row.scale;
      const p = softmax(z);
      for (let c = 0; c < k; c++) {
        const g = (p[c] ?? 0) - (c === row.y ? 1 : 0);
        gb[c] = (gb[c] ?? 0) + g / n;
        for (const id of row.ids) gw[id * k + c] = (gw[id * k + c] ?? 0) + (g * row.scale) / n;
      }
    }
    for (let i = 0; i < w.length; i++)
      w[i] = (w[i] ?? 0) - options.rate * ((gw[i] ?? 0) + options.l2 * (w[i] ?? 0));
    for (let c = 0; c < k; c++) bias[c] = (bias[c] ?? 0) - options.rate * (gb[c] ?? 0);
  }
  const weights = new Map<string, number[]>();
  for (const [i, f] of vocabulary.entries()) weights.set(f, Array.from(w.subarray(i * k, i * k + k)));
  return { bias: Array.from(bias), weights };
}

/**
 * The model as text, the form `lexicon-table.ts` reads back: `step` and the biases on the first line,
 * then `feature<TAB>w w w w w`, weights as whole multiples of the step, -15 to 15 — coarse enough to
 * pack small (6.8 KB in the function), fine enough to read dev rounds 13–15 as the exact weights did.
 * A feature whose weights all round to 0 is left out.
 */
export function packLexicon(model: TrainedLexicon): string {
  let largest = 0;
  for (const w of model.weights.values()) for (const v of w) largest = Math.max(largest, Math.abs(v));
  const step = largest / 15 || 1;
  const lines = [[step.toPrecision(6), ...model.bias.map((b) => b.toFixed(4))].join(' ')];
  for (const [feature, w] of [...model.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const q = w.map((v) => Math.round(v / step));
    if (q.every((v) => v === 0)) continue;
    lines.push(`${feature}\t${q.join(' ')}`);
  }
  return lines.join('\n');
}
