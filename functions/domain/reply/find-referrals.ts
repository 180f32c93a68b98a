/**
 * People a reply suggests talking to: email addresses in the new text that are neither the
 * sender's nor ours, in a paragraph that also says why ("talk to", "my colleague", "suggest" …).
 */
import { findPhrase } from './match-phrase.ts';
import { REFERRAL_CUES } from './phrases.ts';

export interface Referral {
  email: string;
  name?: string;
}

export interface FoundReferrals {
  referrals: Referral[];
  /** The cue words that made them referrals, one per referral paragraph. */
  cues: string[];
}

/** Starts only where a run of address characters starts, so a long run without '@' is scanned once. */
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?![\w-])/gi;
/** Capitalised words right before the address: "Mei Chen (mei@…)", "Mei Chen <mei@…>", "Mei Chen at mei@…". */
const NAME_BEFORE_ADDRESS =
  /((?:\p{Lu}[\p{L}'’-]*\.?\s+){0,2}\p{Lu}[\p{L}'’-]*)\s*(?:[(<[]|,?\s+(?:at|on|via)\s+|:\s*|-\s*)\s*(?:mailto:)?$/u;
/** How far before an address a name is looked for. */
const NAME_REACH = 60;
/** Capitalised words that start a sentence rather than a name. */
const NOT_NAME_WORDS = new Set([
  'contact',
  'email',
  'e-mail',
  'ask',
  'try',
  'please',
  'my',
  'our',
  'reach',
  'talk',
]);

/** Referrals in `text`, excluding `ownAddresses` (the sender's, ours); first mention first. */
export function findReferrals(text: string, ownAddresses: readonly string[]): FoundReferrals {
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const referrals: Referral[] = [];
  const cues: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const candidates = addressesIn(paragraph).filter((r) => !own.has(r.email));
    const cue = candidates.length > 0 ? findPhrase(paragraph, REFERRAL_CUES) : undefined;
    if (!cue) continue;
    cues.push(cue);
    for (const candidate of candidates) {
      if (!referrals.some((r) => r.email === candidate.email)) referrals.push(candidate);
    }
  }
  return { referrals, cues };
}

function addressesIn(paragraph: string): Referral[] {
  return [...paragraph.matchAll(EMAIL)].map((match) => {
    const email = match[0].toLowerCase();
    const name = nameBefore(paragraph.slice(Math.max(0, match.index - NAME_REACH), match.index));
    return name ? { email, name } : { email };
  });
}

function nameBefore(textBefore: string): string | undefined {
  const words = NAME_BEFORE_ADDRESS.exec(textBefore)?.[1]?.split(/\s+/) ?? [];
  while (words.length > 0 && NOT_NAME_WORDS.has((words[0] ?? '').toLowerCase())) words.shift();
  return words.length > 0 ? words.join(' ') : undefined;
}
