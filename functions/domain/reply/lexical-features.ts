/**
 * The words of a reply as features for the lexical model (`lexicon.ts`): lower-case word tokens
 * and adjacent pairs, a word under a negation ("not", "can't", "never" … up to the clause's end)
 * marked `!word`, and `@meeting` when the contact has a meeting booked. One function for training
 * (build time) and reading (the inbound function), so both see the same features. Linear in the text.
 */

/** The first characters of the contact's own words are what the model reads. */
export const MAX_FEATURE_CHARS = 2_000;

const NEGATORS = new Set(['not', 'no', 'never', 'nor', 'cannot', 'unable', 'without', 'nothing', 'neither']);
const CLAUSE_END = /^[.,;:!?()]$|^(?:but|however|though|although)$/;
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)?|[.,;:!?()]/gu;

function negates(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

/** The distinct features of `words` (the contact's own words, normalised). */
export function lexicalFeatures(words: string, hasMeeting: boolean): string[] {
  const features = new Set<string>();
  if (hasMeeting) features.add('@meeting');
  let negated = false;
  let previous = '^';
  for (const match of words.slice(0, MAX_FEATURE_CHARS).toLowerCase().matchAll(TOKEN)) {
    const token = match[0];
    if (CLAUSE_END.test(token)) {
      negated = false;
      previous = '^';
      continue;
    }
    const word = token.replace(/\p{N}+/gu, '#');
    const feature = negated ? `!${word}` : word;
    features.add(feature);
    features.add(`${previous} ${feature}`);
    previous = feature;
    if (negates(word)) negated = true;
  }
  return [...features];
}
