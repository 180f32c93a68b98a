/**
 * Issue 9, "Show": every operation of the OpenAPI document refuses malformed requests with a 4xx
 * naming the field, and the table (a full dump) is the same before and after each one.
 *
 * The cases are derived from the document the API serves (`malformed-requests.ts`), so an
 * operation added to the route table is covered without a line here; the path parameters of each
 * operation are filled from FIXTURES (created through the API where it can). Below them, ROWS: the
 * domain's own rules that no JSON schema states (a time zone, an address, a policy's bounds).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeDynamoReviewStore } from '#adapters/dynamo-review-store.ts';
import { openApiDocument } from '#api/openapi.ts';
import { replyIdOf } from '#domain/ports/review-store.ts';
import { TEST_SUPPRESSION_SECRET } from '../store-fixture.ts';
import { aProspect } from '../workflow/harness.ts';
import { MB, malformedRequests, type OpenApiOperation, validBody } from './malformed-requests.ts';

import { type ApiStack, aClientBody, type Call, startApiStack } from './support.ts';

const START = '2027-03-01T08:00:00.000Z';
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

interface Row {
  name: string;
  method: string;
  /** `{client}`, `{campaign}` and `{contact}` stand for the ids of a seeded client, campaign and contact. */
  path: string;
  call?: Call;
  status: number;
  field: string | null;
}

const ROWS: Row[] = [
  {
    name: 'bad address',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { email: 'sam@' }) },
    status: 422,
    field: 'email',
  },
  {
    name: 'bad time zone',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { timeZone: '+05:00' }) },
    status: 422,
    field: 'timeZone',
  },
  {
    name: 'control character',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { firstName: 'Sam\u202e' }) },
    status: 422,
    field: 'firstName',
  },
  {
    name: 'bad time zone',
    method: 'PATCH',
    path: '/clients/{client}',
    call: { body: { timeZone: 'Mars/Olympus' } },
    status: 422,
    field: 'timeZone',
  },
  {
    name: 'a key never uploaded',
    method: 'POST',
    path: '/clients/{client}/resume/confirm',
    call: { body: { key: `resumes/x/${randomUUID()}.pdf` } },
    status: 422,
    field: 'key',
  },
  // replies (their own function behind the same API)
  {
    name: 'wrong content type',
    method: 'POST',
    path: '/replies/classify',
    call: { body: { text: 'yes' } },
    status: 415,
    field: 'content-type',
  },
  {
    name: 'empty message',
    method: 'POST',
    path: '/replies/classify',
    call: { raw: '', headers: { 'content-type': 'message/rfc822' } },
    status: 422,
    field: 'body',
  },
  {
    name: 'over 1 MiB',
    method: 'POST',
    path: '/replies/classify',
    call: { raw: `Subject: big\r\n\r\n${MB}`, headers: { 'content-type': 'message/rfc822' } },
    status: 413,
    field: 'body',
  },
  {
    name: 'unknown time zone',
    method: 'POST',
    path: '/replies/classify?timeZone=Mars/Base',
    call: { raw: 'Subject: hi\r\n\r\nYes, happy to talk.', headers: { 'content-type': 'message/rfc822' } },
    status: 422,
    field: 'timeZone',
  },
  {
    name: 'bad policy',
    method: 'POST',
    path: '/clients/{client}/campaigns',
    call: { body: { name: 'C', policy: { dailyCapPerSender: 0 } } },
    status: 422,
    field: 'policy.dailyCapPerSender',
  },
  {
    name: 'bad question',
    method: 'POST',
    path: '/clients/{client}/campaigns',
    call: { body: { name: 'C', questionBank: [{ domain: 'weather', text: 'Rain?' }] } },
    status: 422,
    field: 'questionBank[0].domain',
  },
  {
    name: 'nothing to change',
    method: 'PATCH',
    path: '/campaigns/{campaign}',
    call: { body: {} },
    status: 422,
    field: 'body',
  },
  {
    name: 'empty window',
    method: 'PATCH',
    path: '/campaigns/{campaign}',
    call: { body: { policy: { sendWindow: { days: [] } } } },
    status: 422,
    field: 'policy.sendWindow.days',
  },
  // the reads: the query string (the cursor is opaque: a tampered one is refused by the store's check)
  {
    name: 'bad limit',
    method: 'GET',
    path: '/clients',
    call: { query: { limit: '0' } },
    status: 422,
    field: 'limit',
  },
  {
    name: 'unknown stage',
    method: 'GET',
    path: '/campaigns/{campaign}/board',
    call: { query: { stage: 'nope' } },
    status: 422,
    field: 'stage',
  },
  {
    name: 'tampered cursor',
    method: 'GET',
    path: '/campaigns/{campaign}/contacts',
    call: { query: { stage: 'queued', cursor: 'e30' } },
    status: 422,
    field: 'cursor',
  },
  // a meeting's mode (`{contact}`: a seeded prospect)
  {
    name: 'bad mode',
    method: 'POST',
    path: '/contacts/{contact}/meeting',
    call: { body: { start: '2027-03-04T15:00:00Z', mode: 'phone' } },
    status: 422,
    field: 'mode',
  },
  { name: 'no route', method: 'GET', path: '/no-such-resource', status: 404, field: null },
  { name: 'wrong method', method: 'DELETE', path: '/clients/{client}', status: 405, field: null },
];

/** Where each path parameter's valid value comes from; an operation with another parameter fails until one is added. */
type Fixtures = Record<string, (t: ApiStack, fixture: (name: string) => Promise<string>) => Promise<string>>;

const FIXTURES: Fixtures = {
  clientId: async (t) => (await t.call('POST', '/clients', { body: aClientBody(randomUUID()) })).body.id,
  campaignId: async (t, fixture) =>
    (await t.call('POST', `/clients/${await fixture('clientId')}/campaigns`, { body: { name: 'Seeded' } }))
      .body.id,
  contactId: async (t, fixture) => {
    const report = await t.stack.workflow.importContacts(await fixture('campaignId'), [aProspect()]);
    return (report.created[0] as { id: string }).id;
  },
  jobId: async (t, fixture) => {
    const started = await t.call('POST', `/campaigns/${await fixture('campaignId')}/imports`, {
      body: { contacts: [{ email: `someone.${randomUUID()}@example.com` }] },
    });
    const id = started.body.job.id as string;
    // The job runs in process after the answer: wait until it has written all it will (a later
    // write would look like a refused request's).
    await t.finished(id);
    return id;
  },
  step: async () => 'outreach',
  // A reply waiting in the review queue (as the inbound function lists an unsure one).
  replyId: async (t, fixture) => {
    const contactId = await fixture('contactId');
    const replyKey = randomUUID().replaceAll('-', '').slice(0, 22);
    const reviews = makeDynamoReviewStore({ ...t.stack.table, suppressionSecret: TEST_SUPPRESSION_SECRET });
    await reviews.add({
      replyId: replyIdOf(contactId, replyKey),
      replyKey,
      state: 'open',
      reason: 'unsure',
      contactId,
      sesMessageId: randomUUID(),
      objectKey: `inbound/${randomUUID()}`,
      receivedAt: START,
      applied: 'held',
      reading: { intent: 'other', confidence: 0.5, proposedTimes: [], referrals: [] },
      version: 1,
    });
    return replyIdOf(contactId, replyKey);
  },
};

type Document = ReturnType<typeof openApiDocument>;
type Operations = [method: string, pattern: string, operation: OpenApiOperation][];

function operationsOf(document: Document): Operations {
  return Object.entries(document.paths).flatMap(([pattern, methods]) =>
    Object.entries(methods as Record<string, OpenApiOperation>).map(
      ([method, operation]): Operations[number] => [method.toUpperCase(), pattern, operation],
    ),
  );
}

const expectedOperations = operationsOf(openApiDocument(version));

describe('HTTP API: malformed requests, operation by operation (from the OpenAPI document)', () => {
  let t: ApiStack;
  let served: Document;
  const made = new Map<string, Promise<string>>();
  const fixture = (name: string): Promise<string> => {
    const make = FIXTURES[name];
    if (!make) throw new Error(`no fixture for the path parameter {${name}}: add one to FIXTURES`);
    if (!made.has(name)) made.set(name, make(t, fixture));
    return made.get(name) as Promise<string>;
  };
  beforeAll(async () => {
    t = await startApiStack(START);
    served = (await t.call('GET', '/openapi.json')).body;
  });
  afterAll(() => t.stack.stop());

  it('serves the document built from the route table (run `npm run build:openapi` after changing a route)', () => {
    expect(served).toEqual(openApiDocument(version));
  });

  for (const [method, pattern, operation] of expectedOperations) {
    it(`${method} ${pattern} (${operation.operationId}): every malformed request → 4xx naming the field, nothing written`, async () => {
      const params = Object.fromEntries(
        await Promise.all(
          [...pattern.matchAll(/\{(\w+)\}/g)].map(
            async ([, name = '']) => [name, await fixture(name)] as const,
          ),
        ),
      );
      const cases = malformedRequests(method, operation);
      expect(cases.length).toBeGreaterThanOrEqual(3);
      const failures: string[] = [];
      const before = await t.dump();
      for (const c of cases) {
        const all = { ...params, ...c.params };
        const path = pattern.replace(/\{(\w+)\}/g, (_, name: string) => all[name] ?? '');
        const call: Call = { headers: c.headers, query: c.query };
        if (c.raw !== undefined) call.raw = c.raw;
        else if (c.body !== undefined) call.body = c.body;
        const out = await t.call(method, path, call);
        const fields = Array.isArray(c.field) ? c.field : [c.field];
        const field = out.body?.error?.field;
        const statusOk =
          c.status !== undefined ? out.status === c.status : out.status >= 400 && out.status < 500;
        const written = JSON.stringify(await t.dump()) !== JSON.stringify(before);
        if (!statusOk || !fields.includes(field) || typeof out.body?.error?.code !== 'string' || written) {
          failures.push(
            `${c.name}: got ${out.status} ${JSON.stringify(out.body).slice(0, 300)}; want ${c.status ?? '4xx'} naming ${fields.join(' or ')}${written ? '; AND THE TABLE CHANGED' : ''}`,
          );
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('the smallest valid body of every operation is what its schema takes (the cases above change one thing each)', () => {
    // The base of the cases: each operation's valid body is accepted by the schema's types, so a
    // case's one wrong value is the only fault (spot-checked here on the two create operations).
    const byName = Object.fromEntries(expectedOperations.map(([, , op]) => [op.operationId, op]));
    expect(validBody(byName.createClient as OpenApiOperation)).toEqual({
      firstName: 'x',
      lastName: 'x',
      email: 'x',
      senderLocalPart: 'x',
      timeZone: 'x',
      field: 'x',
      introduction: 'x',
    });
    expect(validBody(byName.createCampaign as OpenApiOperation)).toEqual({ name: 'x' });
  });
});

describe("HTTP API: the domain's rules, route by route", () => {
  let t: ApiStack;
  let ids: { client: string; campaign: string; contact: string };
  beforeAll(async () => {
    t = await startApiStack(START);
    const client = await t.call('POST', '/clients', { body: aClientBody('seed') });
    const campaign = await t.call('POST', `/clients/${client.body.id}/campaigns`, {
      body: { name: 'Seeded' },
    });
    const { created } = await t.stack.workflow.importContacts(campaign.body.id, [aProspect()]);
    ids = { client: client.body.id, campaign: campaign.body.id, contact: created[0]?.id as string };
  });
  afterAll(() => t.stack.stop());

  for (const row of ROWS) {
    it(`${row.method} ${row.path}: ${row.name} → ${row.status} naming ${row.field}`, async () => {
      const path = row.path
        .replace('{client}', ids.client)
        .replace('{campaign}', ids.campaign)
        .replace('{contact}', ids.contact);
      const before = await t.dump();
      const out = await t.call(row.method, path, row.call);
      expect(out.status).toBe(row.status);
      expect(out.body).toEqual({
        error: { code: expect.any(String), message: expect.any(String), field: row.field },
      });
      expect(await t.dump()).toEqual(before);
    });
  }
});
