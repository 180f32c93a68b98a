import { describe, expect, it } from 'vitest';
import { parseMeetingRequest, parseNewContact } from '#domain/contact-input.ts';
import { assertTimeZone, DEFAULT_POLICY, parsePolicy } from '#domain/policy.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet, validateQuestionSet } from '#domain/questions.ts';
import { QUESTION_DOMAINS } from '#domain/types.ts';
import { fieldsOf, issuesOf, meetingRequest, NOW, questions } from './fixtures.ts';

describe('parsePolicy', () => {
  it('merges partial input over the defaults, one level deep', () => {
    const p = parsePolicy({
      sendWindow: { start: '08:30' },
      followUpBusinessDays: [3],
      keepInTouch: { max: 1 },
    });
    expect(p.sendWindow).toEqual({ days: [1, 2, 3, 4, 5], start: '08:30', end: '17:00' });
    expect(p.followUpBusinessDays).toEqual([3]);
    expect(p.keepInTouch).toEqual({ firstAfterWeeks: 6, everyMonths: 3, max: 1 });
    expect(p.meetingMinutes).toBe(20);
    expect(parsePolicy(undefined)).toEqual(DEFAULT_POLICY);
  });

  it("merges a patch over a given base (a campaign's current policy) the same way, then checks it whole", () => {
    const current = parsePolicy({ dailyCapPerSender: 10, sendWindow: { start: '08:00' } });
    const patched = parsePolicy({ sendWindow: { end: '12:00' }, keepInTouch: { max: 0 } }, 'policy', current);
    expect(patched).toEqual({
      ...current,
      sendWindow: { ...current.sendWindow, end: '12:00' },
      keepInTouch: { ...current.keepInTouch, max: 0 },
    });
    expect(parsePolicy(undefined, 'policy', current)).toEqual(current);
    // Checked whole: the end is now before the base's start.
    expect(issuesOf(() => parsePolicy({ sendWindow: { end: '07:00' } }, 'policy', current))).toEqual([
      { field: 'policy.sendWindow.end', message: 'must be after start (08:00)' },
    ]);
  });

  it('the defaults are the ones DESIGN.md names', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      sendWindow: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      followUpBusinessDays: [4, 7],
      noResponseAfterBusinessDays: 7,
      meetingMinutes: 20,
      confirmationLeadHours: 24,
      confirmationMinNoticeHours: 2,
      thankYouDelayHours: 3,
      keepInTouch: { firstAfterWeeks: 6, everyMonths: 3, max: 3 },
      dailyCapPerSender: 20,
      staggerMinutes: 7,
    });
  });

  it('takes a reviewThreshold from 0 to 1; absent, the reader default applies', () => {
    expect(parsePolicy({ reviewThreshold: 0.75 }).reviewThreshold).toBe(0.75);
    expect(parsePolicy({ reviewThreshold: 0 }).reviewThreshold).toBe(0);
    expect(parsePolicy({ reviewThreshold: 1 }).reviewThreshold).toBe(1);
    expect(parsePolicy({}).reviewThreshold).toBeUndefined();
  });

  it.each([
    [{ sendWindow: { start: '17:00', end: '09:00' } }, 'policy.sendWindow.end'],
    [{ sendWindow: { start: '09:00', end: '09:00' } }, 'policy.sendWindow.end'],
    [{ sendWindow: { days: [] } }, 'policy.sendWindow.days'],
    [{ sendWindow: { days: [1, 1] } }, 'policy.sendWindow.days'],
    [{ sendWindow: { days: [0, 2] } }, 'policy.sendWindow.days[0]'],
    [{ sendWindow: { days: [1, 8] } }, 'policy.sendWindow.days[1]'],
    [{ sendWindow: { start: '9:00' } }, 'policy.sendWindow.start'],
    [{ sendWindow: { end: '24:00' } }, 'policy.sendWindow.end'],
    [{ sendWindow: 'weekdays' }, 'policy.sendWindow'],
    [{ meetingMinutes: 10 }, 'policy.meetingMinutes'],
    [{ meetingMinutes: 45 }, 'policy.meetingMinutes'],
    [{ meetingMinutes: 20.5 }, 'policy.meetingMinutes'],
    [{ followUpBusinessDays: [4, 0] }, 'policy.followUpBusinessDays[1]'],
    [{ followUpBusinessDays: [1.5] }, 'policy.followUpBusinessDays[0]'],
    [{ followUpBusinessDays: [1, 2, 3, 4, 5, 6] }, 'policy.followUpBusinessDays'],
    [{ noResponseAfterBusinessDays: 0 }, 'policy.noResponseAfterBusinessDays'],
    [{ confirmationLeadHours: -1 }, 'policy.confirmationLeadHours'],
    [{ confirmationMinNoticeHours: 30 }, 'policy.confirmationMinNoticeHours'],
    [{ thankYouDelayHours: -3 }, 'policy.thankYouDelayHours'],
    [{ keepInTouch: { everyMonths: 0 } }, 'policy.keepInTouch.everyMonths'],
    [{ dailyCapPerSender: 0 }, 'policy.dailyCapPerSender'],
    [{ staggerMinutes: '7' }, 'policy.staggerMinutes'],
    [{ reviewThreshold: 1.2 }, 'policy.reviewThreshold'],
    [{ reviewThreshold: -0.1 }, 'policy.reviewThreshold'],
    [{ reviewThreshold: '0.7' }, 'policy.reviewThreshold'],
    [{ followUpBusinessdays: [3] }, 'policy'],
  ])('refuses %j naming %s', (input, field) => {
    const issues = issuesOf(() => parsePolicy(input));
    expect(issues.map((i) => i.field)).toContain(field);
    expect(issues.every((i) => i.message.length > 5)).toBe(true);
  });

  it('says what is wrong', () => {
    expect(issuesOf(() => parsePolicy({ sendWindow: { start: '17:00', end: '09:00' } }))).toEqual([
      { field: 'policy.sendWindow.end', message: 'must be after start (17:00)' },
    ]);
    expect(issuesOf(() => parsePolicy(42))).toEqual([{ field: 'policy', message: 'must be an object' }]);
  });

  it('assertTimeZone accepts IANA names and refuses the rest, naming the field', () => {
    expect(assertTimeZone('Asia/Kathmandu', 'x')).toBe('Asia/Kathmandu');
    for (const bad of ['Mars/Base', '+05:00', '', 42]) {
      expect(fieldsOf(() => assertTimeZone(bad, 'client.timeZone'))).toEqual(['client.timeZone']);
    }
  });
});

describe('question sets', () => {
  it('the default bank has at least four questions per domain and yields a valid set', () => {
    for (const domain of QUESTION_DOMAINS) {
      expect(DEFAULT_QUESTION_BANK.filter((q) => q.domain === domain).length).toBeGreaterThanOrEqual(4);
    }
    const set = pickDefaultSet(DEFAULT_QUESTION_BANK);
    expect(set.map((q) => q.domain)).toEqual(['interviewee', 'interviewee', 'field', 'advice', 'advice']);
    expect(validateQuestionSet(set)).toEqual(set);
  });

  it('trims texts', () => {
    const set = questions.map((q, i) => (i === 0 ? { ...q, text: `  ${q.text}\n` } : q));
    expect(validateQuestionSet(set)[0]?.text).toBe(questions[0]?.text);
  });

  it('says how the domains are off', () => {
    const wrong = [
      ...questions.slice(0, 1),
      { domain: 'field', text: 'Is the field growing?' },
      ...questions.slice(2),
    ];
    expect(issuesOf(() => validateQuestionSet(wrong))).toEqual([
      { field: 'questions', message: 'needs 2 questions about the interviewee, got 1' },
      { field: 'questions', message: 'needs 1 question about the field, got 2' },
    ]);
    expect(issuesOf(() => validateQuestionSet(questions.slice(0, 4), 'meeting.questions'))).toContainEqual({
      field: 'meeting.questions',
      message: 'needs exactly 5 questions, got 4',
    });
  });

  it('names each bad question', () => {
    const bad = [
      questions[0],
      { ...questions[1], text: '   ' },
      { domain: 'weather', text: 'Nice day?' },
      { ...questions[3], text: 'x'.repeat(301) },
      { ...questions[4], text: questions[0]?.text },
    ];
    const fields = fieldsOf(() => validateQuestionSet(bad));
    expect(fields).toEqual(
      expect.arrayContaining([
        'questions[1].text',
        'questions[2].domain',
        'questions[3].text',
        'questions[4].text',
      ]),
    );
    expect(fieldsOf(() => validateQuestionSet('five questions'))).toEqual(['questions']);
    expect(fieldsOf(() => validateQuestionSet([null, 1, 2, 3, 4]))).toContain('questions[0]');
  });

  it('pickDefaultSet refuses a bank that cannot fill the formula', () => {
    const bank = DEFAULT_QUESTION_BANK.filter((q) => q.domain !== 'field');
    expect(issuesOf(() => pickDefaultSet(bank))).toEqual([
      { field: 'questionBank', message: 'needs at least 1 question about the field, has 0' },
    ]);
  });
});

describe('parseNewContact', () => {
  const valid = {
    email: '  Dana.Lee@Example.COM ',
    firstName: ' Dana ',
    lastName: '',
    company: 'Acme',
    timeZone: 'Europe/Berlin',
    foundVia: { kind: 'referral', name: 'Sam Ortiz' },
  };

  it('normalises the email, trims, and drops empty optional cells', () => {
    expect(parseNewContact(valid)).toEqual({
      email: 'Dana.Lee@example.com',
      firstName: 'Dana',
      company: 'Acme',
      timeZone: 'Europe/Berlin',
      foundVia: { kind: 'referral', name: 'Sam Ortiz' },
    });
  });

  it('names the field with the row index', () => {
    expect(fieldsOf(() => parseNewContact({ ...valid, email: 'not-an-email' }, 3))).toEqual([
      'contacts[3].email',
    ]);
    expect(fieldsOf(() => parseNewContact({ ...valid, firstName: ' ' }, 0))).toEqual([
      'contacts[0].firstName',
    ]);
    expect(fieldsOf(() => parseNewContact({ ...valid, firstName: 'x'.repeat(101) }))).toEqual(['firstName']);
    expect(fieldsOf(() => parseNewContact({ ...valid, timeZone: 'Berlin' }, 7))).toEqual([
      'contacts[7].timeZone',
    ]);
    expect(fieldsOf(() => parseNewContact({ ...valid, foundVia: { kind: 'magic', name: 'x' } }, 1))).toEqual([
      'contacts[1].foundVia.kind',
    ]);
    expect(fieldsOf(() => parseNewContact({ ...valid, foundVia: { kind: 'event', name: '' } }))).toEqual([
      'foundVia.name',
    ]);
    expect(fieldsOf(() => parseNewContact({ ...valid, foundVia: undefined }))).toEqual(['foundVia']);
    expect(fieldsOf(() => parseNewContact('dana@example.com', 2))).toEqual(['contacts[2]']);
  });

  it('reports every problem of a row at once', () => {
    const fields = fieldsOf(() => parseNewContact({ ...valid, email: 'bad', timeZone: 'Nowhere/City' }, 4));
    expect(fields.sort()).toEqual(['contacts[4].email', 'contacts[4].timeZone']);
  });

  it('uses a default zone when the row has none', () => {
    const { timeZone: _tz, ...noZone } = valid;
    expect(parseNewContact(noZone, 0, { timeZone: 'Asia/Tokyo' }).timeZone).toBe('Asia/Tokyo');
    expect(fieldsOf(() => parseNewContact(noZone, 0))).toEqual(['contacts[0].timeZone']);
  });
});

describe('parseMeetingRequest', () => {
  const ok = meetingRequest();

  it('accepts a valid request and normalises the start to UTC', () => {
    const r = parseMeetingRequest({ ...ok, start: '2026-03-04T15:00:00+01:00' }, NOW, DEFAULT_POLICY);
    expect(r.start).toBe('2026-03-04T14:00:00.000Z');
    expect(r.durationMinutes).toBe(20);
  });

  it('takes the duration from end, else from the policy', () => {
    const { durationMinutes: _d, ...noDuration } = ok;
    expect(parseMeetingRequest(noDuration, NOW, DEFAULT_POLICY).durationMinutes).toBe(20);
    const end = '2026-03-04T14:30:00Z';
    expect(parseMeetingRequest({ ...noDuration, end }, NOW, DEFAULT_POLICY).durationMinutes).toBe(30);
  });

  it.each([
    [{ start: '2026-03-01T10:00:00Z' }, 'start'],
    [{ start: '2028-03-01T10:00:00Z' }, 'start'],
    [{ start: 'tomorrow at ten' }, 'start'],
    [{ start: '2026-03-04T14:00:00' }, 'start'],
    [{ durationMinutes: undefined, end: '2026-03-04T13:50:00Z' }, 'end'],
    [{ durationMinutes: 0 }, 'durationMinutes'],
    [{ durationMinutes: -20 }, 'durationMinutes'],
    [{ durationMinutes: 45 }, 'durationMinutes'],
    [{ durationMinutes: 10 }, 'durationMinutes'],
    [{ durationMinutes: 20, end: '2026-03-04T14:30:00Z' }, 'end'],
    [{ timeZone: 'Europe/Atlantis' }, 'timeZone'],
    [{ mode: 'carrier_pigeon' }, 'mode'],
    [{ mode: 'in_person', location: '  ' }, 'location'],
    [{ mode: 'remote', videoLink: undefined }, 'videoLink'],
    [{ mode: 'remote', videoLink: 'javascript:alert(1)' }, 'videoLink'],
    [{ questions: questions.slice(1) }, 'meeting.questions'],
  ])('refuses %j naming %s', (change, field) => {
    const prefix = field.startsWith('meeting.') ? 'meeting' : '';
    const fields = fieldsOf(() => parseMeetingRequest({ ...ok, ...change }, NOW, DEFAULT_POLICY, prefix));
    expect(fields).toContain(field);
  });

  it('an in-person meeting with a place, or a phone call, is fine', () => {
    const { videoLink: _v, ...inPerson } = ok;
    expect(
      parseMeetingRequest({ ...inPerson, mode: 'in_person', location: 'Café Einstein' }, NOW, DEFAULT_POLICY)
        .location,
    ).toBe('Café Einstein');
    expect(parseMeetingRequest({ ...ok, videoLink: 'tel:+4930123456' }, NOW, DEFAULT_POLICY).videoLink).toBe(
      'tel:+4930123456',
    );
  });
});
