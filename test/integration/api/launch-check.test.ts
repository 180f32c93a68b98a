/**
 * The outreach check at launch (issue 16, item 2): a launch whose outreach breaks the method's
 * rules is refused at once — a 422 naming `override` with the findings, nothing written, no job
 * (the check runs in the preview function: `GET /campaigns/{id}/outreach-check`); with
 * `{override: {reason}}` it goes ahead and the reason is recorded on the campaign; a blank reason is
 * a 422 naming `override.reason`. The preview of an outreach carries its findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStack, campaignWithIntroduction, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';

describe('the outreach check at launch', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  const campaignAsking = (introduction: string) => campaignWithIntroduction(t, introduction);

  it('refuses a launch on errors, names them, writes nothing; an override launches and is recorded', async () => {
    const campaignId = await campaignAsking(
      'I was a nurse for eight years. Are there any openings on your research team?',
    );
    const contact = (await t.call('GET', `/campaigns/${campaignId}/contacts?stage=prospect`)).body.items[0];

    // The preview shows the findings.
    const preview = await t.call('GET', `/contacts/${contact.id}/preview/outreach`);
    expect(preview.status).toBe(200);
    expect(preview.body.check.findings).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'job-ask' }),
    );

    // The check on its own (the preview function's route): every prospect, the findings listed.
    const check = await t.call('GET', `/campaigns/${campaignId}/outreach-check`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ checked: 1, errors: 1 });
    expect(check.body.contacts[0]).toMatchObject({ contactId: contact.id, email: contact.email });
    expect(check.body.contacts[0].findings).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'job-ask' }),
    );

    // The launch is refused at once, naming `override` and listing the findings; nothing written, no job.
    const before = await t.dump();
    for (const key of [undefined, 'launch-check-refused-1']) {
      const refused = await t.call('POST', `/campaigns/${campaignId}/launch`, {
        ...(key ? { headers: { 'idempotency-key': key } } : {}),
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'invalid_input', field: 'override' });
      expect(refused.body.error.message).toContain(`${contact.email}: job-ask`);
      expect(refused.body.error.message).toContain('{"override": {"reason": "…"}}');
      expect(refused.body.error.findings).toEqual([
        expect.objectContaining({
          contactId: contact.id,
          findings: expect.arrayContaining([expect.objectContaining({ severity: 'error', code: 'job-ask' })]),
        }),
      ]);
    }
    expect(await t.dump()).toEqual(before);
    const jobs = (await t.call('GET', `/campaigns/${campaignId}/jobs`)).body.items as { kind: string }[];
    expect(jobs.map((j) => j.kind)).toEqual(['import']);
    expect((await t.call('GET', `/contacts/${contact.id}`)).body.contact.stage).toBe('prospect');
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.status).toBe('draft');

    // A blank reason is refused by name; nothing recorded.
    const blank = await t.call('POST', `/campaigns/${campaignId}/launch`, {
      body: { override: { reason: ' ' } },
    });
    expect(blank.status).toBe(422);
    expect(blank.body.error.field).toBe('override.reason');
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.launchOverride).toBeUndefined();

    const overridden = await t.call('POST', `/campaigns/${campaignId}/launch`, {
      body: { override: { reason: 'The client insists on asking; agreed on our call of 1 March.' } },
    });
    expect(overridden.status).toBe(202);
    const done = await t.finished(overridden.body.job.id);
    expect(done.body).toMatchObject({
      state: 'succeeded',
      result: {
        launched: 1,
        check: { errors: 1, overridden: 'The client insists on asking; agreed on our call of 1 March.' },
      },
    });
    const campaign = (await t.call('GET', `/campaigns/${campaignId}`)).body;
    expect(campaign.launchOverride).toMatchObject({
      reason: 'The client insists on asking; agreed on our call of 1 March.',
      at: START,
    });
    expect((await t.call('GET', `/contacts/${contact.id}`)).body.contact.stage).toBe('queued');
  });

  it('a good outreach launches with its warnings counted', async () => {
    const campaignId = await campaignAsking(
      'I spent eight years as a nurse and now study human-centred design.',
    );
    const launched = await t.call('POST', `/campaigns/${campaignId}/launch`);
    const done = await t.finished(launched.body.job.id);
    expect(done.body).toMatchObject({ state: 'succeeded', result: { launched: 1, check: { errors: 0 } } });
  });
});
