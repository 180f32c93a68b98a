/**
 * Issue 9, first slice: every route refuses bad input with a 4xx naming the field, and the table
 * (a full dump) is the same before and after.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument, operationsOf } from '#api/openapi.ts';
import { makeRouter } from '#api/router.ts';
import { type ApiStack, aClientBody, type Call, startApiStack } from './support.ts';

const START = '2027-03-01T08:00:00.000Z';
const MB = 'x'.repeat(1024 * 1024);
const TEN_KB = 'x'.repeat(10 * 1024);

interface Row {
  name: string;
  method: string;
  /** `{client}` and `{campaign}` stand for the ids of a seeded client and campaign. */
  path: string;
  call?: Call;
  status: number;
  field: string | null;
}

const unknown = randomUUID();

const ROWS: Row[] = [
  // POST /clients
  {
    name: 'wrong type',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { firstName: 5 }) },
    status: 422,
    field: 'firstName',
  },
  {
    name: 'missing field',
    method: 'POST',
    path: '/clients',
    call: { body: { ...aClientBody('a'), email: undefined } },
    status: 422,
    field: 'email',
  },
  {
    name: 'unknown field',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { nickname: 'S' }) },
    status: 422,
    field: 'nickname',
  },
  {
    name: '1 MB string',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { introduction: MB }) },
    status: 413,
    field: 'body',
  },
  {
    name: '10 KB name',
    method: 'POST',
    path: '/clients',
    call: { body: aClientBody('a', { lastName: TEN_KB }) },
    status: 422,
    field: 'lastName',
  },
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
    name: 'invalid JSON',
    method: 'POST',
    path: '/clients',
    call: { raw: '{"firstName": "Sam",' },
    status: 400,
    field: 'body',
  },
  {
    name: 'a list, not an object',
    method: 'POST',
    path: '/clients',
    call: { body: [aClientBody('a')] },
    status: 422,
    field: 'body',
  },
  {
    name: 'wrong content type',
    method: 'POST',
    path: '/clients',
    call: { raw: 'firstName=Sam', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    status: 415,
    field: 'content-type',
  },
  // GET / PATCH /clients/{id}
  { name: 'unknown client', method: 'GET', path: `/clients/${unknown}`, status: 404, field: 'clientId' },
  {
    name: 'id that is no id',
    method: 'GET',
    path: `/clients/${'%27'.repeat(300)}`,
    status: 404,
    field: 'clientId',
  },
  {
    name: 'wrong type',
    method: 'PATCH',
    path: '/clients/{client}',
    call: { body: { timeZone: 7 } },
    status: 422,
    field: 'timeZone',
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
    name: '1 MB string',
    method: 'PATCH',
    path: '/clients/{client}',
    call: { body: { field: MB } },
    status: 413,
    field: 'body',
  },
  {
    name: 'unknown client',
    method: 'PATCH',
    path: `/clients/${unknown}`,
    call: { body: { field: 'Design' } },
    status: 404,
    field: 'clientId',
  },
  // campaigns of a client
  {
    name: 'missing name',
    method: 'POST',
    path: '/clients/{client}/campaigns',
    call: { body: {} },
    status: 422,
    field: 'name',
  },
  {
    name: 'policy not an object',
    method: 'POST',
    path: '/clients/{client}/campaigns',
    call: { body: { name: 'C', policy: 5 } },
    status: 422,
    field: 'policy',
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
    name: 'invalid JSON',
    method: 'POST',
    path: '/clients/{client}/campaigns',
    call: { raw: 'name: C' },
    status: 400,
    field: 'body',
  },
  {
    name: 'unknown client',
    method: 'POST',
    path: `/clients/${unknown}/campaigns`,
    call: { body: { name: 'C' } },
    status: 404,
    field: 'clientId',
  },
  {
    name: 'unknown client',
    method: 'GET',
    path: `/clients/${unknown}/campaigns`,
    status: 404,
    field: 'clientId',
  },
  // campaigns
  {
    name: 'unknown campaign',
    method: 'GET',
    path: `/campaigns/${unknown}`,
    status: 404,
    field: 'campaignId',
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
    name: 'wrong type',
    method: 'PATCH',
    path: '/campaigns/{campaign}',
    call: { body: { name: 7 } },
    status: 422,
    field: 'name',
  },
  {
    name: 'empty window',
    method: 'PATCH',
    path: '/campaigns/{campaign}',
    call: { body: { policy: { sendWindow: { days: [] } } } },
    status: 422,
    field: 'policy.sendWindow.days',
  },
  {
    name: 'status is not a field',
    method: 'PATCH',
    path: '/campaigns/{campaign}',
    call: { body: { status: 'active' } },
    status: 422,
    field: 'status',
  },
  {
    name: 'wrong content type',
    method: 'PATCH',
    path: '/campaigns/{campaign}',
    call: { raw: '{"name":"C"}', headers: { 'content-type': 'text/plain' } },
    status: 415,
    field: 'content-type',
  },
  {
    name: 'unknown campaign',
    method: 'PATCH',
    path: `/campaigns/${unknown}`,
    call: { body: { name: 'C' } },
    status: 404,
    field: 'campaignId',
  },
  {
    name: 'a body it does not take',
    method: 'POST',
    path: '/campaigns/{campaign}/launch',
    call: { body: { now: true } },
    status: 422,
    field: 'now',
  },
  {
    name: 'unknown campaign',
    method: 'POST',
    path: `/campaigns/${unknown}/launch`,
    status: 404,
    field: 'campaignId',
  },
  {
    name: 'unknown campaign',
    method: 'POST',
    path: `/campaigns/${unknown}/pause`,
    status: 404,
    field: 'campaignId',
  },
  {
    name: 'invalid JSON',
    method: 'POST',
    path: '/campaigns/{campaign}/resume',
    call: { raw: '{' },
    status: 400,
    field: 'body',
  },
  {
    name: 'unknown campaign',
    method: 'POST',
    path: `/campaigns/${unknown}/resume`,
    status: 404,
    field: 'campaignId',
  },
  {
    name: 'unknown campaign',
    method: 'GET',
    path: `/campaigns/${unknown}/stats`,
    status: 404,
    field: 'campaignId',
  },
  // jobs, imports
  { name: 'unknown job', method: 'GET', path: `/jobs/${unknown}`, status: 404, field: 'jobId' },
  { name: 'id that is no id', method: 'GET', path: '/jobs/a%20b', status: 404, field: 'jobId' },
  {
    name: 'unknown campaign',
    method: 'GET',
    path: `/campaigns/${unknown}/jobs`,
    status: 404,
    field: 'campaignId',
  },
  {
    name: 'contacts not a list',
    method: 'POST',
    path: '/campaigns/{campaign}/imports',
    call: { body: { contacts: 'ana@lumen.example' } },
    status: 422,
    field: 'contacts',
  },
  {
    name: 'unknown field',
    method: 'POST',
    path: '/campaigns/{campaign}/imports',
    call: { body: { contacts: [], file: 'x' } },
    status: 422,
    field: 'file',
  },
  {
    name: 'invalid JSON',
    method: 'POST',
    path: '/campaigns/{campaign}/imports',
    call: { raw: '{"contacts": [' },
    status: 400,
    field: 'body',
  },
  {
    name: 'CSV without an email column',
    method: 'POST',
    path: '/campaigns/{campaign}/imports',
    call: { raw: 'name\nAna', headers: { 'content-type': 'text/csv' } },
    status: 422,
    field: 'body',
  },
  {
    name: 'wrong content type',
    method: 'POST',
    path: '/campaigns/{campaign}/imports',
    call: { raw: 'email\na@b.example', headers: { 'content-type': 'text/plain' } },
    status: 415,
    field: 'content-type',
  },
  {
    name: 'unknown campaign',
    method: 'POST',
    path: `/campaigns/${unknown}/imports/upload`,
    status: 404,
    field: 'campaignId',
  },
  {
    name: 'a body where none is taken',
    method: 'POST',
    path: '/campaigns/{campaign}/imports/upload',
    call: { body: { size: 5 } },
    status: 422,
    field: 'size',
  },
  // no such route or method
  { name: 'no route', method: 'GET', path: '/contacts', status: 404, field: null },
  { name: 'wrong method', method: 'DELETE', path: '/clients/{client}', status: 405, field: null },
];

describe('HTTP API: bad input, route by route', () => {
  it('has rows for every operation of the OpenAPI document', () => {
    const operations = operationsOf(openApiDocument('test')).map((op) => {
      const [method = '', pattern = ''] = op.split(' ');
      return { method, pattern };
    });
    const lookup = makeRouter(operations);
    const covered = new Set(
      ROWS.flatMap((row) => {
        const found = lookup(row.method, row.path);
        return found.outcome === 'found' ? [`${found.match.route.method} ${found.match.route.pattern}`] : [];
      }),
    );
    expect(operations.length).toBe(15);
    expect([...covered].sort()).toEqual(operations.map((op) => `${op.method} ${op.pattern}`).sort());
  });

  let t: ApiStack;
  let ids: { client: string; campaign: string };
  beforeAll(async () => {
    t = await startApiStack(START);
    const client = await t.call('POST', '/clients', { body: aClientBody('seed') });
    const campaign = await t.call('POST', `/clients/${client.body.id}/campaigns`, {
      body: { name: 'Seeded' },
    });
    ids = { client: client.body.id, campaign: campaign.body.id };
  });
  afterAll(() => t.stack.stop());

  for (const row of ROWS) {
    it(`${row.method} ${row.path}: ${row.name} → ${row.status} naming ${row.field}`, async () => {
      const path = row.path.replace('{client}', ids.client).replace('{campaign}', ids.campaign);
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
