/** Issue 9, first slice: the HTTP API function driven by payload v2 events, on the emulators. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoIdempotencyRecords } from '#adapters/dynamo-idempotency.ts';
import { fingerprintOf } from '#api/idempotency.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import { aProspect } from '../workflow/harness.ts';
import { type ApiStack, aClientBody, startApiStack, uploadResume } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';

describe('HTTP API: clients and campaigns end to end', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  it('creates a client, a campaign, updates its policy, and launches, pauses and resumes it', async () => {
    const created = await t.call('POST', '/clients', {
      body: aClientBody('life', { timeZone: 'europe/london' }),
    });
    expect(created.status).toBe(201);
    // The domain's parsing ran: the zone in its canonical spelling.
    expect(created.body).toMatchObject({ firstName: 'Sam', timeZone: 'Europe/London', createdAt: START });
    const clientId = created.body.id as string;
    expect(await t.stack.store.getClient(clientId)).toEqual(created.body);

    const gotClient = await t.call('GET', `/clients/${clientId}`);
    expect(gotClient).toMatchObject({ status: 200, body: created.body });

    const renamed = await t.call('PATCH', `/clients/${clientId}`, { body: { field: 'Service design' } });
    expect(renamed).toMatchObject({ status: 200, body: { ...created.body, field: 'Service design' } });

    const campaign = await t.call('POST', `/clients/${clientId}/campaigns`, {
      body: { name: 'Spring outreach', policy: { dailyCapPerSender: 10 } },
    });
    expect(campaign.status).toBe(201);
    expect(campaign.body).toMatchObject({
      clientId,
      name: 'Spring outreach',
      status: 'draft',
      policy: { ...DEFAULT_POLICY, dailyCapPerSender: 10 },
    });
    const campaignId = campaign.body.id as string;

    expect(await t.call('GET', `/campaigns/${campaignId}`)).toMatchObject({
      status: 200,
      body: campaign.body,
    });
    const listed = await t.call('GET', `/clients/${clientId}/campaigns`);
    expect(listed).toMatchObject({ status: 200, body: { items: [campaign.body] } });

    // A policy patch is merged over the current policy, then checked whole by parsePolicy.
    const patched = await t.call('PATCH', `/campaigns/${campaignId}`, {
      body: { policy: { sendWindow: { start: '10:00' } } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.policy).toEqual({
      ...DEFAULT_POLICY,
      dailyCapPerSender: 10,
      sendWindow: { ...DEFAULT_POLICY.sendWindow, start: '10:00' },
    });

    // A bad policy: refused naming the field, and nothing written.
    const before = await t.dump();
    const bad = await t.call('PATCH', `/campaigns/${campaignId}`, {
      body: { policy: { sendWindow: { end: '08:00' } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', field: 'policy.sendWindow.end' });
    const misspelt = await t.call('PATCH', `/campaigns/${campaignId}`, { body: { policy: { dailyCap: 5 } } });
    expect(misspelt.status).toBe(422);
    expect(misspelt.body.error.field).toBe('policy');
    expect(await t.dump()).toEqual(before);

    await t.stack.workflow.importContacts(campaignId, [aProspect(), aProspect()]);
    await uploadResume(t, clientId);
    const launched = await t.call('POST', `/campaigns/${campaignId}/launch`, {
      headers: { 'idempotency-key': `launch-${campaignId}` },
    });
    // A launch runs as a job: 202 with the job, queued; GET /jobs/{jobId} shows its result.
    expect(launched.status).toBe(202);
    expect(launched.body.job).toMatchObject({ kind: 'launch', campaignId, clientId, state: 'queued' });
    const job = await t.finished(launched.body.job.id);
    expect(job.body).toMatchObject({
      id: launched.body.job.id,
      state: 'succeeded',
      progress: { done: 2, total: 2 },
      result: { launched: 2 },
    });
    // The patched window opens at 10:00 in the contacts' zone (New York, UTC-5 on 1 March 2027).
    expect(job.body.result.first).toBe('2027-03-01T15:00:00.000Z');
    expect(t.stack.emulator.schedules()).toHaveLength(2);
    const stats = await t.call('GET', `/campaigns/${campaignId}/stats`);
    expect(stats).toMatchObject({
      status: 200,
      body: { campaignId, total: 2, byStage: { queued: 2, prospect: 0 } },
    });
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.status).toBe('active');

    const paused = await t.call('POST', `/campaigns/${campaignId}/pause`);
    expect(paused).toMatchObject({ status: 200, body: { changed: 2, inFlight: 0 } });
    expect(t.stack.emulator.schedules()).toHaveLength(0);
    expect((await t.call('GET', `/campaigns/${campaignId}/stats`)).body.byStage).toMatchObject({ paused: 2 });

    const resumed = await t.call('POST', `/campaigns/${campaignId}/resume`);
    expect(resumed).toMatchObject({ status: 200, body: { changed: 2 } });
    expect(t.stack.emulator.schedules()).toHaveLength(2);
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.status).toBe('active');
  });

  it('launches and pauses a campaign without contacts with zero counts', async () => {
    const client = await t.call('POST', '/clients', { body: aClientBody('empty') });
    const campaign = await t.call('POST', `/clients/${client.body.id}/campaigns`, {
      body: { name: 'Empty' },
    });
    await uploadResume(t, client.body.id);
    const launched = await t.call('POST', `/campaigns/${campaign.body.id}/launch`);
    expect(launched.status).toBe(202);
    const fin = await t.finished(launched.body.job.id);
    expect(fin.body).toMatchObject({
      state: 'succeeded',
      result: { launched: 0 },
    });
    expect(await t.call('POST', `/campaigns/${campaign.body.id}/pause`, { body: {} })).toMatchObject({
      status: 200,
      body: { changed: 0, inFlight: 0 },
    });
  });
});

describe('HTTP API: Idempotency-Key', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  const clientItems = async () => (await t.dump()).filter((item) => item.entity === 'client');
  const keyItems = async () => (await t.dump()).filter((item) => item.entity === 'idempotency');

  it('a retry with the same key answers the first response and creates nothing more', async () => {
    const key = randomUUID();
    const body = aClientBody('idem');
    const first = await t.call('POST', '/clients', { body, headers: { 'idempotency-key': key } });
    const again = await t.call('POST', '/clients', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await clientItems()).toHaveLength(1);
    // Kept with an expiry (the table's TTL attribute): 24 hours after the first request.
    const [record] = await keyItems();
    expect(record).toMatchObject({ PK: `IDEMPOTENCY#${key}`, state: 'done', statusCode: 201 });
    expect(record?.expiresAt).toBe(Date.parse(START) / 1000 + 24 * 3600);
  });

  it('the same key with another body is refused (422) and changes nothing', async () => {
    const key = randomUUID();
    await t.call('POST', '/clients', { body: aClientBody('first'), headers: { 'idempotency-key': key } });
    const before = await t.dump();
    const other = await t.call('POST', '/clients', {
      body: aClientBody('other'),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', field: 'Idempotency-Key' });
    expect(await t.dump()).toEqual(before);
  });

  it('a refused request keeps no key: the corrected retry with the same key runs', async () => {
    const key = randomUUID();
    const bad = await t.call('POST', '/clients', {
      body: aClientBody('fix', { timeZone: 'Mars/Olympus' }),
      headers: { 'idempotency-key': key },
    });
    expect(bad.status).toBe(422);
    expect((await keyItems()).some((item) => item.key === key)).toBe(false);
    // The same key on a request whose scope does not exist: 404, and again no key kept.
    const missing = await t.call('POST', `/campaigns/${randomUUID()}/launch`, {
      headers: { 'idempotency-key': key },
    });
    expect(missing.status).toBe(404);
    expect((await keyItems()).some((item) => item.key === key)).toBe(false);
    const fixed = await t.call('POST', '/clients', {
      body: aClientBody('fix'),
      headers: { 'idempotency-key': key },
    });
    expect(fixed.status).toBe(201);
  });

  it('a claim left by a request that died is taken over once its lease ran out', async () => {
    const key = randomUUID();
    const body = aClientBody('died');
    const records = makeDynamoIdempotencyRecords({
      tableName: t.stack.table.tableName,
      client: t.stack.table.client,
    });
    const now = Date.parse(START) / 1000;
    // The claim of the same request, as a function that died mid-request left it.
    const request = { method: 'POST', path: '/clients', headers: {}, query: {}, body: JSON.stringify(body) };
    const stale = {
      key,
      fingerprint: fingerprintOf(request),
      state: 'in_progress' as const,
      expiresAt: now + 86_400,
    };
    expect(await records.claim({ ...stale, lockedUntil: now + 60 }, now)).toEqual({ claimed: true });
    const running = await t.call('POST', '/clients', { body, headers: { 'idempotency-key': key } });
    expect(running.status).toBe(409);
    expect(running.body.error).toMatchObject({ code: 'idempotency_key_in_use', field: 'Idempotency-Key' });
    t.stack.emulator.advance(61_000);
    const retried = await t.call('POST', '/clients', { body, headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(201);
    expect((await keyItems()).find((item) => item.key === key)).toMatchObject({ state: 'done' });
  });

  it('a key that is not printable ASCII is refused with 400 naming the header', async () => {
    const out = await t.call('POST', '/clients', {
      body: aClientBody('k'),
      headers: { 'idempotency-key': 'a b' },
    });
    expect(out.status).toBe(400);
    expect(out.body.error.field).toBe('Idempotency-Key');
  });
});
