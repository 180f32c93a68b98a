/** `npm start`'s API: Node HTTP requests on loopback become payload v2 events for the same handler. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { routeToOtherFunctions } from '#local/api-other-functions.ts';
import { localContext } from '#local/lambda-context.ts';
import { ADMIN, type SignIn, startSignIn } from './sign-in.ts';
import { type ApiStack, aClientBody, startApiStack, v2Event } from './support.ts';

describe('HTTP API on the local gateway', () => {
  let t: ApiStack;
  let gateway: LocalApiGateway;
  let auth: SignIn;
  /** Every request signed in as the admin (the gateway checks the token as API Gateway's JWT authorizer). */
  let fetch: typeof globalThis.fetch;
  beforeAll(async () => {
    t = await startApiStack('2027-03-01T08:00:00.000Z');
    auth = await startSignIn();
    gateway = await startLocalApiGateway({
      port: 0,
      handler: t.handler,
      otherFunction: routeToOtherFunctions(t.handlers),
      authorizer: auth.authorizer,
    });
    const bearer = await auth.bearer(ADMIN);
    fetch = (input, init = {}) =>
      globalThis.fetch(input, {
        ...init,
        headers: { ...bearer, ...(init.headers as Record<string, string>) },
      });
  });
  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
    await t?.stack.stop();
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

  it('sends the preview and classify routes to their functions, as API Gateway routes them', async () => {
    const reply =
      'From: Priya <priya@lumen.example>\r\nSubject: Re: hello\r\n\r\nYes, happy to talk. Thursday at 2pm works.\r\n';
    const classified = await fetch(`${gateway.endpoint}/replies/classify?timeZone=America/New_York`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822' },
      body: reply,
    });
    expect(classified.status).toBe(200);
    expect(await classified.json()).toMatchObject({ intent: 'accepted', autoReply: false });
    // The preview function resolves the contact like the API does (404 naming contactId).
    const preview = await fetch(
      `${gateway.endpoint}/contacts/00000000-0000-4000-8000-000000000000/preview/outreach`,
    );
    expect(preview.status).toBe(404);
    expect(await preview.json()).toMatchObject({ error: { field: 'contactId' } });
    // The API function does not serve them: to it the path is a review item (`GET /replies/{replyId}`),
    // which takes no POST.
    const direct = (await t.handler(
      v2Event('POST', '/replies/classify', { raw: reply }),
      localContext('rapport-api'),
    )) as { statusCode: number; body: string };
    expect(direct.statusCode).toBe(405);
    expect(JSON.parse(direct.body)).toMatchObject({ error: { code: expect.any(String) } });
  });

  it("checks the ID token as API Gateway's JWT authorizer: claims reach the function, none is a 401", async () => {
    const me = await fetch(`${gateway.endpoint}/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ email: ADMIN, groups: ['admin'] });
    const anonymous = await globalThis.fetch(`${gateway.endpoint}/me`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: 'Unauthorized' });
    // Not protected: the OpenAPI document and preflights.
    expect((await globalThis.fetch(`${gateway.endpoint}/openapi.json`)).status).toBe(200);
    const preflight = await globalThis.fetch(`${gateway.endpoint}/clients`, { method: 'OPTIONS' });
    expect(preflight.status).not.toBe(401);
  });
});
