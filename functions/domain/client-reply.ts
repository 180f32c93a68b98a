/**
 * The client in the loop, by email (issue 15): the client's reply addresses and what their replies
 * say. Pure: the token's random bytes come from the caller, the text from the inbound message.
 *
 * A reminder that asks the client for something (the personal line of a thank-you, the update of a
 * keep-in-touch email) carries a Reply-To `client+<token>@<inbound domain>`; the token maps to the
 * client, the contacts the reminder is about, what it asks and until when (`ClientReplyToken`).
 */

import { MAX_UPDATE_LENGTH } from './lifecycle/keep-in-touch.ts';
import { MAX_PERSONAL_LINE_LENGTH } from './lifecycle/meetings.ts';
import { withoutSignOff } from './reply/sign-off.ts';
import { unsafeCharacter } from './safe-text.ts';

/** What a reminder asks the client for. */
export type ClientAsk = 'personal-line' | 'update';

/** The table's record of one client reply address. */
export interface ClientReplyToken {
  token: string;
  clientId: string;
  campaignId: string;
  /** The contacts the reminder is about (an update reminder may list several; one reply serves all). */
  contactIds: string[];
  asks: ClientAsk;
  /** UTC instant after which a reply to it changes nothing. */
  validUntil: string;
}

/** `client+<token>@<domain>` → the token (lower case), else undefined. */
export function clientTokenOf(recipient: string, inboundDomain: string): string | undefined {
  const match = /^client\+([a-z2-7]{1,26})@(.+)$/i.exec(recipient.trim());
  if (!match?.[1] || match[2]?.toLowerCase() !== inboundDomain.toLowerCase()) return undefined;
  return match[1].toLowerCase();
}

/** The first-line answers that hold the thank-you: the meeting moved or did not happen. */
const HOLD_WORDS = new Set(['moved', 'didnt happen', 'did not happen', 'cancelled', 'canceled', 'no show']);

/** What a reply to "How did it go? … add a line, or reply moved / didn't happen" says. */
export type MeetingAnswer =
  | { kind: 'hold'; said: string }
  | { kind: 'line'; line: string }
  | { kind: 'refused'; reason: string };

/** A sentence ends with . ! or ? followed by a space or the end (an ellipsis counts once). */
function sentenceCount(text: string): number {
  return text.split(/(?<=[.!?])["'”’)]*\s+/).filter((s) => /\p{L}/u.test(s)).length;
}

/** The client's new text (quoted history already stripped), without their sign-off. */
function withoutClientSignOff(text: string, clientName: string): string {
  return withoutSignOff(text.replace(/\r\n?/g, '\n'), clientName).trim();
}

/**
 * The client's answer to the "how did it go" reminder. A first line that is exactly one of
 * moved / didn't happen / did not happen / cancelled / no show (any case, punctuation ignored)
 * holds the thank-you; any other text is the personal line: one to three sentences, at most
 * MAX_PERSONAL_LINE_LENGTH characters, no control characters (its line breaks become spaces).
 */
export function readMeetingAnswer(newText: string, clientName: string): MeetingAnswer {
  const text = withoutClientSignOff(newText, clientName);
  const first = (text.split('\n')[0] ?? '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (HOLD_WORDS.has(first)) return { kind: 'hold', said: first };
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  if (line === '') return { kind: 'refused', reason: 'the reply has no new text' };
  const unsafe = unsafeCharacter(line);
  if (unsafe !== undefined) return { kind: 'refused', reason: `the line ${unsafe}` };
  if (line.length > MAX_PERSONAL_LINE_LENGTH) {
    return { kind: 'refused', reason: `the line is over ${MAX_PERSONAL_LINE_LENGTH} characters` };
  }
  const sentences = sentenceCount(line);
  if (sentences > 3)
    return { kind: 'refused', reason: `the line has ${sentences} sentences (three at most)` };
  return { kind: 'line', line };
}

/** The client's update for a keep-in-touch email: paragraphs kept, no control characters. */
export function readUpdate(newText: string, clientName: string): { update: string } | { refused: string } {
  const update = withoutClientSignOff(newText, clientName).replace(/\n{3,}/g, '\n\n');
  if (update === '') return { refused: 'the reply has no new text' };
  const unsafe = unsafeCharacter(update, true);
  if (unsafe !== undefined) return { refused: `the update ${unsafe}` };
  if (update.length > MAX_UPDATE_LENGTH)
    return { refused: `the update is over ${MAX_UPDATE_LENGTH} characters` };
  return { update };
}
