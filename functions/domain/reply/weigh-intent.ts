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
const CONDITION_BEFORE = /\b(?:before|once|if|unless|until|when)\b(?:(?! - )[^,;\u2013\u2014])*$/i;
/** "Would you mind if we …", "is it OK if we …": a polite request, not a condition. */
const POLITE_IF = /\b(?:mind(?: \w+)?|ok|okay|alright|all right|fine|possible) if\b[^,;]*$/i;
const CONDITIONAL = 0.3;

/** Capitalised words that are a day or a time, not a person: "Tuesday is out", "Friday would work". */
const NOT_A_PERSON =
  '(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\\b|(?:January|February|March|April|May|June|July|August|September|October|November|December|Today|Tomorrow|Tonight|Next|This|That|It|Which|What|Either|Both|Any)\\b)';
/** Someone else: a pronoun or a role in any case ("She'd be happy to"), or a name then a verb. */
const THIRD_PERSON_WORD =
  /\b(?:he|she|they|him|her|them|his|colleague|successor|team|who|manager|boss|director|someone|somebody|person)\b/i;
const NAME_THEN_VERB = new RegExp(
  `\\b${NOT_A_PERSON}\\p{Lu}\\p{Ll}+\\s+(?:would|will|'d|'ll|is|'s|can|could|may|might|has|should|does)\\b`,
  'u',
);
const NAMED_SUBJECT = new RegExp(
  `^\\s*(?:(?:and|but|so|though|then)\\s+)?${NOT_A_PERSON}\\p{Lu}\\p{Ll}+(?:\\s+\\p{Lu}\\p{Ll}+)?\\s+(?:would|will|'d|'ll|is|'s|can|could|may|might|has|should|does|said|says|offered|loves|enjoys)\\b`,
  'u',
);
const SPEAKER = /\b(?:i|i'm|i'd|i'll|i've|me|my|we|we'd|we'll|we're|us)\b/i;

/** Sentences of the scored text (at . ! ? and line breaks). */
function sentencesOf(text: string): string[] {
  return text
    .slice(0, MAX_SCORED_CHARS)
    .split(/(?<=[!?])\s+|(?<=\.)\s+(?=\S)|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const OPENING_CONTRAST = new RegExp(`^\\s*${CONTRAST.source}`, 'i');
/** A concession opening a sentence, up to its comma: "Although I'd love to, …", "Much as I'd like to, …". */
const CONCESSION = /^\s*(?:although|though|even though|much as|as much as|while|whilst)\b[^,;]*[,;]/i;

function splitAtContrast(sentence: string): string[] {
  const parts: string[] = [];
  const conceded = CONCESSION.exec(sentence)?.[0];
  if (conceded) parts.push(conceded);
  let rest = conceded ? sentence.slice(conceded.length) : sentence;
  for (let i = 0; i < 3; i++) {
    // A contrast word opening the clause ("Unfortunately Tuesday is out, but …") is no cut: look past it.
    const opening = OPENING_CONTRAST.exec(rest)?.[0].length ?? 0;
    const match = CONTRAST.exec(rest.slice(opening));
    if (!match) break;
    parts.push(rest.slice(0, opening + match.index));
    rest = rest.slice(opening + match.index);
  }
  parts.push(rest);
  return parts.filter((p) => p.trim() !== '');
}

/** The speaker's subject before a cue: 'speaker', 'other' (a third person, "you") or 'none'. */
function subjectBefore(textBefore: string, phrase = ''): 'speaker' | 'other' | 'none' {
  // "Dana would be glad to …", "Siobhan would be perfect": a name opening the clause, then a verb.
  if (NAMED_SUBJECT.test(textBefore) || NAMED_SUBJECT.test(`${textBefore}${phrase}`)) return 'other';
  // "… and is happy to help": a third person's verb ("I am", never "I is").
  if (
    /\b(?:is|was|has|has been)\s+(?:\w+ly\s+)?$/i.test(textBefore) &&
    !/\b(?:it|this|that)\s+is\s+$/i.test(textBefore)
  )
    return 'other';
  const words = textBefore.slice(-60);
  const lastSpeaker = lastIndex(words, SPEAKER);
  const lastOther = Math.max(lastIndex(words, THIRD_PERSON_WORD), lastIndex(words, NAME_THEN_VERB));
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

/** One cue found in a clause: its intent and weight before the clause's own weight. */
interface Hit {
  intent: CueIntent;
  weight: number;
  why: string;
}

/** The cues of one clause: negation flips them, a condition weakens them, a third person makes them a referral hint. */
function hitsOf(clause: string): Hit[] {
  const hits: Hit[] = [];
  for (const cue of INTENT_CUES) {
    const match = cue.pattern.exec(clause);
    if (!match) continue;
    const before = clause.slice(0, match.index);
    const phrase = match[0].trim();
    if (
      NEGATION_BEFORE.test(before) &&
      !/^(?:no |not |n't|unable|can'?t|cannot|won'?t|couldn'?t)/i.test(phrase)
    ) {
      if (cue.negated) {
        hits.push({ ...cue.negated, why: `not … ${phrase}` });
        continue;
      }
      // A refusal's own negation ("I wouldn't be much help", "not really in a position") keeps it a refusal.
      if (cue.intent !== 'declined') continue;
    }
    // "Before we set something up, …", "if you send your CV first …": a condition, not an answer.
    const weight = CONDITION_BEFORE.test(before) && !POLITE_IF.test(before) ? CONDITIONAL : 1;
    if (cue.speakerOnly && subjectBefore(before, phrase) === 'other') {
      hits.push({ intent: 'referral', weight: 1, why: `someone else: ${phrase}` });
      continue;
    }
    hits.push({ intent: cue.intent, weight: cue.weight * weight, why: phrase });
  }
  return hits;
}

/**
 * The weight of each clause of a sentence. A contrast counts when it turns the answer: a clause
 * followed by one saying something else ("I'd love to, but I can't") counts less, the turn more;
 * a yes before a contrast always counts less. A contrast that only adds to a no ("I'll pass, but
 * feel free to write again") leaves every clause its full weight.
 */
function contrastWeights(hits: Hit[][]): number[] {
  const answers = hits.map((h) => new Set(h.filter((x) => x.intent !== 'other').map((x) => x.intent)));
  // A yes before "but" is turned by the "but" itself ("I'd love to, but …" is a no however it goes on).
  const turned = answers.map(
    (mine, i) =>
      i < answers.length - 1 &&
      mine.size > 0 &&
      ((mine.size === 1 && mine.has('accepted')) ||
        answers.slice(i + 1).some((later) => [...later].some((intent) => !mine.has(intent)))),
  );
  return hits.map((_, i) =>
    turned[i] ? BEFORE_CONTRAST : turned.slice(0, i).some(Boolean) ? AFTER_CONTRAST : 1,
  );
}

/** Scores per intent for `text` (the contact's own words). */
export function weighIntent(text: string): WeighedEvidence {
  const scores: IntentScores = { accepted: 0, declined: 0, reschedule: 0, other: 0, referral: 0 };
  const reasons: string[] = [];
  for (const sentence of sentencesOf(text)) {
    const hits = splitAtContrast(sentence).map(hitsOf);
    const weights = contrastWeights(hits);
    hits.forEach((clauseHits, i) => {
      for (const hit of clauseHits) {
        const weight = hit.weight * (weights[i] ?? 1);
        scores[hit.intent] = Math.min(MAX_SCORE, scores[hit.intent] + weight);
        reasons.push(`${hit.intent} +${Number(weight.toFixed(2))} '${hit.why}'`);
      }
    });
  }
  return { scores, reasons };
}
