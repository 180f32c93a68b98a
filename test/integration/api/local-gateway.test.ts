/** `npm start`'s API: Node HTTP requests on loopback become payload v2 events for the same handler. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { type ApiStack, aClientBody, startApiStack } from './support.ts';

describe('HTTP API on the local gateway', () => {
  let t: ApiStack;
  let gateway: LocalApiGateway;
  beforeAll(async () => {
    t = await startApiStack('2027-03-01T08:00:00.000Z');
    gateway = await startLocalApiGateway({ port: 0, handler: t.handler });
  });
  afterAll(async () => {
    await gateway.stop();
    await t.stack.stop();
  });

  it('serves the API on 127.0.0.1: create, then read back, with the body and headers converted', async () => {
    expect(gateway.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${gateway.endpoint}/clients`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'local-1' },
      body: JSON.stringify(aClientBody('local', { firstName: 'Zoë' })),
    });
    expect(created.status).toBe(201);
    const client = (await created.json()) as { id: string; firstName: string };
    expect(client.firstName).toBe('Zoë');
    const got = await fetch(`${gateway.endpoint}/clients/${client.id}?unused=1`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(client);
    expect(await t.stack.store.getClient(client.id)).toEqual(client);
  });

  it('answers bad input with the error shape: invalid JSON 400, 1 MB 413', async () => {
    const invalid = await fetch(`${gateway.endpoint}/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_json', field: 'body' } });
    const large = await fetch(`${gateway.endpoint}/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aClientBody('big', { introduction: 'x'.repeat(1024 * 1024) })),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { code: 'body_too_large', field: 'body' } });
  });
});
