/**
 * Whether a message was sent by software rather than the contact: RFC 3834 `Auto-Submitted`,
 * `Precedence`, `X-Autoreply`/`X-Autorespond`, out-of-office subjects, and delivery-status
 * reports (which are not replies at all).
 */
import { findPhrase } from './match-phrase.ts';
import { AUTO_PRECEDENCE_VALUES, AUTO_REPLY_SUBJECTS, MAILER_DAEMON_LOCAL_PARTS } from './phrases.ts';

/** The parts of a message the auto-reply checks read. */
export interface AutoReplySignals {
  from: { address: string };
  subject: string;
  headers: Readonly<Record<string, string>>;
  contentType?: string;
}

export interface AutoReplyEvidence {
  /** Sent by software. */
  autoReply: boolean;
  /** A delivery-status (or other) report from a mail server, not a reply from the contact. */
  report: boolean;
  /** Why, one short line per signal. */
  reasons: string[];
}

export function autoReplyEvidence(message: AutoReplySignals): AutoReplyEvidence {
  const reportReasons = reportSignals(message);
  const reasons = [...reportReasons, ...headerSignals(message.headers), ...subjectSignals(message.subject)];
  return { autoReply: reasons.length > 0, report: reportReasons.length > 0, reasons };
}

/** multipart/report (DSNs, read receipts) or a message from mailer-daemon/postmaster. */
function reportSignals(message: AutoReplySignals): string[] {
  const reasons: string[] = [];
  const contentType = `${message.contentType ?? ''} ${headerValue(message.headers, 'content-type') ?? ''}`;
  if (/multipart\/report/i.test(contentType)) {
    const reportType = /report-type\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1];
    reasons.push(reportType ? `report: ${reportType.toLowerCase()}` : 'report: multipart/report');
  }
  const localPart = message.from.address.split('@')[0]?.toLowerCase() ?? '';
  if (MAILER_DAEMON_LOCAL_PARTS.includes(localPart)) reasons.push(`from: ${localPart}`);
  return reasons;
}

function headerSignals(headers: Readonly<Record<string, string>>): string[] {
  const reasons: string[] = [];
  const autoSubmitted = firstToken(headerValue(headers, 'auto-submitted'));
  if (autoSubmitted && autoSubmitted !== 'no') reasons.push(`Auto-Submitted: ${autoSubmitted}`);
  const precedence = firstToken(headerValue(headers, 'precedence'));
  if (precedence && AUTO_PRECEDENCE_VALUES.includes(precedence)) reasons.push(`Precedence: ${precedence}`);
  for (const name of ['x-autoreply', 'x-autorespond'] as const) {
    const value = headerValue(headers, name)?.trim();
    if (value && !/^(?:no|false|0)$/i.test(value)) reasons.push(`${displayName(name)}: ${value}`);
  }
  return reasons;
}

function subjectSignals(subject: string): string[] {
  const phrase = findPhrase(subject, AUTO_REPLY_SUBJECTS);
  return phrase ? [`subject: '${phrase}'`] : [];
}

/** A header value by lowercase name, tolerating a raw "Name: value" line as the value. */
function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const prefix = `${name}:`;
  return raw.toLowerCase().startsWith(prefix) ? raw.slice(prefix.length).trim() : raw.trim();
}

/** The value before any parameters or comments, lowercased: "auto-replied; owner=…" → "auto-replied". */
function firstToken(value: string | undefined): string | undefined {
  const token = value
    ?.split(/[;(\s]/)[0]
    ?.trim()
    .toLowerCase();
  return token ? token : undefined;
}

function displayName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
