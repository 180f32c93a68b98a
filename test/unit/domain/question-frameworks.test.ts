import { describe, expect, it } from 'vitest';
import { assertBankFillsFramework, parseCampaignFields } from '#domain/campaign-input.ts';
import { parseMeetingRequest } from '#domain/contact-input.ts';
import { transition } from '#domain/lifecycle.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet, validateQuestionSet } from '#domain/questions.ts';
import { TIARA_PARTS } from '#domain/types.ts';
import { contactIn, fieldsOf, issuesOf, meetingRequest, NOW, policy } from './fixtures.ts';

const tiaraSet = () => pickDefaultSet(DEFAULT_QUESTION_BANK, 'questionBank', 'tiara');

describe('question frameworks: seed (the default) and TIARA', () => {
  it('the default bank is tagged for both: a seed set and a TIARA set, one of each part in order', () => {
    expect(() => pickDefaultSet(DEFAULT_QUESTION_BANK)).not.toThrow();
    const set = tiaraSet();
    expect(set.map((q) => q.tiara)).toEqual([...TIARA_PARTS]);
    expect(validateQuestionSet(set, 'questions', 'tiara')).toEqual(set);
    // Every question keeps a seed domain (the questions sheet groups by it).
    expect(set.every((q) => typeof q.domain === 'string')).toBe(true);
  });

  it('the seed default set is what it was: no TIARA tags on it', () => {
    const seed = pickDefaultSet(DEFAULT_QUESTION_BANK);
    expect(seed.map((q) => q.domain)).toEqual(['interviewee', 'interviewee', 'field', 'advice', 'advice']);
    expect(seed.some((q) => 'tiara' in q)).toBe(false);
  });

  it('TIARA names what is missing and what repeats', () => {
    const set = tiaraSet();
    const twoTrends = set.map((q, i) => (i === 3 ? { ...q, tiara: 'trends' as const } : q));
    expect(issuesOf(() => validateQuestionSet(twoTrends, 'questions', 'tiara'))).toEqual([
      { field: 'questions', message: 'TIARA needs one Trends question, got 2' },
      { field: 'questions', message: 'TIARA needs one Resources question, got 0' },
    ]);
  });

  it('under TIARA each question needs its part; the seed domain may be left out', () => {
    const bare = tiaraSet().map(({ text, tiara }) => ({ text, tiara }));
    expect(validateQuestionSet(bare, 'questions', 'tiara').map((q) => q.domain)).toEqual([
      'field',
      'interviewee',
      'advice',
      'advice',
      'advice',
    ]);
    const untagged = bare.map((q, i) => (i === 2 ? { text: q.text } : q));
    expect(fieldsOf(() => validateQuestionSet(untagged, 'questions', 'tiara'))).toEqual([
      'questions[2].tiara',
      'questions[2].domain',
      'questions',
    ]);
  });

  it('a seed set is not a TIARA set, nor the other way round', () => {
    const seed = pickDefaultSet(DEFAULT_QUESTION_BANK);
    expect(fieldsOf(() => validateQuestionSet(seed, 'questions', 'tiara'))).toContain('questions[0].tiara');
    expect(issuesOf(() => validateQuestionSet(tiaraSet()))).toContainEqual({
      field: 'questions',
      message: 'needs 2 questions about the interviewee, got 1',
    });
  });

  it('a bank that cannot fill TIARA is refused, naming the part', () => {
    const noResources = DEFAULT_QUESTION_BANK.filter((q) => q.tiara !== 'resources');
    expect(issuesOf(() => assertBankFillsFramework(noResources, 'tiara'))).toEqual([
      { field: 'questionBank', message: 'TIARA needs at least one Resources question, has 0' },
    ]);
    expect(() => assertBankFillsFramework(noResources, undefined)).not.toThrow();
  });

  it('campaign fields: the framework and the parts are checked', () => {
    expect(fieldsOf(() => parseCampaignFields({ questionFramework: 'star' as never }))).toEqual([
      'questionFramework',
    ]);
    const bank = [{ domain: 'advice' as const, text: 'Who else?', tiara: 'people' as never }];
    expect(fieldsOf(() => parseCampaignFields({ questionBank: bank }))).toEqual(['questionBank[0].tiara']);
  });

  it('booking follows the framework: parsed, recorded on the request, checked again by the lifecycle', () => {
    const input = { ...meetingRequest(), questions: tiaraSet() };
    expect(fieldsOf(() => parseMeetingRequest(input, NOW, policy, 'meeting'))).toContain('meeting.questions');
    const request = parseMeetingRequest(input, NOW, policy, 'meeting', 'tiara');
    expect(request.questionFramework).toBe('tiara');
    const booked = transition(
      contactIn('replied'),
      { type: 'meeting_booked', meeting: request, meetingId: 'm1' },
      NOW,
      policy,
    );
    expect(booked.contact.meeting?.questions.map((q) => q.tiara)).toEqual([...TIARA_PARTS]);
  });
});
