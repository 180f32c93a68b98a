/**
 * Auto-pause on reputation over the HTTP API (issue 13 item 5): a campaign's `pausedReason` is shown by
 * `GET /campaigns/{id}` and cleared by `POST /campaigns/{id}/resume`; the consultancy's stop is shown
 * by `GET /sending` and cleared by a person with `POST /sending/resume` (safe to repeat).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoReputation } from '#adapters/dynamo-reputation.ts';
import { CONSULTANCY_LIMITS } from '#domain/reputation.ts';
import { type ApiStack, aClientBody, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';

describe('HTTP API: sending stopped on reputation', () => {
  let t: ApiStack;
  let reputation: ReturnType<typeof makeDynamoReputation>;
  beforeAll(async () => {
    t = await startApiStack(START);
    reputation = makeDynamoReputation({ tableName: t.stack.table.tableName, client: t.stack.table.client });
  });
  afterAll(() => t.stack.stop());

  it('a campaign that paused itself shows why; a person resuming it clears the reason', async () => {
    const client = await t.call('POST', '/clients', { body: aClientBody('rep') });
    const campaign = await t.call('POST', `/clients/${client.body.id}/campaigns`, { body: { name: 'Rep' } });
    const id = campaign.body.id as string;
    const reason = 'hard bounces 20 of 1000 sends (2.00 %) reached the 2 % limit';
    // As the SES feedback path does it (reputation-guard.ts).
    await t.stack.store.changeCampaignStatus(id, 'paused', undefined, reason);
    const shown = await t.call('GET', `/campaigns/${id}`);
    expect(shown.body).toMatchObject({ status: 'paused', pausedReason: reason });
    expect((await t.call('POST', `/campaigns/${id}/resume`)).status).toBe(200);
    const resumed = await t.call('GET', `/campaigns/${id}`);
    expect(resumed.body.status).toBe('active');
    expect(resumed.body.pausedReason).toBeUndefined();
  });

  it('GET /sending shows the stop and the counts; POST /sending/resume clears it, and again changes nothing', async () => {
    const before = await t.call('GET', '/sending');
    expect(before.body).toEqual({
      stopped: null,
      counts: { sends: 0, hardBounces: 0, complaints: 0 },
      limits: CONSULTANCY_LIMITS,
    });
    await reputation.countFeedback('send', 'm-1', undefined);
    const stop = { reason: 'hard bounces 20 of 500 sends (4.00 %) reached the 4 % limit', at: START };
    expect(await reputation.stopSending(stop)).toBe(true);
    expect(await reputation.stopSending({ ...stop, reason: 'later' })).toBe(false); // the first reason stays
    const stopped = await t.call('GET', '/sending');
    expect(stopped.body).toMatchObject({ stopped: stop, counts: { sends: 1 } });
    const resumed = await t.call('POST', '/sending/resume');
    expect(resumed.body).toEqual({ resumed: true, wasStopped: stop });
    expect((await t.call('GET', '/sending')).body.stopped).toBeNull();
    expect((await t.call('POST', '/sending/resume')).body).toEqual({ resumed: false, wasStopped: null });
  });

  it('POST /sending/resume takes a reason (echoed, logged); a bad one is refused naming it, the stop kept', async () => {
    const stop = { reason: 'complaints 1 of 600 sends (0.17 %) reached the 0.08 % limit', at: START };
    expect(await reputation.stopSending(stop)).toBe(true);
    for (const body of [{ reason: '' }, { reason: 'x'.repeat(501) }, { reason: 7 }, { why: 'typo' }]) {
      const refused = await t.call('POST', '/sending/resume', { body });
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error.field).toBe('reason' in body ? 'reason' : 'why');
    }
    expect((await t.call('GET', '/sending')).body.stopped).toEqual(stop);
    const resumed = await t.call('POST', '/sending/resume', { body: { reason: 'list cleaned' } });
    expect(resumed.body).toEqual({ resumed: true, wasStopped: stop, reason: 'list cleaned' });
    expect((await t.call('GET', '/sending')).body.stopped).toBeNull();
  });
});
