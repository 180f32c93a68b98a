/**
 * Whether a matched message counts as the contact's reply, or is held for a person to look at.
 * Anyone on the internet can write to a `reply+token` address, so a reply needs:
 * - a sender that is the contact — the same address, or another address at the contact's own
 *   domain (a colleague, an assistant, a second mailbox: accepted, but flagged on the timeline).
 *   Free-mail domains do not count as "the contact's domain" (anyone can have an address there),
 *   and the client's own address never counts, even when it shares the contact's domain;
 * - some text: new text (quoted history and signature removed) with at least one letter or digit,
 *   of which at most `MAX_UNREADABLE_SHARE` is control characters or undecodable bytes (U+FFFD).
 * Pure: the use case passes the addresses and the new text it read.
 */
import { normaliseEmail } from '../email.ts';

export type HoldReason = 'no_sender' | 'sent_by_client' | 'not_the_contact' | 'no_text';

export type ReplyCheck =
  /** The contact's reply. `sentFrom` is set when it came from another address at the contact's domain. */
  { held: false; sentFrom?: string } | { held: true; reason: HoldReason; detail: string };

/** Above this share of control characters and U+FFFD, the "text" is binary, not something a person wrote. */
export const MAX_UNREADABLE_SHARE = 0.1;

/**
 * Domains where anyone can open a mailbox: the same domain proves nothing there. Not exhaustive —
 * the big consumer providers; a message from an address not listed still needs the contact's domain.
 */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'qq.com',
  '163.com',
]);

export function checkReply(input: {
  /** The From address of the message ('' when it has none). */
  from: string;
  contactEmail: string;
  clientEmail?: string;
  /** The new text the reply reader found. */
  newText: string;
}): ReplyCheck {
  const from = normalisedOrUndefined(input.from);
  if (!from) return { held: true, reason: 'no_sender', detail: 'no usable From address' };
  const contact = normalisedOrUndefined(input.contactEmail);
  const client = input.clientEmail ? normalisedOrUndefined(input.clientEmail) : undefined;
  if (client && sameAddress(from, client)) {
    return { held: true, reason: 'sent_by_client', detail: "sent from the client's own address" };
  }
  let sentFrom: string | undefined;
  if (!contact || !sameAddress(from, contact)) {
    const domain = domainOf(from);
    if (!contact || domain !== domainOf(contact) || PUBLIC_MAIL_DOMAINS.has(domain)) {
      return {
        held: true,
        reason: 'not_the_contact',
        detail: "sent from an address that is neither the contact's nor at the contact's domain",
      };
    }
    sentFrom = from;
  }
  if (!hasReadableText(input.newText)) {
    return { held: true, reason: 'no_text', detail: 'no readable new text' };
  }
  return sentFrom ? { held: false, sentFrom } : { held: false };
}

/** Some text a person could have written: a letter or digit, and not mostly binary. */
export function hasReadableText(text: string): boolean {
  let meaningful = 0;
  let unreadable = 0;
  let wordish = false;
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code === 0x09 || code === 0x0a || code === 0x0d || code === 0x20) continue;
    meaningful++;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfffd) unreadable++;
    else if (!wordish && /[\p{L}\p{N}]/u.test(char)) wordish = true;
  }
  return wordish && unreadable <= meaningful * MAX_UNREADABLE_SHARE;
}

function normalisedOrUndefined(address: string): string | undefined {
  try {
    return normaliseEmail(address);
  } catch {
    return undefined;
  }
}

/** Addresses compare case-insensitively: mail providers do, whatever the RFC allows. */
function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
