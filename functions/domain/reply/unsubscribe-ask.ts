/**
 * Whether a reply asks never to be written to again (issue 12: unsubscribe precision is 100 %, so
 * only an ask counts). A phrase of {@link UNSUBSCRIBE_PHRASES} or {@link UNSUBSCRIBE_CUES} is an ask
 * unless, in its own sentence, it is negated ("I don't want to unsubscribe", "this isn't me asking to
 * unsubscribe", "no need to take me off
 * your list") or quoted as a word ("what does 'reply unsubscribe' mean?"). Linear: each pattern is
 * tried on each sentence of the (bounded) new text.
 */
import { UNSUBSCRIBE_CUES } from './intent-cues.ts';
import { patternOf } from './match-phrase.ts';
import { UNSUBSCRIBE_PHRASES } from './phrases.ts';

/** A negation at most four words before the phrase, in the same clause (no comma or dash between). */
const NEGATED =
  /\b(?:not|never|no need to|no reason to|needn'?t|without|[a-z]+n't|(?:do|does|did|is|are|was|were|would|should|could|wo|ca|have|has|had)nt)(?:\s+[\w']+){0,4}\s*$/i;
/**
 * The phrase named rather than meant: in quotes, after "reply", "the word", "the … link", a button
 * pressed ("I nearly hit unsubscribe") or a preposition ("hovering over unsubscribe").
 */
const MENTIONED =
  /(?:^|[\s(])['"\u201C\u2018][^'"\u201C\u201D\u2018\u2019]*$|\b(?:reply|replying|type|typing|the word|say|saying|an?|the|your|that|hit|hitting|click|clicked|clicking|press|pressed|pressing|tap|tapped|use|used|using|over|on|onto|at|about|for|of|with)\s*$/i;

/** How far before a phrase its negation or opening quote is looked for. */
const LOOK_BACK_CHARS = 60;

/** Every phrase and cue, global (each sentence is searched for all their matches). */
const ASKS = [...UNSUBSCRIBE_PHRASES.map(patternOf), ...UNSUBSCRIBE_CUES].map(
  (pattern) => new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
);

/** The words of the first unsubscribe ask in `text` (already normalised for matching), if any. */
export function unsubscribeAsk(text: string): string | undefined {
  for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
    for (const pattern of ASKS) {
      for (const match of sentence.matchAll(pattern)) {
        // A negation or an opening quote stands a few words before the phrase: look no further back (linear).
        const before = sentence.slice(Math.max(0, match.index - LOOK_BACK_CHARS), match.index);
        if (!NEGATED.test(before) && !MENTIONED.test(before)) return match[0];
      }
    }
  }
  return undefined;
}
