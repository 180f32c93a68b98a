/**
 * The rules' evidence weighed with the lexical model's reading (issue 12). The rules read what
 * they know precisely (negation, who the subject is, dates, referrals) and give each intent points;
 * the model has seen how people word answers the rules have no cue for and gives each intent a
 * probability. Each intent's weight is the rules' points times {@link RULE_WEIGHT} plus the log of the
 * model's probability times {@link MODEL_WEIGHT} — less when the model knows few of the reply's words
 * (another language, a rare turn of phrase). The intent is the heaviest; the confidence is its share
 * of all, surer when the rules' best and the model's best are that same intent. The model never
 * makes a referral (that needs an address the rules found) nor an unsubscribe; when its words look
 * like a request to stop that the rules did not find, the reading waits for a person.
 *
 * The weights were chosen on dev rounds 13–14 (160 replies the reader had not been changed for) and
 * checked on round 15; see test/fixtures/replies/dev/README.md.
 */
import type { ReplyIntent } from '../types.ts';
import { type LexicalReading, softmax } from './lexicon.ts';

/** Per rules' point. */
const RULE_WEIGHT = 0.6;
/** Per unit of the model's log-probability, when it knows at least {@link KNOWN_ENOUGH} of the features. */
const MODEL_WEIGHT = 0.7;
const KNOWN_ENOUGH = 0.5;
/** The model's probabilities are floored here, so that it can outweigh, never veto. */
const FLOOR = 0.001;
/** Confidence added when the rules' best, the model's best and the reading are one intent. */
const AGREEMENT = 0.1;
/** No reading of words is certain. */
const MOST_CONFIDENT = 0.97;
/** Shift from the share to the confidence scale (a share of 0.55 is the default threshold 0.6). */
const CALIBRATION = 0.05;

/**
 * From this probability of a request to stop (which the rules did not find), the reading waits for
 * a person: on dev rounds 13–15 the model learned from rounds 1–12 gave 17 of their 18 requests at
 * least this, and none of their 201 other replies.
 */
const ASKS_TO_STOP = 0.3;
/** The confidence such a reading gets at most: below the default review threshold. */
const DOUBTED = 0.5;

export interface RuleCandidate {
  intent: ReplyIntent;
  score: number;
}

export interface WeighedReading {
  intent: ReplyIntent;
  confidence: number;
  /** The model's part, for the reading's reasons. */
  reason: string;
  /** For the person who checks a doubtful reading: what the two readers disagree on. */
  doubt?: string;
}

/**
 * `candidates`: the intents the rules allow for this reply with their points (best first);
 * `referral` is only a candidate when the rules found a person to refer to (`canRefer`).
 */
export function weighWithModel(
  candidates: readonly RuleCandidate[],
  model: LexicalReading,
  canRefer: boolean,
): WeighedReading {
  const allowed = candidates.filter((c) => canRefer || c.intent !== 'referral');
  const modelWeight = MODEL_WEIGHT * Math.min(1, model.known / KNOWN_ENOUGH);
  const odds = model.odds as Partial<Record<ReplyIntent, number>>;
  const weights = allowed.map(
    (c) => RULE_WEIGHT * c.score + modelWeight * Math.log(Math.max(FLOOR, odds[c.intent] ?? 0)),
  );
  const shares = softmax(weights);
  const best = shares.indexOf(Math.max(...shares));
  const intent = allowed[best]?.intent ?? 'other';
  const [modelBest, p] = bestOf(model.odds);
  const rulesBest = candidates[0]?.intent;
  const agree =
    intent === rulesBest && intent === modelBest ? AGREEMENT * Math.min(1, model.known / KNOWN_ENOUGH) : 0;
  const confidence = Math.min(MOST_CONFIDENT, (shares[best] ?? 0) + CALIBRATION + agree);
  const reason = `words: ${modelBest} ${Math.round(p * 100)} % (${Math.round(model.known * 100)} % known)`;
  // The rules found no request to stop, the words may be one: a person decides (never stopped on a guess).
  if (model.odds.unsubscribe >= ASKS_TO_STOP)
    return {
      intent,
      confidence: Math.min(confidence, DOUBTED),
      reason: `${reason}; may ask to stop (${Math.round(model.odds.unsubscribe * 100)} %)`,
      doubt: 'The words may ask to stop emails: if they do, correct the reading to unsubscribe.',
    };
  if (modelBest !== intent && p >= 0.5 && model.known >= KNOWN_ENOUGH)
    return {
      intent,
      confidence,
      reason,
      doubt: `Its cues read ${words(intent)}; its wording reads more like ${words(modelBest)}.`,
    };
  return { intent, confidence, reason };
}

const WORDS: Record<string, string> = {
  accepted: 'a yes',
  declined: 'a no',
  referral: 'a referral',
  reschedule: 'a request to move the meeting',
  other: 'no answer',
  unsubscribe: 'a request to stop emails',
  out_of_office: 'an absence',
};
const words = (intent: string) => WORDS[intent] ?? intent;

function bestOf(odds: LexicalReading['odds']): [string, number] {
  let best: keyof typeof odds = 'other';
  for (const intent of Object.keys(odds) as (keyof typeof odds)[])
    if (odds[intent] > odds[best]) best = intent;
  return [best, odds[best]];
}
