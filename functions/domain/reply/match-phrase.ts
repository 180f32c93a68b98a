import type { Phrase } from './phrases.ts';

const compiled = new Map<string, RegExp>();

/** A string phrase as a case-insensitive whole-word pattern (letters in any script count as word). */
export function patternOf(phrase: Phrase): RegExp {
  if (typeof phrase !== 'string') return phrase;
  let pattern = compiled.get(phrase);
  if (!pattern) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
    compiled.set(phrase, pattern);
  }
  return pattern;
}

/** Straight apostrophes and single spaces, so lists need not spell every typographic variant. */
export function normalizeForMatching(text: string): string {
  return text.replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[ \t\u00A0]+/g, ' ');
}

/** The text of the first phrase of `phrases` found in `text` (list order), or undefined. */
export function findPhrase(text: string, phrases: readonly Phrase[]): string | undefined {
  for (const phrase of phrases) {
    const match = patternOf(phrase).exec(text);
    if (match) return match[0];
  }
  return undefined;
}
