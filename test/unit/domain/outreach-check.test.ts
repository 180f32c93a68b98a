import { describe, expect, it } from 'vitest';
import { checkOutreach, countWords, type FindingCode } from '#domain/outreach-check.ts';

const GOOD_BODY = `Hi Priya,

Dana Whitfield suggested I get in touch. I spent eight years teaching science and now study human-centred design.

I'm exploring UX research. I'm not asking for a job, only for advice from someone who knows the work.

Could you spare 20 minutes to talk, in person or by video? My resume is attached.

Thank you,
Sam Okafor`;

const good = { subject: 'Dana Whitfield suggested I reach out', body: GOOD_BODY, personal: true };
const codes = (draft: Partial<typeof good>) => checkOutreach({ ...good, ...draft }).map((f) => f.code);

describe('the outreach check', () => {
  it('a short, personal request phrased as a question passes without a finding', () => {
    expect(checkOutreach(good)).toEqual([]);
  });

  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
  const bad: [string, Partial<typeof good>, FindingCode, 'error' | 'warning'][] = [
    [
      '100 words or more',
      { body: `${GOOD_BODY}\n\n${filler(100 - countWords(GOOD_BODY))}` },
      'too-long',
      'error',
    ],
    ['over 75 words', { body: `${GOOD_BODY}\n\n${filler(76 - countWords(GOOD_BODY))}` }, 'long', 'warning'],
    [
      'asks for a job',
      { body: `${GOOD_BODY}\n\nDo you have any openings on your team?` },
      'job-ask',
      'error',
    ],
    ['asks about hiring', { body: `${GOOD_BODY}\n\nAre you hiring this year?` }, 'job-ask', 'error'],
    [
      'a request for a position',
      { body: `${GOOD_BODY}\n\nI'm looking for a position in research.` },
      'job-ask',
      'error',
    ],
    [
      'mentions a job as background',
      { body: GOOD_BODY.replace('I spent eight years teaching science', 'I left my teaching job') },
      'job-word',
      'warning',
    ],
    [
      'the request is not a question',
      { body: GOOD_BODY.replace('by video?', 'by video.') },
      'no-question',
      'error',
    ],
    [
      'a long subject',
      { subject: 'A question about your work in UX research and how you got started there' },
      'subject-long',
      'error',
    ],
    ['a subject naming a job', { subject: 'Job at Lumen Health' }, 'subject-job-word', 'error'],
    ['a subject about openings', { subject: 'Openings in research?' }, 'subject-job-word', 'error'],
    ['an empty subject', { subject: '  ' }, 'subject-empty', 'error'],
    ['nothing personal', { personal: false }, 'nothing-personal', 'warning'],
  ];
  it.each(bad.map(([name, draft, code, severity]) => ({ name, draft, code, severity })))(
    '$name → $code',
    ({ draft, code, severity }) => {
      const findings = checkOutreach({ ...good, ...draft });
      expect(findings.map((f) => [f.code, f.severity])).toContainEqual([code, severity]);
      expect(findings.find((f) => f.code === code)?.message.length).toBeGreaterThan(10);
    },
  );

  it('the "not asking for a job" sentence is the method\'s own: never a finding', () => {
    for (const sentence of [
      "I'm not asking for a job, only for advice.",
      'I am not looking for a position, just your perspective.',
      "I'm not asking about openings; I'd value your story.",
    ]) {
      expect(
        codes({
          body: GOOD_BODY.replace(
            "I'm not asking for a job, only for advice from someone who knows the work.",
            sentence,
          ),
        }),
      ).toEqual([]);
    }
  });

  it('counts words as a reader does: URLs and addresses are one word each, punctuation none', () => {
    expect(countWords('Hi Priya, — see https://example.com/a?b=c — thanks!')).toBe(5);
  });
});
