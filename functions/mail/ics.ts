/**
 * A meeting invitation as iCalendar text (RFC 5545, iTIP RFC 5546), written by hand: CRLF line
 * ends, lines folded at 75 octets without splitting a UTF-8 character, TEXT values escaped.
 * REQUEST invites (and, with a higher SEQUENCE, reschedules); CANCEL withdraws the same UID.
 */

export interface IcsPerson {
  name: string;
  email: string;
}

export interface IcsEvent {
  method: 'REQUEST' | 'CANCEL';
  /** Stable across reschedules and the cancellation. */
  uid: string;
  /** 0 when booked, raised on each reschedule and on cancel. */
  sequence: number;
  start: Date;
  end: Date;
  /** When this version of the invitation was made. */
  stamp: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  organizer: IcsPerson;
  attendee: IcsPerson;
}

/** `20270303T130000Z` */
export function icsUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, and every line break
 * (CR, LF, CRLF, U+2028/U+2029) as `\n`; other control characters, which TEXT may not carry, are
 * dropped (HTAB is allowed and kept).
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

/** Characters a URI may not carry as they are (controls, space, non-ASCII, `"<>\\^\`{|}`), percent-encoded. */
function uriSafe(value: string): string {
  return value.replace(/[^\x21-\x7e]|["<>\\^`{|}]/gu, encodeURIComponent);
}

/**
 * A URI value (URL): parsed and written as the parser normalised it, with anything a URI may not
 * carry percent-encoded, so no value can end the line. Not a URL at all is a bug upstream: thrown.
 */
export function uriValue(value: string): string {
  let href: string;
  try {
    href = new URL(value).href;
  } catch {
    throw new RangeError(`URL is not a URI: ${JSON.stringify(value.slice(0, 80))}`);
  }
  return uriSafe(href);
}

/** A parameter value (CN): quoted, and DQUOTE/control characters cannot appear in it at all. */
function paramValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return `"${value.replace(/["\u0000-\u001f\u007f\u2028\u2029]/g, '').trim()}"`;
}

/** Folds one content line at 75 octets: CRLF + a space, never inside a multi-byte character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; continuation lines start with a space, so 74 more.
    const limit = out.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function person(role: 'ORGANIZER' | 'ATTENDEE', who: IcsPerson, method: IcsEvent['method']): string {
  const params =
    role === 'ATTENDEE'
      ? `;CN=${paramValue(who.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=${method === 'REQUEST' ? 'TRUE' : 'FALSE'}`
      : `;CN=${paramValue(who.name)}`;
  return `${role}${params}:mailto:${uriSafe(who.email)}`;
}

export function buildIcs(event: IcsEvent): string {
  if (!(event.end > event.start)) throw new RangeError('an event must end after it starts');
  if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new RangeError('SEQUENCE must be ≥ 0');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//rapport//informational interviews//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${icsUtc(event.stamp)}`,
    `DTSTART:${icsUtc(event.start)}`,
    `DTEND:${icsUtc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.url ? [`URL:${uriValue(event.url)}`] : []),
    person('ORGANIZER', event.organizer, event.method),
    person('ATTENDEE', event.attendee, event.method),
    `STATUS:${event.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
