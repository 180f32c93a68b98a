/**
 * The part of a reply the contact actually wrote: quoted history and signature removed.
 *
 * Two passes. Ours cuts at the first line that starts quoted history (Gmail "On … wrote:", Outlook
 * "From: … Sent: …" headers or a rule followed by "From:", "-----Original Message-----", and their
 * de/fr/es forms) and drops '>' lines; email-reply-parser then removes signatures ("--", "Sent from
 * my iPhone", …) and anything quoted that we did not recognise.
 */
import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';

const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original)\s*-{2,}\s*$/i;
const WROTE_LINE =
  /^\s*(?:on|am|le|el)\s.+(?:wrote|schrieb|a écrit|escribió)\s*:?\s*$|^.+\s(?:wrote|schrieb|a écrit|escribió)\s*:\s*$/i;
const HEADER_FROM = /^\s*\*?(?:from|von|de|da)\s?:\*?\s+\S/i;
const HEADER_NEXT =
  /^\s*\*?(?:sent|date|to|subject|cc|gesendet|datum|an|betreff|envoyé|à|objet|enviado|fecha|para|asunto)\s?:/i;
const RULE = /^\s*(?:_{8,}|-{8,}|={8,})\s*$/;
/** How many lines after "From:" may hold the rest of an Outlook header block. */
const HEADER_LOOKAHEAD = 4;

/** Plain text of an HTML body, links without their targets, images dropped, blockquotes as '>'. */
export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

/** The new text of a reply body (plain text), trimmed; '' when nothing new was written. */
export function newTextOf(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept = lines.slice(0, quotedHistoryStart(lines)).filter((line) => !/^\s*>/.test(line));
  const withoutSignature = new EmailReplyParser().parseReply(kept.join('\n'));
  return tidy(withoutSignature);
}

/** Index of the first line of quoted history, or lines.length when there is none. */
export function quotedHistoryStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    if (startsQuotedHistory(lines, i)) return i;
  }
  return lines.length;
}

function startsQuotedHistory(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (ORIGINAL_MESSAGE.test(line) || WROTE_LINE.test(line)) return true;
  // Gmail wraps a long attribution line: "On Mon, … Jordan Lee <…>" / "wrote:".
  if (/^\s*(?:on|am|le|el)\s/i.test(line) && WROTE_LINE.test(`${line} ${lines[i + 1] ?? ''}`)) return true;
  if (RULE.test(line)) return HEADER_FROM.test(nextNonBlank(lines, i + 1) ?? '');
  return (
    HEADER_FROM.test(line) && lines.slice(i + 1, i + 1 + HEADER_LOOKAHEAD).some((l) => HEADER_NEXT.test(l))
  );
}

function nextNonBlank(lines: readonly string[], from: number): string | undefined {
  return lines.slice(from).find((line) => line.trim() !== '');
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
