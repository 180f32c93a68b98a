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
  /** Someone else's addresses with neither a cue nor a name: maybe a referral, the words decide. */
  uncued: Referral[];
}

/** The sender pointing at their own other address. */
const REACH_ME =
  /\b(?:reach me|email me|write to me|contact me|my (?:personal|other|new|private) (?:e-?mail|address))\b/i;

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
  'ms',
  'mr',
  'mrs',
  'dr',
  'prof',
  'he',
  "he's",
  'she',
  "she's",
  'they',
  "they're",
  'him',
  'her',
  'them',
]);

/** Referrals in `text`, excluding `ownAddresses` (the sender's, ours); first mention first. */
export function findReferrals(
  text: string,
  ownAddresses: readonly string[],
  options: { cueAnywhere?: boolean; senderName?: string } = {},
): FoundReferrals {
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const senderWords = (options.senderName ?? '')
    .toLowerCase()
    .split(/[\s,"']+/)
    .filter((w) => w.length >= 3);
  // The sender's other mailbox ("reach me at priya@gmail…") is not someone else; a namesake is
  // ("the Noel you want is noel.byers@…" from Noel Byrne): every word of the address must be the sender's.
  const isSender = (email: string) => {
    const pieces = (email.split('@')[0] ?? '').split(/[._-]+/).filter((p) => /\p{L}{3}/u.test(p));
    return (
      pieces.some((p) => senderWords.some((w) => p.includes(w))) &&
      pieces.every((p) => senderWords.some((w) => p.includes(w) || w.startsWith(p)))
    );
  };
  const anywhere = options.cueAnywhere ? findPhrase(text, REFERRAL_CUES) : undefined;
  const referrals: Referral[] = [];
  const cues: string[] = [];
  const uncued: Referral[] = [];
  let previous = '';
  for (const paragraph of text.split(/\n\s*\n/)) {
    const candidates = addressesIn(paragraph).filter(
      (r) => !own.has(r.email) && !isSender(r.email) && !REACH_ME.test(paragraph),
    );
    // A name-and-address block is often set apart from the sentence that introduces it ("… talk to:").
    const cue =
      candidates.length > 0
        ? (findPhrase(paragraph, REFERRAL_CUES) ?? findPhrase(previous, REFERRAL_CUES) ?? anywhere)
        : undefined;
    previous = paragraph;
    // A name-and-address block is introduction enough: a person set out for us to write to.
    // So is a person named with their address: "Kit Ashby (kit.ashby@…) is who you want".
    const named = candidates.filter((c) => c.block || c.name);
    if (!cue && named.length === 0) {
      for (const { block: _block, ...candidate } of candidates)
        if (!uncued.some((u) => u.email === candidate.email)) uncued.push(candidate);
      continue;
    }
    cues.push(cue ?? (named.some((c) => c.block) ? 'name and address block' : 'name and address'));
    for (const { block: _block, ...candidate } of cue ? candidates : named) {
      if (!referrals.some((r) => r.email === candidate.email)) referrals.push(candidate);
    }
  }
  return { referrals, cues, uncued: uncued.filter((u) => !referrals.some((r) => r.email === u.email)) };
}

function addressesIn(paragraph: string): (Referral & { block?: true })[] {
  return [...paragraph.matchAll(EMAIL)].map((match) => {
    const email = match[0].toLowerCase();
    const lineStart = paragraph.lastIndexOf('\n', match.index - 1) + 1;
    const inline = nameBefore(paragraph.slice(Math.max(lineStart, match.index - NAME_REACH), match.index));
    const block = inline ? undefined : nameInBlock(paragraph.slice(0, lineStart), email);
    const name = inline ?? block ?? nameFromAddress(paragraph, email);
    if (block) return { email, name: block, block: true };
    return name ? { email, name } : { email };
  });
}

/** Honorifics dropped before a name ("Ms. Neha Joshi" → "Neha Joshi"). */
const HONORIFIC = /^(?:mr|mrs|ms|miss|dr|prof|herr|frau|m|mme|sr|sra)\.?\s+/i;
/** A line that is only a name: two or three capitalised words, an honorific allowed. */
const NAME_LINE =
  /^\s*(?:[-•*]\s*)?(?:name\s*:\s*)?((?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau)\.?\s+)?\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){1,2})\s*,?\s*$/u;

/** A name-and-address block: the name on a line of its own above the address. */
function nameInBlock(linesAbove: string, email: string): string | undefined {
  const lines = linesAbove
    .split('\n')
    .slice(-4)
    .map((l) => l.replace(/^\s*name\s*:\s*/i, ''));
  const local = email.split('@')[0] ?? '';
  for (const line of lines) {
    const name = NAME_LINE.exec(line)?.[1]?.replace(HONORIFIC, '');
    if (name && sharesAWord(name, local)) return name;
  }
  return undefined;
}

/** A capitalised word of the paragraph that is also a part of the address ("Gina" for gina.lopez@…). */
function nameFromAddress(paragraph: string, email: string): string | undefined {
  const parts = (email.split('@')[0] ?? '').split(/[._-]+/).filter((p) => p.length >= 2);
  for (const word of paragraph.matchAll(/\b\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)?\b/gu)) {
    const words = word[0].split(/\s+/);
    if (!parts.includes((words[0] ?? '').toLowerCase())) continue;
    const second = words[1];
    return second && parts.includes(second.toLowerCase()) ? word[0] : words[0];
  }
  return undefined;
}

function sharesAWord(name: string, localPart: string): boolean {
  const parts = localPart.toLowerCase().split(/[._-]+/);
  return name
    .toLowerCase()
    .split(/\s+/)
    .some((w) => parts.includes(w) || (w.length >= 3 && localPart.toLowerCase().includes(w)));
}

/** Someone in Cc, with the display name their mail client gave them. */
export interface CopiedPerson {
  address: string;
  name?: string;
}

/** Words that introduce a person copied in: "looping in Dana", "Mei (cc'd)", "meet Ryan". */
const INTRODUCES =
  /\b(?:cc'?d?|cc'?ing|copied|copying|on copy|in copy|loop(?:ing|ed)? in|adding|added|introduc\w*|meet|over to you|better (?:person|placed)|best (?:person|placed)|right person|the one you want|is the one|much closer|offered to|would be glad|would be happy|heads?|leads?|runs|ran|made a (?:very )?similar|take this|take it from here|speak to|talk to)\b/i;
/** Words that copy a person for another reason: an assistant keeping the thread. */
const COPIES_FOR_RECORD =
  /\b(?:assistant|ea\b|pa\b|so (?:he|she|they) (?:has|have|can|is|are)|has the thread|for visibility|fyi|for (?:his|her|their) (?:records|info)|keep(?:ing)? (?:him|her|them) in the loop|manages my|my (?:diary|calendar|schedule)|diary|scheduling|to (?:arrange|schedule|book|set up) (?:a|the|our) (?:time|call|meeting|chat))\b/i;

/** People in Cc that the new text introduces: mentioned by name next to an introduction. */
export function findCopiedReferrals(
  text: string,
  copied: readonly CopiedPerson[],
  ownAddresses: readonly string[],
): FoundReferrals {
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
  const referrals: Referral[] = [];
  const cues: string[] = [];
  const sentences = text.split(/(?<=[.!?])\s+|\n+/);
  for (const person of copied) {
    const email = person.address.toLowerCase();
    if (own.has(email) || referrals.some((r) => r.email === email)) continue;
    const names = namesOfPerson(person);
    const mentioned = sentences.filter(
      (s) =>
        names.some((n) => new RegExp(`\\b${escapeRegExp(n)}\\b`, 'i').test(s)) ||
        /\bcc'?d\b|\(cc\)|\bon copy\b/i.test(s),
    );
    // The only person copied, introduced without their name ("I've cc'd a colleague who …").
    const onlyOne = copied.filter((p) => !own.has(p.address.toLowerCase())).length === 1;
    if (mentioned.length === 0 && !(onlyOne && INTRODUCES.test(text))) continue;
    const together = mentioned.length > 0 ? mentioned.join(' ') : text;
    if (COPIES_FOR_RECORD.test(together)) continue;
    const cue = INTRODUCES.exec(together)?.[0];
    if (!cue) continue;
    cues.push(cue);
    referrals.push(person.name ? { email, name: person.name } : { email });
  }
  return { referrals, cues, uncued: [] };
}

function namesOfPerson(person: CopiedPerson): string[] {
  const fromName = (person.name ?? '').split(/\s+/).filter((w) => w.length >= 2);
  const fromAddress = (person.address.split('@')[0] ?? '').split(/[._-]+/).filter((w) => w.length >= 3);
  return [...new Set([...fromName, ...fromAddress])];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function nameBefore(textBefore: string): string | undefined {
  const words = NAME_BEFORE_ADDRESS.exec(textBefore)?.[1]?.split(/\s+/) ?? [];
  while (words.length > 0 && NOT_NAME_WORDS.has((words[0] ?? '').toLowerCase().replace(/\.$/, '')))
    words.shift();
  return words.length > 0 ? words.join(' ') : undefined;
}
