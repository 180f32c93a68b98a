/**
 * The reply reader's second opinion (issue 12): a softmax regression over the words of a reply
 * (`lexical-features.ts`), learned at build time from the dev set (`npm run build:reply-lexicon`).
 * It never decides alone: `second-opinion.ts` weighs its probabilities with the rules' points.
 * Linear in the text: one lookup per feature.
 */
import { lexicalFeatures } from './lexical-features.ts';

/**
 * The intents the model tells apart. Rules read absences, reports and RSVPs first, and decide every
 * unsubscribe; the model's `unsubscribe` only sends a reading to a person.
 */
export const LEXICAL_INTENTS = [
  'accepted',
  'declined',
  'referral',
  'reschedule',
  'other',
  'unsubscribe',
] as const;
export type LexicalIntent = (typeof LEXICAL_INTENTS)[number];

export interface LexiconModel {
  bias: readonly number[];
  weights: ReadonlyMap<string, readonly number[]>;
}

export type LexicalOdds = Record<LexicalIntent, number>;

/** The model's reading: probabilities, and the share of the reply's features it has seen before. */
export interface LexicalReading {
  odds: LexicalOdds;
  /** 0–1: words the model never saw (another language, a rare turn of phrase) make its opinion weak. */
  known: number;
}

/** Probabilities per intent for the contact's own words. With a meeting booked a yes is `other`; without, no `reschedule`. */
export function lexicalReading(model: LexiconModel, words: string, hasMeeting: boolean): LexicalReading {
  const features = lexicalFeatures(words, hasMeeting).filter((f) => f !== '@meeting');
  const found = features
    .map((f) => model.weights.get(f))
    .filter((w): w is readonly number[] => w !== undefined);
  const known = features.length === 0 ? 0 : found.length / features.length;
  const meeting = hasMeeting ? model.weights.get('@meeting') : undefined;
  if (meeting) found.push(meeting);
  const scale = 1 / Math.sqrt(Math.max(1, found.length));
  const p = softmax(
    LEXICAL_INTENTS.map((_, c) => (model.bias[c] ?? 0) + scale * sum(found.map((w) => w[c] ?? 0))),
  );
  const odds = Object.fromEntries(LEXICAL_INTENTS.map((intent, c) => [intent, p[c] ?? 0])) as LexicalOdds;
  if (hasMeeting) {
    odds.other += odds.accepted;
    odds.accepted = 0;
  } else {
    odds.other += odds.reschedule;
    odds.reschedule = 0;
  }
  return { odds, known };
}

/** Probabilities from scores (shifted by the largest, so no exponent overflows). */
export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const e = scores.map((v) => Math.exp(v - max));
  const total = sum(e);
  return e.map((v) => v / total);
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
