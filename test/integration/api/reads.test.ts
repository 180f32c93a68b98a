/**
 * Issue 9, the read side: the client list (paged) and the client's signature, a stage's contacts,
 * the pipeline board (counts + first page of each non-empty column, each column paged by its own
 * cursor, a constant number of DynamoDB requests), and one contact with its timeline, next emails
 * and the meeting times its last reply proposed (recorded through the inbound path).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '#domain/types.ts';
import { aProspect } from '../workflow/harness.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from '../workflow/inbound-stack.ts';
import { type ApiStack, aClientBody, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('HTTP API reads: clients', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  it('lists clients oldest first, a page at a time, each page with the cursor of the next', async () => {
    const ids: string[] = [];
    for (const tag of ['a', 'b', 'c']) {
      const created = await t.call('POST', '/clients', { body: aClientBody(`list-${tag}`) });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
      await t.stack.emulator.advanceBy(60_000);
    }
    const first = await t.call('GET', '/clients', { query: { limit: '2' } });
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    expect(typeof first.body.cursor).toBe('string');
    const second = await t.call('GET', '/clients', { query: { limit: '2', cursor: first.body.cursor } });
    expect(second.status).toBe(200);
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2]]);
    expect(second.body.cursor).toBeUndefined();
    // Each listed client is the client as stored (no table attributes leak out).
    expect(second.body.items[0]).toEqual(await t.stack.store.getClient(ids[2] as string));
    const all = await t.call('GET', '/clients');
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(ids);
  });

  it('refuses a bad limit or a tampered cursor with 422 naming it, never a 5xx', async () => {
    for (const limit of ['0', '101', 'ten', '-1', '1.5', '']) {
      const answer = await t.call('GET', '/clients', { query: { limit } });
      expect(answer.status, `limit=${limit}`).toBe(422);
      expect(answer.body.error.field).toBe('limit');
    }
    const { body } = await t.call('GET', '/clients', { query: { limit: '1' } });
    const real = JSON.parse(Buffer.from(body.cursor, 'base64url').toString('utf8'));
    const tampered = [
      'not-a-cursor',
      `${body.cursor}x`,
      base64url({ ...real, GSI1PK: 'CAMPAIGN#x#STAGE#queued' }),
      base64url({ ...real, extra: 'x' }),
      base64url({ PK: real.PK, SK: real.SK, GSI1PK: real.GSI1PK }),
      base64url({ ...real, GSI1SK: 7 }),
      base64url({ ...real, GSI1SK: '' }),
      base64url([real]),
      base64url('x'.repeat(3000)),
    ];
    for (const cursor of tampered) {
      const answer = await t.call('GET', '/clients', { query: { cursor } });
      expect(answer.status, cursor.slice(0, 40)).toBe(422);
      expect(answer.body.error).toMatchObject({ code: 'invalid_input', field: 'cursor' });
    }
  });

  it('stores and returns a signature (line breaks kept), refusing control characters and overlong text', async () => {
    const signature = 'Sam Okafor\r\nUX researcher in training';
    const created = await t.call('POST', '/clients', { body: aClientBody('sig', { signature }) });
    expect(created.status).toBe(201);
    expect(created.body.signature).toBe('Sam Okafor\nUX researcher in training');
    const id = created.body.id as string;
    expect((await t.call('GET', `/clients/${id}`)).body.signature).toBe(created.body.signature);

    const patched = await t.call('PATCH', `/clients/${id}`, { body: { signature: 'Sam' } });
    expect(patched).toMatchObject({ status: 200, body: { signature: 'Sam' } });

    const before = await t.dump();
    for (const bad of ['Sam\u0007', 'Sam\u202eevil', 'x'.repeat(501), 42]) {
      const answer = await t.call('PATCH', `/clients/${id}`, { body: { signature: bad } });
      expect(answer.status, JSON.stringify(bad).slice(0, 20)).toBe(422);
      expect(answer.body.error.field).toBe('signature');
      const create = await t.call('POST', '/clients', { body: aClientBody('sig-bad', { signature: bad }) });
      expect(create.status).toBe(422);
      expect(create.body.error.field).toBe('signature');
    }
    expect(await t.dump()).toEqual(before);
  });
});

describe('HTTP API reads: the board and a stage’s contacts', () => {
  let t: ApiStack;
  let campaignId: string;
  let queuedIds: string[];
  let prospectIds: string[];
  beforeAll(async () => {
    t = await startApiStack(START);
    const { campaign } = await t.stack.seed();
    campaignId = campaign.id;
    const first = await t.stack.workflow.importContacts(
      campaignId,
      Array.from({ length: 30 }, () => aProspect()),
    );
    await t.stack.workflow.launchCampaign(campaignId);
    const later = await t.stack.workflow.importContacts(
      campaignId,
      Array.from({ length: 5 }, () => aProspect({ company: undefined })),
    );
    const byBoardOrder = (cs: { id: string; createdAt: string }[]) =>
      cs
        .map((c) => ({ id: c.id, key: `${c.createdAt}#${c.id}` }))
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((c) => c.id);
    queuedIds = byBoardOrder(first.created);
    prospectIds = byBoardOrder(later.created);
  }, 60_000);
  afterAll(() => t.stack.stop());

  it('shows every stage’s count and the first page of each non-empty column, in constant requests', async () => {
    const before = t.stack.commands.length;
    const board = await t.call('GET', `/campaigns/${campaignId}/board`);
    const sent = t.stack.commands.slice(before);
    expect(board.status).toBe(200);
    expect(board.body.campaignId).toBe(campaignId);
    expect(board.body.total).toBe(35);
    expect(board.body.columns.map((c: { stage: string }) => c.stage)).toEqual([...STAGES]);
    const column = (stage: string) => board.body.columns.find((c: { stage: string }) => c.stage === stage);

    const queued = column('queued');
    expect(queued.count).toBe(30);
    expect(queued.items.map((s: { id: string }) => s.id)).toEqual(queuedIds.slice(0, 25));
    expect(typeof queued.cursor).toBe('string');
    const contact = await t.stack.store.getContact(queuedIds[0] as string);
    expect(queued.items[0]).toEqual({
      id: contact?.id,
      name: 'Priya Raman',
      email: contact?.email,
      company: 'Lumen Health',
      stage: 'queued',
      timeZone: contact?.timeZone,
      nextEmail: { step: 'outreach', at: contact?.schedules[0]?.at },
      updatedAt: contact?.updatedAt,
    });

    const prospect = column('prospect');
    expect(prospect).toMatchObject({ count: 5 });
    expect(prospect.items.map((s: { id: string }) => s.id)).toEqual(prospectIds);
    expect(prospect.items[0].company).toBeUndefined();
    expect(prospect.items[0].nextEmail).toBeUndefined();
    for (const stage of STAGES.filter((s) => s !== 'queued' && s !== 'prospect')) {
      expect(column(stage)).toEqual({ stage, count: 0, items: [] });
    }

    // The scope (campaign, client), the counters, and one query per non-empty column: nothing more.
    expect(sent.filter((c) => c === 'QueryCommand')).toHaveLength(2);
    expect(sent.filter((c) => c === 'GetItemCommand')).toHaveLength(3);
    expect(sent).toHaveLength(5);
  });

  it('pages one column by its cursor until every contact of it was shown once', async () => {
    const board = await t.call('GET', `/campaigns/${campaignId}/board`, { query: { limit: '10' } });
    const queued = board.body.columns.find((c: { stage: string }) => c.stage === 'queued');
    const seen: string[] = queued.items.map((s: { id: string }) => s.id);
    let cursor: string | undefined = queued.cursor;
    while (cursor) {
      const page = await t.call('GET', `/campaigns/${campaignId}/board`, {
        query: { stage: 'queued', cursor, limit: '10' },
      });
      expect(page.status).toBe(200);
      expect(page.body.columns).toHaveLength(1);
      expect(page.body.columns[0]).toMatchObject({ stage: 'queued', count: 30 });
      seen.push(...page.body.columns[0].items.map((s: { id: string }) => s.id));
      cursor = page.body.columns[0].cursor;
    }
    expect(seen).toEqual(queuedIds);

    // One column without a cursor: its first page.
    const prospects = await t.call('GET', `/campaigns/${campaignId}/board`, { query: { stage: 'prospect' } });
    expect(prospects.body.columns).toEqual([
      expect.objectContaining({ stage: 'prospect', count: 5, items: expect.any(Array) }),
    ]);
  });

  it('refuses a bad stage, a cursor without its stage and a cursor of another column (422 naming it)', async () => {
    const board = await t.call('GET', `/campaigns/${campaignId}/board`);
    const queuedCursor = board.body.columns.find((c: { stage: string }) => c.stage === 'queued').cursor;
    const cases: [Record<string, string>, string][] = [
      [{ stage: 'nope' }, 'stage'],
      [{ cursor: queuedCursor }, 'stage'],
      [{ stage: 'prospect', cursor: queuedCursor }, 'cursor'],
      [{ stage: 'queued', cursor: 'AAAA' }, 'cursor'],
      [{ limit: '1000' }, 'limit'],
    ];
    for (const [query, field] of cases) {
      const answer = await t.call('GET', `/campaigns/${campaignId}/board`, { query });
      expect(answer.status, JSON.stringify(query).slice(0, 60)).toBe(422);
      expect(answer.body.error.field).toBe(field);
    }
    const unknown = await t.call('GET', '/campaigns/00000000-0000-4000-8000-000000000000/board');
    expect(unknown.status).toBe(404);
  });

  it('lists a stage’s contacts (the contacts as stored), paged; a stage is required and checked', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.call('GET', `/campaigns/${campaignId}/contacts`, {
        query: { stage: 'queued', limit: '12', ...(cursor ? { cursor } : {}) },
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toEqual(queuedIds);

    const prospects = await t.call('GET', `/campaigns/${campaignId}/contacts`, {
      query: { stage: 'prospect' },
    });
    expect(prospects.body.items[0]).toEqual(await t.stack.store.getContact(prospectIds[0] as string));
    const none = await t.call('GET', `/campaigns/${campaignId}/contacts`, { query: { stage: 'met' } });
    expect(none).toMatchObject({ status: 200, body: { items: [] } });

    const bad: Record<string, string>[] = [{}, { stage: 'QUEUED' }, { stage: 'queued', cursor: 'e30' }];
    for (const query of bad) {
      const answer = await t.call('GET', `/campaigns/${campaignId}/contacts`, { query });
      expect(answer.status).toBe(422);
      expect(answer.body.error.field).toBe('cursor' in query ? 'cursor' : 'stage');
    }
  });
});

describe('HTTP API reads: one contact', () => {
  let world: InboundStack;
  let t: ApiStack;
  beforeAll(async () => {
    // Monday 2026-11-30 08:00 UTC: the reply fixtures are written on 1 December 2026.
    world = await startInboundStack({ start: '2026-11-30T08:00:00.000Z' });
    t = await startApiStack('2026-11-30T08:00:00.000Z', world.stack);
  });
  afterAll(() => world.stop());

  it('shows the timeline and the next emails in time order, then the times the reply proposed in the contact’s zone', async () => {
    const { contact } = await world.contacted();
    const before = await t.call('GET', `/contacts/${contact.id}`);
    expect(before.status).toBe(200);
    expect(before.body.contact).toEqual(contact);
    expect(before.body.timeline.map((e: { event: string }) => e.event)).toEqual([
      'imported',
      'launch',
      'email_sent',
    ]);
    // Follow-ups planned (the no-response timer sends nothing, so it is not an email).
    const planned = contact.schedules.filter((s) => s.step !== 'no-response');
    expect(planned.length).toBeGreaterThan(0);
    expect(before.body.nextEmails).toEqual(
      [...planned].sort((a, b) => a.at.localeCompare(b.at)).map((s) => ({ step: s.step, at: s.at })),
    );
    expect(before.body.proposedTimes).toEqual([]);

    const outcome = await world.deliver(
      fixture('accept-gmail-times.eml', { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    expect(outcome.outcome).toBe('recorded');

    const after = await t.call('GET', `/contacts/${contact.id}`);
    expect(after.status).toBe(200);
    expect(after.body.contact.stage).toBe('replied');
    expect(after.body.nextEmails).toEqual([]);
    // "Thursday Dec 3 at 2pm Eastern, or Friday morning around 10": the contact is in New York.
    expect(after.body.proposedTimes[0]).toBe('2026-12-03T14:00:00-05:00');
    expect(after.body.timeline.at(-1)).toMatchObject({ event: 'reply_received', to: 'replied' });
    expect(after.body.contact.proposedTimes[0]).toBe('2026-12-03T19:00:00.000Z');
  });

  it('answers 404 naming contactId for an unknown contact', async () => {
    const answer = await t.call('GET', '/contacts/00000000-0000-4000-8000-000000000000');
    expect(answer.status).toBe(404);
    expect(answer.body.error.field).toBe('contactId');
  });
});
