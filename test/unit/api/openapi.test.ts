import { describe, expect, it } from 'vitest';
import { openApiDocument, operationsOf } from '#api/openapi.ts';

describe('openapi.json (built from the routes and their zod schemas)', () => {
  const doc = openApiDocument('1.2.3');

  it('lists every operation, with its id, path parameters and, on POSTs, the Idempotency-Key header', () => {
    expect(operationsOf(doc).sort()).toEqual(
      [
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
        'GET /jobs/{jobId}',
        'GET /campaigns/{campaignId}/jobs',
        'POST /campaigns/{campaignId}/imports',
        'POST /campaigns/{campaignId}/imports/upload',
      ].sort(),
    );
    const launch = doc.paths['/campaigns/{campaignId}/launch']?.post as { parameters: { name: string }[] };
    expect(launch.parameters.map((p) => p.name)).toEqual(['campaignId', 'Idempotency-Key']);
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
});
