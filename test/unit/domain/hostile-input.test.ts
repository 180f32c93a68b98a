/**
 * Issue 8, probed from outside: hostile text in every field a person fills in is refused with an
 * error naming the field, before anything is stored or sent.
 */
import { describe, expect, it } from 'vitest';
import { parseCampaignFields } from '#domain/campaign-input.ts';
import { parseClient } from '#domain/client-input.ts';
import { parseMeetingRequest, parseNewContact } from '#domain/contact-input.ts';
import { normaliseEmail } from '#domain/email.ts';
import { ValidationError } from '#domain/errors.ts';
import { transition } from '#domain/lifecycle.ts';
import { assertTimeZone, DEFAULT_POLICY } from '#domain/policy.ts';
import { DEFAULT_QUESTION_BANK } from '#domain/questions.ts';
import type { Client, ContactEvent } from '#domain/types.ts';
import { contactIn, daysFrom, fieldsOf, iso, issuesOf, meetingRequest, NOW } from './fixtures.ts';

const HOSTILE = {
  'CR/LF': 'Ann\r\nBcc: evil@x.example',
  LF: 'Ann\nBcc: evil@x.example',
  NUL: 'Ann\u0000',
  'U+2028': 'Ann\u2028Bcc',
  RLO: 'Ann\u202egpj.exe',
  'isolate U+2066': 'Ann\u2066x',
  DEL: 'Ann\u007f',
  'C1 U+0085': 'Ann\u0085',
};

const row = {
  email: 'ann@x.example',
  firstName: 'Ann',
  lastName: 'Lee',
  company: 'Acme',
  role: 'Researcher',
  timeZone: 'Europe/Paris',
  foundVia: { kind: 'event', name: 'UX Scotland' },
};

describe('defect 1: calendar invite injection through the meeting link', () => {
  it.each([
    'https://meet.example/x\r\nATTENDEE;CN=Evil:mailto:evil@attacker.example',
    'https://meet.example/x\nATTENDEE:mailto:evil@attacker.example',
    'https://meet.example/x\tY',
    'tel:+44\r\nX',
    'tel:+44\u0000',
  ])('a videoLink with a control character (%j) is refused, naming meeting.videoLink', (videoLink) => {
    const input = { ...meetingRequest(), mode: 'remote', videoLink };
    expect(fieldsOf(() => parseMeetingRequest(input, NOW, DEFAULT_POLICY, 'meeting'))).toEqual([
      'meeting.videoLink',
    ]);
  });

  it('the link kept is the normalised URL, never the string as typed', () => {
    const parse = (videoLink: string) =>
      parseMeetingRequest({ ...meetingRequest(), mode: 'remote', videoLink }, NOW, DEFAULT_POLICY).videoLink;
    expect(parse('https://Meet.Example/a b?q="x"')).toBe('https://meet.example/a%20b?q=%22x%22');
    expect(parse('https://meet.example')).toBe('https://meet.example/');
    expect(parse('tel:+44 20 7946 0000')).toBe('tel:+442079460000');
    expect(fieldsOf(() => parse('tel:call me'))).toEqual(['videoLink']);
    expect(fieldsOf(() => parse('https://'))).toEqual(['videoLink']);
  });

  it('an in-person meeting is checked too: location one line, any videoLink a link', () => {
    const inPerson = { ...meetingRequest(), mode: 'in_person', location: 'Café\r\nATTENDEE:x' };
    expect(fieldsOf(() => parseMeetingRequest(inPerson, NOW, DEFAULT_POLICY))).toEqual(['location']);
    const withLink = { ...inPerson, location: 'Café', videoLink: 'https://x.example/\r\nA' };
    expect(fieldsOf(() => parseMeetingRequest(withLink, NOW, DEFAULT_POLICY))).toEqual(['videoLink']);
  });
});

describe('defect 8: reschedule skips the one-year limit', () => {
  const run = (event: ContactEvent) => transition(contactIn('confirmed'), event, NOW, DEFAULT_POLICY);

  it('reschedule to 9999-03-10T14:00:00+01:00 is refused like a booking, naming start', () => {
    expect(issuesOf(() => run({ type: 'meeting_rescheduled', start: '9999-03-10T14:00:00+01:00' }))).toEqual([
      { field: 'start', message: 'is more than 366 days ahead' },
    ]);
    // The same limit and message as booking.
    const booking = { ...meetingRequest(), start: '9999-03-10T14:00:00+01:00' };
    expect(issuesOf(() => parseMeetingRequest(booking, NOW, DEFAULT_POLICY))).toEqual([
      { field: 'start', message: 'is more than 366 days ahead' },
    ]);
  });

  it('reschedule takes the same checks as booking: offset required, 15–30 minutes, a real zone', () => {
    const start = iso(daysFrom(NOW, 7));
    expect(fieldsOf(() => run({ type: 'meeting_rescheduled', start: '2026-03-09T14:00:00' }))).toEqual([
      'start',
    ]);
    expect(fieldsOf(() => run({ type: 'meeting_rescheduled', start, durationMinutes: 45 }))).toEqual([
      'durationMinutes',
    ]);
    expect(fieldsOf(() => run({ type: 'meeting_rescheduled', start, timeZone: 'Mars/Base' }))).toEqual([
      'timeZone',
    ]);
    const moved = run({ type: 'meeting_rescheduled', start, timeZone: 'europe/paris' });
    expect(moved.contact.meeting?.timeZone).toBe('Europe/Paris');
  });
});

describe('defect 9: control characters in contact input', () => {
  it.each(Object.entries(HOSTILE))('a name with %s is refused, naming the field', (_what, name) => {
    for (const field of ['firstName', 'lastName', 'company', 'role'] as const) {
      const issues = issuesOf(() => parseNewContact({ ...row, [field]: name }, 2));
      expect(issues.map((i) => i.field)).toEqual([`contacts[2].${field}`]);
      expect(issues[0]?.message).toMatch(/control characters|bidi/);
    }
    expect(fieldsOf(() => parseNewContact({ ...row, foundVia: { kind: 'event', name } }))).toEqual([
      'foundVia.name',
    ]);
  });

  it('ann\\u0000@x.example is refused', () => {
    expect(fieldsOf(() => parseNewContact({ ...row, email: 'ann\u0000@x.example' }, 0))).toEqual([
      'contacts[0].email',
    ]);
    expect(() => normaliseEmail('ann@x.example\r\nBcc: evil@x.example')).toThrow(ValidationError);
  });

  it('ännö@… is refused with an error saying why; an internationalised domain is punycoded', () => {
    const [issue] = issuesOf(() => parseNewContact({ ...row, email: 'ännö@x.example' }, 1));
    expect(issue?.field).toBe('contacts[1].email');
    expect(issue?.message).toMatch(/non-ASCII characters before the @/);
    expect(parseNewContact({ ...row, email: 'ann@Müller.example' }).email).toBe('ann@xn--mller-kva.example');
  });

  it('personal lines, updates and a cancellation reason refuse control characters; line breaks stay in multi-line text', () => {
    const met = contactIn('met');
    expect(
      fieldsOf(() =>
        transition(met, { type: 'personal_line_added', text: 'Thanks\u0000' }, NOW, DEFAULT_POLICY),
      ),
    ).toEqual(['text']);
    expect(
      fieldsOf(() =>
        transition(met, { type: 'personal_line_added', text: 'Thanks\u202e!' }, NOW, DEFAULT_POLICY),
      ),
    ).toEqual(['text']);
    const ok = transition(
      met,
      { type: 'personal_line_added', text: 'Thanks.\r\nReally.' },
      NOW,
      DEFAULT_POLICY,
    );
    expect(ok.contact.meeting?.personalLine).toBe('Thanks.\r\nReally.');
    expect(
      fieldsOf(() =>
        transition(
          contactIn('confirmed'),
          { type: 'meeting_cancelled', reason: 'x\r\ny' },
          NOW,
          DEFAULT_POLICY,
        ),
      ),
    ).toEqual(['reason']);
  });

  const client: Client = {
    id: 'c-1',
    firstName: 'Sam',
    lastName: 'Okafor',
    email: 'sam@client.example',
    senderLocalPart: 'sam.okafor',
    timeZone: 'europe/london',
    field: 'UX research',
    introduction: 'I taught science.\nNow UX.',
    createdAt: NOW.toISOString(),
  };

  it('a client is checked before it is stored: names, field, sender, address; the zone canonical', () => {
    expect(parseClient(client).timeZone).toBe('Europe/London');
    expect(
      fieldsOf(() =>
        parseClient({
          ...client,
          firstName: 'Sam\r\nBcc: x@y.example',
          lastName: 'O\u202ekafor',
          field: 'UX\u0000',
          senderLocalPart: 'sam\r\nBcc',
          email: 'sämi@client.example',
          introduction: 'Hi\u0007',
        }),
      ),
    ).toEqual(['firstName', 'lastName', 'field', 'introduction', 'email', 'senderLocalPart']);
  });

  it('a campaign name and every question of its bank are one line of text', () => {
    const bank = DEFAULT_QUESTION_BANK.map((q, i) => (i === 2 ? { ...q, text: 'Why?\r\nBcc: x' } : q));
    expect(fieldsOf(() => parseCampaignFields({ name: 'UX\u2028research', questionBank: bank }))).toEqual([
      'name',
      'questionBank[2].text',
    ]);
  });
});

describe('defect 10: policies never validated', () => {
  it.each([
    [{ dailyCapPerSender: 0 }, 'policy.dailyCapPerSender'],
    [{ followUpBusinessDays: [-3, 4] }, 'policy.followUpBusinessDays[0]'],
    [{ sendWindow: { days: [], start: '09:00', end: '17:00' } }, 'policy.sendWindow.days'],
    [{ staggerMinutes: Number.NaN }, 'policy.staggerMinutes'],
    [{ thankYouDelayHours: Number.POSITIVE_INFINITY }, 'policy.thankYouDelayHours'],
  ])('a campaign written with %j is refused, naming %s', (change, field) => {
    const policy = { ...DEFAULT_POLICY, ...change };
    expect(fieldsOf(() => parseCampaignFields({ policy }))).toContain(field);
  });
});

describe('europe/paris is stored lowercase', () => {
  it.each([
    ['europe/paris', 'Europe/Paris'],
    ['EUROPE/PARIS', 'Europe/Paris'],
    ['Europe/Paris', 'Europe/Paris'],
    ['utc', 'UTC'],
    ['america/new_york', 'America/New_York'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
  ])('%s is kept as %s, wherever a zone is accepted', (given, canonical) => {
    expect(assertTimeZone(given)).toBe(canonical);
    expect(parseNewContact({ ...row, timeZone: given }).timeZone).toBe(canonical);
    expect(parseMeetingRequest({ ...meetingRequest(), timeZone: given }, NOW, DEFAULT_POLICY).timeZone).toBe(
      canonical,
    );
  });
});
