/**
 * Scores per intent from the words of a reply's new text (issue 12): every cue of `intent-cues.ts`
 * found in a clause adds its weight, flipped when negated ("I wouldn't be able to"), dropped or
 * turned into a referral hint when said of someone else ("Dana would be glad to"). A clause before a
 * "but" counts less than the one after it ("I'd love to, but I can't" is a no). Linear: each cue is
 * tried once per clause, clauses are cut from at most {@link MAX_SCORED_CHARS} characters.
 */
import { CONTRAST, type CueIntent, INTENT_CUES, NEGATION_BEFORE } from './intent-cues.ts';

export type IntentScores = Record<CueIntent, number>;

export interface WeighedEvidence {
  scores: IntentScores;
  /** One short line per cue that counted: `accepted +2.5 'happy to'`. */
  reasons: string[];
}

/** The first characters of the new text are what a person answers with; the rest is not scored. */
export const MAX_SCORED_CHARS = 4_000;
/** Weight of a clause followed by a contrast ("…, but"), and of the one after it. */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.25;
/** A cue counts once: the same intent from many clauses adds up, capped here. */
const MAX_SCORE = 8;
/** A cue under "before", "once", "if", "unless", "until" in its clause counts this much. */
const CONDITION_BEFORE = /\b(?:before|once|if|unless|until|when)\b[^,;]*$/i;
const CONDITIONAL = 0.3;

const THIRD_PERSON =
  /\b(?:he|she|they|him|her|them|his|colleague|successor|team|who|manager|boss|director|someone|somebody|person)\b|\b\p{Lu}\p{Ll}+\s+(?:would|will|'d|'ll|is|'s|can|could|may|might|has|should|does)\b/u;
const NAMED_SUBJECT =
  /^\s*(?:and\s+)?\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?\s+(?:would|will|'d|'ll|is|'s|can|could|may|might|has|should|does|said|says|offered|loves|enjoys)\b/u;
const SPEAKER = /\b(?:i|i'm|i'd|i'll|i've|me|my|we|we'd|we'll|we're|us)\b/i;

/** A clause of the text with its weight. */
export interface Clause {
  text: string;
  weight: number;
}

/** Sentences (at . ! ? and line breaks), each cut at a contrast word into weighted clauses. */
export function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  const sentences = text
    .slice(0, MAX_SCORED_CHARS)
    .split(/(?<=[!?])\s+|(?<=\.)\s+(?=\S)|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const sentence of sentences) {
    const parts = splitAtContrast(sentence);
    parts.forEach((part, i) => {
      const weight = parts.length === 1 ? 1 : i === parts.length - 1 ? AFTER_CONTRAST : BEFORE_CONTRAST;
      clauses.push({ text: part, weight });
    });
  }
  return clauses;
}

function splitAtContrast(sentence: string): string[] {
  const parts: string[] = [];
  let rest = sentence;
  for (let i = 0; i < 3; i++) {
    const match = CONTRAST.exec(rest);
    if (!match || match.index === 0) break;
    parts.push(rest.slice(0, match.index));
    rest = rest.slice(match.index);
  }
  parts.push(rest);
  return parts.filter((p) => p.trim() !== '');
}

/** The speaker's subject before a cue: 'speaker', 'other' (a third person, "you") or 'none'. */
function subjectBefore(textBefore: string): 'speaker' | 'other' | 'none' {
  // "Dana would be glad to …": a name opening the clause, then a verb.
  if (NAMED_SUBJECT.test(textBefore)) return 'other';
  // "… and is happy to help": a third person's verb ("I am", never "I is").
  if (
    /\b(?:is|was|has|has been)\s+(?:\w+ly\s+)?$/i.test(textBefore) &&
    !/\b(?:it|this|that)\s+is\s+$/i.test(textBefore)
  )
    return 'other';
  const words = textBefore.slice(-60);
  const lastSpeaker = lastIndex(words, SPEAKER);
  const lastOther = lastIndex(words, THIRD_PERSON);
  const lastYou = lastIndex(words, /\byou(?:'d|'re|'ll)?\b/i);
  const other = Math.max(lastOther, lastYou);
  if (lastSpeaker < 0 && other < 0) return 'none';
  return lastSpeaker >= other ? 'speaker' : 'other';
}

function lastIndex(text: string, pattern: RegExp): number {
  const global = new RegExp(
    pattern.source,
    pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
  );
  let last = -1;
  for (const m of text.matchAll(global)) last = m.index;
  return last;
}

/** Scores per intent for `text` (the contact's own words). */
export function weighIntent(text: string): WeighedEvidence {
  const scores: IntentScores = { accepted: 0, declined: 0, reschedule: 0, other: 0, referral: 0 };
  const reasons: string[] = [];
  const add = (intent: CueIntent, weight: number, why: string) => {
    scores[intent] = Math.min(MAX_SCORE, scores[intent] + weight);
    reasons.push(`${intent} +${Number(weight.toFixed(2))} '${why}'`);
  };
  for (const clause of clausesOf(text)) {
    for (const cue of INTENT_CUES) {
      const match = cue.pattern.exec(clause.text);
      if (!match) continue;
      const before = clause.text.slice(0, match.index);
      const phrase = match[0].trim();
      if (
        NEGATION_BEFORE.test(before) &&
        !/^(?:no |not |n't|unable|can'?t|cannot|won'?t|couldn'?t)/i.test(phrase)
      ) {
        if (cue.negated) add(cue.negated.intent, cue.negated.weight * clause.weight, `not … ${phrase}`);
        continue;
      }
      // "Before we set something up, …", "if you send your CV first …": a condition, not an answer.
      const weight = CONDITION_BEFORE.test(before) ? CONDITIONAL : clause.weight;
      if (cue.speakerOnly && subjectBefore(before) === 'other') {
        add('referral', 1 * clause.weight, `someone else: ${phrase}`);
        continue;
      }
      add(cue.intent, cue.weight * weight, phrase);
    }
  }
  return { scores, reasons };
}
