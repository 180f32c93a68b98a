import { describe, expect, it } from 'vitest';
import { buildIcs, escapeText, foldLine, type IcsEvent } from '#mail/ics.ts';

const event: IcsEvent = {
  method: 'REQUEST',
  uid: 'mtg_01@mail.example',
  sequence: 0,
  start: new Date('2027-03-03T13:00:00Z'),
  end: new Date('2027-03-03T13:20:00Z'),
  stamp: new Date('2027-03-02T09:00:00Z'),
  summary: 'Sam Okafor / Priya Raman: informational interview',
  description: 'Questions:\n1. How, why; and what?',
  location: 'Café Müller, 4 Quay Road',
  organizer: { name: 'Sam "The" Okafor', email: 'reply+tok@in.example' },
  attendee: { name: 'Priya Raman', email: 'priya@example.com' },
};

describe('.ics writer', () => {
  it('writes CRLF lines, UTC times, method, UID, SEQUENCE, organizer and attendee', () => {
    const ics = buildIcs(event);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    const lines = ics.split('\r\n');
    expect(lines.slice(0, 5)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//rapport//informational interviews//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
    ]);
    expect(lines).toContain('UID:mtg_01@mail.example');
    expect(lines).toContain('SEQUENCE:0');
    expect(lines).toContain('DTSTART:20270303T130000Z');
    expect(lines).toContain('DTEND:20270303T132000Z');
    expect(lines).toContain('DTSTAMP:20270302T090000Z');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines).toContain('ORGANIZER;CN="Sam The Okafor":mailto:reply+tok@in.example');
    expect(ics).toContain('DESCRIPTION:Questions:\\n1. How\\, why\\; and what?');
  });

  it('CANCEL keeps the UID and marks the event cancelled', () => {
    const ics = buildIcs({ ...event, method: 'CANCEL', sequence: 2 });
    expect(ics).toContain('METHOD:CANCEL\r\n');
    expect(ics).toContain('SEQUENCE:2\r\n');
    expect(ics).toContain('STATUS:CANCELLED\r\n');
    expect(ics.replace(/\r\n /g, '')).toContain('RSVP=FALSE:mailto:priya@example.com');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const long = `SUMMARY:${'é'.repeat(60)}${'x'.repeat(100)}`;
    const folded = foldLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(parts.map((p, i) => (i > 0 ? p.slice(1) : p)).join('')).toBe(long);
    expect(Buffer.from(folded, 'utf8').toString('utf8')).not.toContain('\uFFFD');
  });

  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('defect 1: no value can add a property line — TEXT escaped, URL and mailto as URIs', () => {
    const evil = '\r\nATTENDEE;CN=Evil:mailto:evil@attacker.example';
    const ics = buildIcs({
      ...event,
      uid: `mtg_01${evil}`,
      summary: `Sam${evil}`,
      description: `Q\u2028${evil}`,
      location: `Room 4${evil}\u0000`,
      url: `https://meet.example/x${evil}`,
      attendee: { name: `Priya${evil}`, email: `priya@example.com${evil}` },
    });
    const unfolded = ics.replace(/\r\n /g, '');
    const lines = unfolded.split('\r\n');
    expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
    expect(lines.every((l) => /^[A-Z-]+[;:]/.test(l) || l === '')).toBe(true);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(unfolded.replace(/\r\n/g, '')).not.toMatch(/[\u0000-\u001f\u2028]/);
    expect(lines).toContain('URL:https://meet.example/xATTENDEE;CN=Evil:mailto:evil@attacker.example');
    expect(lines.find((l) => l.startsWith('ATTENDEE'))).toMatch(
      /:mailto:priya@example.com%0D%0AATTENDEE;CN=Evil:mailto:evil@attacker.example$/,
    );
    expect(() => buildIcs({ ...event, url: 'not a url' })).toThrow(RangeError);
  });

  it('refuses an event that ends before it starts', () => {
    expect(() => buildIcs({ ...event, end: event.start })).toThrow(/end after it starts/);
  });
});
