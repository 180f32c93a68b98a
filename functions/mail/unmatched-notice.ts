/**
 * The notice telling the operations address that a reply matched no contact (issue 13 item 3):
 * plain text, the original quoted below it. The original is a stranger's text: it is quoted, never
 * rendered — every line behind "> ", control and bidi characters replaced, capped — and its subject
 * goes into ours only on one line without them (the MIME builder encodes the rest).
 */
import { replaceUnsafe } from '#domain/safe-text.ts';

/** What the notice says about the message. */
export interface UnmatchedMessage {
  /** The review queue's id of the message (`unmatched.<replyKey>`): what attaching it names. */
  replyId: string;
  sesMessageId: string;
  from?: string;
  recipients: string[];
  subject?: string;
  date?: string;
  /** The message's text (its HTML as text when it had no text part). */
  text: string;
  /** One contact per employer: the employer's queues this reply paused (issue 16 item 1). */
  employerPaused?: { employer: string; paused: number };
}

/** How much of the original the notice quotes: the rest stays in the unmatched inbox. */
export const MAX_QUOTED_CHARS = 20_000;
const MAX_SUBJECT_CHARS = 120;

/** One line of a stranger's text, safe to show: no control or bidi characters, no line breaks. */
function oneLine(text: string, max: number): string {
  const line = replaceUnsafe(text.replace(/\s+/g, ' ')).trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The original as a mail client quotes it: each line behind "> ", unsafe characters replaced. */
export function quoted(text: string, max = MAX_QUOTED_CHARS): string {
  const cut =
    text.length > max ? `${text.slice(0, max)}\n[… cut: the whole message is in the unmatched inbox]` : text;
  return cut
    .split(/\r\n|\r|\n/)
    .map((line) => `> ${replaceUnsafe(line, true)}`.trimEnd())
    .join('\n');
}

export function unmatchedNotice(message: UnmatchedMessage): { subject: string; text: string } {
  const from = message.from ? oneLine(message.from, 200) : '(no sender)';
  const subject = message.subject ? oneLine(message.subject, MAX_SUBJECT_CHARS) : '(no subject)';
  const paused = message.employerPaused;
  return {
    subject: `rapport: unmatched reply from ${from}: ${subject}`,
    text: [
      'A message reached the reply address that matches no contact. It is kept in the unmatched',
      'inbox; attach it to its contact to process it as their reply:',
      `  rapport replies attach ${message.replyId} <contactId>`,
      `  (or POST /replies/${message.replyId}/attach {"contactId": "…"})`,
      ...(paused
        ? [
            '',
            `It came from ${oneLine(paused.employer, 200)}, where ${paused.paused} contact${paused.paused === 1 ? ' was' : 's were'} waiting:`,
            "paused (one contact per employer); the client's forward says so.",
          ]
        : []),
      '',
      `From: ${from}`,
      `To: ${message.recipients.map((r) => oneLine(r, 200)).join(', ') || '(none)'}`,
      ...(message.date ? [`Date: ${oneLine(message.date, 100)}`] : []),
      `Subject: ${subject}`,
      `SES message: ${message.sesMessageId}`,
      '',
      'The message, quoted as plain text (nothing in it was written by rapport):',
      '',
      quoted(message.text.trim() || '(no text)'),
      '',
    ].join('\n'),
  };
}
