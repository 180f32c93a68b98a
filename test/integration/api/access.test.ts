/**
 * Who may do what, through the local gateway as `npm start` runs it (cognito-local's seeded users,
 * the JWT authorizer, the API, preview and classify functions):
 * - a coach's token on another coach's client → 403 on EVERY operation of the OpenAPI document that
 *   names a client, campaign, contact or job (path parameters filled with the other coach's ids, a
 *   valid body where one is taken); the admin-only operations → 403; nothing written by any of them;
 * - no token, a forged token (signed with another key) or an expired one → 401 with API Gateway's
 *   body on every operation but the public document; nothing written;
 * - what a coach may do: create a client (assigned to them), list only theirs, work on their own.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCognitoCoaches } from '#adapters/cognito-coaches.ts';
import openapi from '#api/generated/openapi.json' with { type: 'json' };
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { routeToOtherFunctions } from '#local/api-other-functions.ts';
import { aProspect, remoteMeeting } from '../workflow/harness.ts';
import { ADMIN, COACH, COACH2, type SignIn, startSignIn } from './sign-in.ts';
import { type ApiStack, aClientBody, startApiStack } from './support.ts';

const START = '2027-03-01T08:00:00.000Z';

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON read field by field
  body: any;
}

/** A valid body for each operation that takes one (the access check must not depend on a bad body). */
function bodyFor(
  operationId: string,
  ids: { uploadKey: string },
): { body?: unknown; raw?: string; type?: string } {
  switch (operationId) {
    case 'createClient':
      return { body: aClientBody('access-new', { coach: COACH2 }) };
    case 'updateClient':
      return { body: { field: 'Product design' } };
    case 'createCampaign':
      return { body: { name: 'Spring' } };
    case 'updateCampaign':
      return { body: { name: 'Renamed' } };
    case 'importContacts':
      return { body: { contacts: [aProspect()] } };
    case 'confirmResume':
      return { body: { key: ids.uploadKey } };
    case 'setPersonalLine':
    case 'writeUpdate':
      return { body: { text: 'Thank you again.' } };
    case 'bookMeeting':
      return { body: remoteMeeting(new Date('2027-03-04T19:00:00Z')) };
    case 'rescheduleMeeting':
      return { body: { start: '2027-03-05T14:00:00-05:00' } };
    case 'cancelMeeting':
      return { body: { reason: 'travel' } };
    case 'inviteCoach':
      return { body: { email: 'coach3@rapport.local' } };
    case 'classifyReply':
      return {
        raw: 'From: P <p@x.example>\r\nSubject: Re: hi\r\n\r\nYes, Thursday at 2pm works.\r\n',
        type: 'message/rfc822',
      };
    default:
      return {};
  }
}

/** Every operation of the document: method, path pattern, operationId. */
const OPERATIONS = Object.entries(
  openapi.paths as Record<string, Record<string, { operationId: string }>>,
).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, id: op.operationId })),
);

/** The operations that name no client: what a coach gets there instead of a 403 is asserted apart. */
const NOT_UNDER_A_CLIENT = new Set([
  'createClient',
  'listClients',
  'getOpenApi',
  'classifyReply',
  'getMe',
  // A coach's own clients' replies (`review-access.test.ts`).
  'listReplies',
]);
const ADMIN_ONLY = new Set([
  'inviteCoach',
  'listCoaches',
  // The consultancy's: the review queue's export and unmatched messages, the sending stop.
  'exportCorrections',
  'attachReply',
  'getSending',
  'resumeSending',
]);

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An RS256 JWT over `claims` signed with `key` (kid as cognito-local's). */
function signJwt(claims: Record<string, unknown>, key: KeyObject): string {
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${b64url(claims)}`;
  return `${head}.${sign('RSA-SHA256', Buffer.from(head), key).toString('base64url')}`;
}

describe('access: coach logins, roles, 401 and 403', () => {
  let t: ApiStack;
  let auth: SignIn;
  let gateway: LocalApiGateway;
  /** The other coach's client and everything under it. */
  const theirs = { clientId: '', campaignId: '', contactId: '', jobId: '', step: 'outreach', uploadKey: '' };

  async function request(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; type?: string } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    // A refused POST must not even claim its key (nothing written, no replay of someone else's answer).
    if (method === 'POST') headers['idempotency-key'] = `access-${++keys}`;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = options.type ?? 'application/json';
    const response = await fetch(`${gateway.endpoint}${path}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  let keys = 0;
  const as = async (email: string) => auth.idToken(email);
  const fill = (pattern: string) =>
    pattern.replace(/\{(\w+)\}/g, (_, name: string) =>
      // A reply in review is named after its contact (`<contactId>.<key>`): the other coach's.
      name === 'replyId' ? `${theirs.contactId}.k1` : ((theirs as Record<string, string>)[name] ?? 'x'),
    );

  beforeAll(async () => {
    auth = await startSignIn();
    t = await startApiStack(START, undefined, {
      coaches: makeCognitoCoaches({ userPoolId: auth.cognito.userPoolId, endpoint: auth.cognito.endpoint }),
    });
    gateway = await startLocalApiGateway({
      port: 0,
      handler: t.handler,
      otherFunction: routeToOtherFunctions(t.handlers),
      authorizer: auth.authorizer,
    });
    // coach2's client, set up by the admin: a campaign, an imported contact (a job), a resume upload.
    const admin = await as(ADMIN);
    const client = await request('POST', '/clients', {
      token: admin,
      body: aClientBody('theirs', { coach: COACH2 }),
    });
    expect(client.status, JSON.stringify(client.body)).toBe(201);
    expect(client.body.coach).toBe(COACH2);
    theirs.clientId = client.body.id;
    const campaign = await request('POST', `/clients/${theirs.clientId}/campaigns`, {
      token: admin,
      body: { name: 'Theirs' },
    });
    theirs.campaignId = campaign.body.id;
    const imported = await request('POST', `/campaigns/${theirs.campaignId}/imports`, {
      token: admin,
      body: { contacts: [aProspect()] },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(202);
    theirs.jobId = imported.body.job.id;
    await t.runner.settled();
    const board = await request('GET', `/campaigns/${theirs.campaignId}/board`, { token: admin });
    theirs.contactId = JSON.stringify(board.body).match(/"id":"([0-9a-f-]{36})"/)?.[1] ?? '';
    expect(theirs.contactId, JSON.stringify(board.body)).not.toBe('');
    const upload = await request('POST', `/clients/${theirs.clientId}/resume`, { token: admin });
    theirs.uploadKey = upload.body.key;
    expect(theirs.contactId).toBeTruthy();
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
    await t?.stack.stop();
  });

  it('knows every operation of the document (a new one must be placed here)', () => {
    for (const op of OPERATIONS) {
      const named = /\{(clientId|campaignId|contactId|jobId|replyId)\}/.test(op.path);
      expect(named || NOT_UNDER_A_CLIENT.has(op.id) || ADMIN_ONLY.has(op.id), op.id).toBe(true);
    }
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(38);
  });

  it("a coach on another coach's client: 403 on every operation, nothing written", async () => {
    const coach = await as(COACH);
    const before = await t.dump();
    const answers: string[] = [];
    for (const op of OPERATIONS) {
      if (NOT_UNDER_A_CLIENT.has(op.id)) continue;
      const out = await request(op.method, fill(op.path), { token: coach, ...bodyFor(op.id, theirs) });
      answers.push(`${op.method} ${op.path} ${out.status} ${out.body?.error?.code}`);
      expect(out.status, `${op.method} ${op.path}: ${JSON.stringify(out.body)}`).toBe(403);
      expect(out.body.error).toMatchObject({ code: 'forbidden' });
    }
    expect(answers.length).toBeGreaterThanOrEqual(33);
    // A coach may not hand a new client to another coach either.
    const handed = await request('POST', '/clients', { token: coach, ...bodyFor('createClient', theirs) });
    expect(handed.status).toBe(403);
    expect(handed.body.error).toMatchObject({ code: 'forbidden', field: 'coach' });
    expect(await t.dump()).toEqual(before);
  });

  it('no token, a forged token, an expired token: 401 on every operation but the document, nothing written', async () => {
    const valid = await as(ADMIN);
    const claims = JSON.parse(Buffer.from(valid.split('.')[1] as string, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = signJwt(claims, otherKey);
    // Signed with cognito-local's own key (published in its package), but an hour past its expiry.
    const require = createRequire(import.meta.url);
    const keyFile = join(
      dirname(require.resolve('cognito-local/package.json')),
      'lib/keys/cognitoLocal.private.json',
    );
    const cognitoKey = createPrivateKey({
      key: JSON.parse(readFileSync(keyFile, 'utf8')).jwk,
      format: 'jwk',
    });
    const now = Math.floor(Date.now() / 1000);
    const expired = signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, cognitoKey);
    // The same key with a live expiry passes: the expiry alone is what the expired token fails on.
    const fresh = await request('GET', '/me', { token: signJwt({ ...claims, exp: now + 600 }, cognitoKey) });
    expect(fresh.status).toBe(200);

    const before = await t.dump();
    for (const token of [undefined, forged, expired, 'not-a-jwt']) {
      for (const op of OPERATIONS) {
        const out = await request(op.method, fill(op.path), {
          ...(token ? { token } : {}),
          ...bodyFor(op.id, theirs),
        });
        if (op.id === 'getOpenApi') {
          expect(out.status).toBe(200);
          continue;
        }
        expect(out.status, `${op.method} ${op.path} with ${token?.slice(0, 12) ?? 'no token'}`).toBe(401);
        expect(out.body).toEqual({ message: 'Unauthorized' });
      }
    }
    expect(await t.dump()).toEqual(before);
  });

  it('a coach creates a client (assigned to them), lists only theirs, works on their own; admins see all', async () => {
    const coach = await as(COACH);
    const mine = await request('POST', '/clients', { token: coach, body: aClientBody('mine') });
    expect(mine.status).toBe(201);
    expect(mine.body.coach).toBe(COACH);
    const listed = await request('GET', '/clients', { token: coach });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([mine.body.id]);
    expect((await request('GET', `/clients/${mine.body.id}`, { token: coach })).status).toBe(200);
    const campaign = await request('POST', `/clients/${mine.body.id}/campaigns`, {
      token: coach,
      body: { name: 'Mine' },
    });
    expect(campaign.status).toBe(201);
    expect((await request('GET', `/campaigns/${campaign.body.id}/board`, { token: coach })).status).toBe(200);
    // Not theirs to give away; an admin may move it.
    const moved = await request('PATCH', `/clients/${mine.body.id}`, {
      token: coach,
      body: { coach: COACH2 },
    });
    expect(moved.status).toBe(403);
    const admin = await as(ADMIN);
    const all = await request('GET', '/clients?limit=100', { token: admin });
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([mine.body.id, theirs.clientId]),
    );
    const reassigned = await request('PATCH', `/clients/${mine.body.id}`, {
      token: admin,
      body: { coach: COACH2 },
    });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.coach).toBe(COACH2);
    expect((await request('GET', '/clients', { token: coach })).body.items).toEqual([]);
    expect((await request('GET', `/clients/${mine.body.id}`, { token: coach })).status).toBe(403);
    const coach2 = await as(COACH2);
    const theirList = await request('GET', '/clients', { token: coach2 });
    expect(theirList.body.items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([mine.body.id, theirs.clientId]),
    );
    // Routes under no client: any signed-in caller.
    expect(await request('GET', '/me', { token: coach })).toMatchObject({
      status: 200,
      body: { email: COACH, groups: ['coach'] },
    });
    expect(
      (await request('POST', '/replies/classify', { token: coach, ...bodyFor('classifyReply', theirs) }))
        .status,
    ).toBe(200);
  });

  it('an admin invites a coach (Cognito, safe to retry) and lists them; a coach may do neither', async () => {
    const admin = await as(ADMIN);
    const invited = await request('POST', '/coaches', {
      token: admin,
      body: { email: 'Coach3@Rapport.Local' },
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body).toMatchObject({ email: 'coach3@rapport.local' });
    const again = await request('POST', '/coaches', {
      token: admin,
      body: { email: 'coach3@rapport.local' },
    });
    expect(again.status).toBe(200);
    const listed = await request('GET', '/coaches', { token: admin });
    expect(listed.body.items.map((c: { email: string }) => c.email)).toEqual(
      expect.arrayContaining([COACH, COACH2, 'coach3@rapport.local']),
    );
    const coach = await as(COACH);
    expect((await request('GET', '/coaches', { token: coach })).status).toBe(403);
    const bad = await request('POST', '/coaches', { token: admin, body: { email: 'not an address' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ field: 'email' });
  });
});
