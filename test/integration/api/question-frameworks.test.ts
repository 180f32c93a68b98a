/**
 * Question frameworks through the API: a campaign picks seed (the default) or TIARA; the bank and
 * the framework are checked together; a booking's questions follow the campaign's framework, and a
 * refused one names the field and what is missing, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUESTION_BANK, pickDefaultSet } from '#domain/questions.ts';
import { remoteMeeting } from '../workflow/harness.ts';
import { type ApiStack, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const DAY = 86_400_000;

describe('HTTP API: question frameworks', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  /** Books a meeting without questions (the campaign's default set) and answers the set booked. */
  async function bookWithDefaultQuestions(contactId: string, start: Date) {
    const { questions: _q, ...withoutQuestions } = remoteMeeting(start);
    const booked = await t.call('POST', `/contacts/${contactId}/meeting`, {
      body: withoutQuestions,
      headers: { 'idempotency-key': `book-${contactId}` },
    });
    expect(booked.status).toBe(200);
    return booked.body.contact.meeting.questions as { domain: string; tiara?: string }[];
  }

  it('a TIARA campaign: created with the framework, a bank that cannot fill it refused', async () => {
    const { client } = await t.stack.seed();
    const created = await t.call('POST', `/clients/${client.id}/campaigns`, {
      body: { name: 'TIARA spring', questionFramework: 'tiara' },
      headers: { 'idempotency-key': 'tiara-1' },
    });
    expect(created.status).toBe(201);
    expect(created.body.questionFramework).toBe('tiara');

    const before = await t.dump();
    const noResources = DEFAULT_QUESTION_BANK.filter((q) => q.tiara !== 'resources');
    const refused = await t.call('PATCH', `/campaigns/${created.body.id}`, {
      body: { questionBank: noResources },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      field: 'questionBank',
      message: 'questionBank: TIARA needs at least one Resources question, has 0',
    });
    const unknown = await t.call('PATCH', `/campaigns/${created.body.id}`, {
      body: { questionFramework: 'star' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.field).toBe('questionFramework');
    const badPart = await t.call('POST', `/clients/${client.id}/campaigns`, {
      body: { name: 'x', questionBank: [{ domain: 'advice', text: 'Who else?', tiara: 'people' }] },
      headers: { 'idempotency-key': 'tiara-bad' },
    });
    expect(badPart.status).toBe(422);
    expect(badPart.body.error.field).toBe('questionBank[0].tiara');
    expect(await t.dump()).toEqual(before);

    // Back to seed: the same bank fills the formula.
    const seed = await t.call('PATCH', `/campaigns/${created.body.id}`, {
      body: { questionFramework: 'seed' },
    });
    expect(seed.body.questionFramework).toBe('seed');
  });

  it('booking on a TIARA campaign: the default set is TIARA; a seed set is refused naming what is missing', async () => {
    const { contactId, campaign } = await t.stack.contacted();
    await t.stack.store.updateCampaign(campaign.id, { questionFramework: 'tiara' });
    const start = new Date(t.stack.clock.now().getTime() + 3 * DAY);

    const before = await t.dump();
    const seedSet = await t.call('POST', `/contacts/${contactId}/meeting`, {
      body: { ...remoteMeeting(start), questions: pickDefaultSet(DEFAULT_QUESTION_BANK) },
      headers: { 'idempotency-key': 'book-seed' },
    });
    expect(seedSet.status).toBe(422);
    expect(seedSet.body.error.field).toMatch(/^questions/);
    expect(seedSet.body.error.message).toMatch(/TIARA needs one|tiara: must be one of/);
    expect(await t.dump()).toEqual(before);

    const booked = await bookWithDefaultQuestions(contactId, start);
    expect(booked.map((q) => q.tiara)).toEqual(['trends', 'insights', 'advice', 'resources', 'assignments']);
  });

  it('a seed campaign (the default) books as before', async () => {
    const { contactId } = await t.stack.contacted();
    const start = new Date(t.stack.clock.now().getTime() + 3 * DAY);
    const booked = await bookWithDefaultQuestions(contactId, start);
    expect(booked.map((q) => q.domain)).toEqual(['interviewee', 'interviewee', 'field', 'advice', 'advice']);
  });
});
