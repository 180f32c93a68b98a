import { describe, expect, it } from 'vitest';
import { openApiDocument, operationsOf } from '#api/openapi.ts';
import { makeRoutes, type OperationDeps } from '#api/operations.ts';
import { separateOperations } from '#api/separate-routes.ts';

describe('openapi.json (built from the routes and their zod schemas)', () => {
  const doc = openApiDocument('1.2.3');

  it('lists every operation, with its id, path parameters and, on POSTs, the Idempotency-Key header', () => {
    // Every operation of this list at least (each resource's routes add theirs).
    expect(operationsOf(doc)).toEqual(
      expect.arrayContaining([
        'POST /clients',
        'GET /clients/{clientId}',
        'PATCH /clients/{clientId}',
        'POST /clients/{clientId}/campaigns',
        'GET /clients/{clientId}/campaigns',
        'GET /campaigns/{campaignId}',
        'PATCH /campaigns/{campaignId}',
        'POST /campaigns/{campaignId}/launch',
        'POST /campaigns/{campaignId}/pause',
        'POST /campaigns/{campaignId}/resume',
        'GET /campaigns/{campaignId}/stats',
        'DELETE /contacts/{contactId}',
        'GET /jobs/{jobId}',
        'GET /campaigns/{campaignId}/jobs',
        'POST /campaigns/{campaignId}/imports',
        'POST /campaigns/{campaignId}/imports/upload',
        'GET /clients',
        'GET /campaigns/{campaignId}/board',
        'GET /campaigns/{campaignId}/contacts',
        'GET /contacts/{contactId}',
        'POST /contacts/{contactId}/approve',
        'POST /contacts/{contactId}/pause',
        'POST /contacts/{contactId}/resume',
        'POST /contacts/{contactId}/unsubscribe',
        'PUT /contacts/{contactId}/personal-line',
        'PUT /contacts/{contactId}/update',
        'POST /contacts/{contactId}/meeting',
        'PATCH /contacts/{contactId}/meeting',
        'POST /contacts/{contactId}/meeting/cancel',
        'POST /contacts/{contactId}/meeting/held',
        'POST /contacts/{contactId}/meeting/not-held',
        'GET /openapi.json',
        'POST /clients/{clientId}/resume',
        'POST /clients/{clientId}/resume/confirm',
        'GET /contacts/{contactId}/preview/{step}',
        'POST /replies/classify',
      ]),
    );
    const launch = doc.paths['/campaigns/{campaignId}/launch']?.post as { parameters: { name: string }[] };
    expect(launch.parameters.map((p) => p.name)).toEqual(['campaignId', 'Idempotency-Key']);
  });

  it('lists the query parameters of the reads', () => {
    const board = doc.paths['/campaigns/{campaignId}/board']?.get as {
      parameters: { name: string; in: string; required: boolean }[];
    };
    expect(board.parameters.map((p) => `${p.in} ${p.name}${p.required ? '' : '?'}`)).toEqual([
      'path campaignId',
      'query stage?',
      'query limit?',
      'query cursor?',
    ]);
    const contacts = doc.paths['/campaigns/{campaignId}/contacts']?.get as {
      parameters: { name: string; required: boolean }[];
    };
    expect(contacts.parameters.find((p) => p.name === 'stage')?.required).toBe(true);
  });

  it('describes the request bodies by the same schemas the function checks', () => {
    const create = doc.paths['/clients']?.post as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
    };
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { firstName: { type: 'string', maxLength: 100 } },
    });
    expect(schema.required).toEqual([
      'firstName',
      'lastName',
      'email',
      'senderLocalPart',
      'timeZone',
      'field',
      'introduction',
    ]);
  });

  it("documents each operation's success status as its route declares it (201 for a create, 200 by default)", () => {
    const declared = [...makeRoutes({} as OperationDeps), ...separateOperations().map((op) => op.route)].map(
      (r) => [`${r.method} ${r.pattern}`, String(r.status ?? 200)],
    );
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, { responses: Record<string, unknown> }>).map(
        ([method, op]) => [
          `${method.toUpperCase()} ${path}`,
          Object.keys(op.responses).find((status) => status.startsWith('2')),
        ],
      ),
    );
    expect(documented.sort()).toEqual(declared.sort());
    expect(Object.fromEntries(documented)).toMatchObject({
      'POST /clients': '201',
      'POST /clients/{clientId}/campaigns': '201',
      'GET /clients/{clientId}': '200',
    });
  });

  it('says every operation takes a Cognito ID token (the JWT API) or a SigV4 signature (the IAM API)', () => {
    expect(doc.security).toEqual([{ cognito: [] }, { sigv4: [] }]);
    expect(doc.components.securitySchemes.cognito).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.sigv4).toMatchObject({ type: 'apiKey', name: 'Authorization' });
  });

  it('documents the meeting booking: the mode as an enum, the zone and the questions optional', () => {
    const book = doc.paths['/contacts/{contactId}/meeting']?.post as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
    };
    const schema = book.requestBody.content['application/json'].schema;
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { mode: { enum: ['in_person', 'remote'] }, questions: { type: 'array' } },
    });
    expect(schema.required).toEqual(['start', 'mode']);
  });

  it('lists the routes other functions serve behind the same API, with the function and raw body', () => {
    const preview = doc.paths['/contacts/{contactId}/preview/{step}']?.get as Record<string, unknown>;
    expect(preview['x-rapport-function']).toBe('preview');
    const classify = doc.paths['/replies/classify']?.post as Record<string, unknown>;
    expect(classify).toMatchObject({
      'x-rapport-function': 'classify',
      requestBody: { content: { 'message/rfc822': { schema: { type: 'string' } } } },
      parameters: expect.arrayContaining([expect.objectContaining({ name: 'timeZone', in: 'query' })]),
    });
    expect(doc.paths['/clients']?.post).not.toHaveProperty('x-rapport-function');
  });
});
