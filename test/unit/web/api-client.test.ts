/**
 * The dashboard's API client and sign-in, in Node with the browser's storage and fetch stood in:
 * InitiateAuth as the login contract says, the id token as a Bearer, a refresh before expiry, a 401
 * that a refresh cannot mend back to sign-in (tokens gone), one Idempotency-Key per POST kept for
 * its retry after a network failure, the API's error field kept for the form.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Loaded by a computed path: web/src is typed for the DOM (web/tsconfig.json), this file for Node.
const WEB = '../../../web/src/';
interface Api {
  api: <T>(method: string, path: string, options?: { body?: unknown }) => Promise<T>;
  apiText: (path: string) => Promise<string>;
  configureApi: (config: unknown, signedOut: () => void) => void;
  errorFor: (error: unknown, field: string) => string | undefined;
  formError: (error: unknown, fields: readonly string[]) => string | undefined;
  ApiProblem: new (...args: unknown[]) => Error & { status: number; field?: string };
}
interface Auth {
  startHostedSignIn: (auth: unknown) => Promise<void>;
  finishHostedSignIn: (auth: unknown) => Promise<unknown>;
  signInWithPassword: (auth: unknown, email: string, password: string) => Promise<unknown>;
  storedTokens: () => { idToken: string; refreshToken?: string; expiresAt: number } | undefined;
}

const AUTH = { kind: 'password', endpoint: 'http://cognito.test', region: 'us-east-1', clientId: 'web' };

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('the dashboard API client', () => {
  let sent: Sent[];
  let answers: ((req: Sent) => Response | Promise<Response>)[];
  let mod: Api;
  let auth: Auth;
  let signedOut: number;

  beforeEach(async () => {
    const storage = new Map<string, string>();
    vi.stubGlobal('sessionStorage', {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    });
    sent = [];
    answers = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      const req: Sent = {
        url,
        method: init.method ?? 'GET',
        headers: (init.headers ?? {}) as Record<string, string>,
        // A JSON string, or the form of the token endpoint (URLSearchParams).
        ...(init.body !== undefined && init.body !== null ? { body: String(init.body) } : {}),
      };
      sent.push(req);
      const answer = answers.shift();
      if (!answer) throw new Error(`unexpected request ${req.method} ${url}`);
      return answer(req);
    });
    vi.resetModules();
    mod = (await import(`${WEB}api.ts`)) as Api;
    auth = (await import(`${WEB}auth.ts`)) as Auth;
    signedOut = 0;
    mod.configureApi({ apiBase: 'https://api.test', auth: AUTH }, () => {
      signedOut += 1;
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  async function signIn(expiresIn = 3600) {
    answers.push(() =>
      json(200, {
        AuthenticationResult: { IdToken: 'id-1', RefreshToken: 'refresh-1', ExpiresIn: expiresIn },
      }),
    );
    await auth.signInWithPassword(AUTH, 'coach@rapport.local', 'Rapport-coach-1');
  }

  it('signs in with InitiateAuth and sends the id token as a Bearer', async () => {
    await signIn();
    expect(sent[0]).toMatchObject({
      url: 'http://cognito.test',
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
    });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'web',
      AuthParameters: { USERNAME: 'coach@rapport.local', PASSWORD: 'Rapport-coach-1' },
    });
    answers.push(() => json(200, { items: [] }));
    expect(await mod.api('GET', '/clients')).toEqual({ items: [] });
    expect(sent[1]).toMatchObject({
      url: 'https://api.test/clients',
      headers: { authorization: 'Bearer id-1' },
    });
  });

  it('refreshes a token about to expire before the call', async () => {
    await signIn(30);
    answers.push(() => json(200, { AuthenticationResult: { IdToken: 'id-2', ExpiresIn: 3600 } }));
    answers.push(() => json(200, {}));
    await mod.api('GET', '/clients');
    expect(JSON.parse(sent[1]?.body ?? '')).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'refresh-1' },
    });
    expect(sent[2]?.headers.authorization).toBe('Bearer id-2');
    // The refresh token is kept (REFRESH_TOKEN_AUTH answers none).
    expect(auth.storedTokens()).toMatchObject({ idToken: 'id-2', refreshToken: 'refresh-1' });
  });

  it('goes back to sign-in on a 401 a refresh does not mend, the tokens gone', async () => {
    await signIn();
    answers.push(() => json(401, { message: 'Unauthorized' }));
    answers.push(() => json(400, { message: 'Refresh Token has expired' }));
    await expect(mod.api('GET', '/clients')).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toBe(1);
    expect(auth.storedTokens()).toBeUndefined();
    // Signed out: no request leaves without a token.
    await expect(mod.api('GET', '/clients')).rejects.toMatchObject({ status: 401 });
    expect(sent).toHaveLength(3);
  });

  it('sends one Idempotency-Key per POST, the same on its retry after a network failure', async () => {
    await signIn();
    answers.push(() => Promise.reject(new TypeError('network down')));
    answers.push(() => json(201, { id: 'c1' }));
    answers.push(() => json(201, { id: 'c2' }));
    await mod.api('POST', '/clients', { body: { firstName: 'Sam' } });
    await mod.api('POST', '/clients', { body: { firstName: 'Ana' } });
    const keys = sent.slice(1).map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(sent[1]?.headers['content-type']).toBe('application/json');
  });

  it("keeps the API's error with its field, for the message next to that field", async () => {
    await signIn();
    answers.push(() =>
      json(422, {
        error: { code: 'invalid_input', message: 'is not a valid email address', field: 'email' },
      }),
    );
    const error = await mod.api('POST', '/clients', { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(mod.ApiProblem);
    expect(mod.errorFor(error, 'email')).toBe('is not a valid email address');
    expect(mod.errorFor(error, 'timeZone')).toBeUndefined();
    expect(mod.formError(error, ['email'])).toBeUndefined();
    expect(mod.formError(error, ['timeZone'])).toBe('email: is not a valid email address');
    const nested = new mod.ApiProblem(422, 'invalid_input', 'is empty', 'questions[2].text');
    expect(mod.errorFor(nested, 'questions')).toBe('is empty');
    // A validation error's message starts with its field: shown once, not twice.
    const named = new mod.ApiProblem(422, 'invalid_input', 'timeZone: must be an IANA zone', 'timeZone');
    expect(mod.errorFor(named, 'timeZone')).toBe('must be an IANA zone');
    expect(mod.formError(named, ['email'])).toBe('timeZone: must be an IANA zone');
  });

  it('fetches a CSV answer as text with the token, and its error as the API sent it', async () => {
    await signIn();
    const csv = 'scope,id,name\ncampaign,c1,"Spring, outreach"\n';
    answers.push(
      () => new Response(csv, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    );
    expect(await mod.apiText('/campaigns/c1/report?format=csv')).toBe(csv);
    expect(sent[1]).toMatchObject({
      url: 'https://api.test/campaigns/c1/report?format=csv',
      method: 'GET',
      headers: { authorization: 'Bearer id-1' },
    });
    expect(sent[1]?.headers['idempotency-key']).toBeUndefined();
    answers.push(() =>
      json(422, { error: { code: 'invalid_input', message: 'must be one of json, csv', field: 'format' } }),
    );
    const error = await mod.apiText('/campaigns/c1/report?format=xml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(mod.ApiProblem);
    expect(error).toMatchObject({ status: 422, field: 'format', message: 'must be one of json, csv' });
  });

  it('signs in through the hosted UI with the authorization code and PKCE (S256)', async () => {
    const HOSTED = {
      kind: 'hosted',
      domain: 'https://northwind.auth.eu-west-1.amazoncognito.com',
      clientId: 'web',
      redirectUri: 'https://d111.cloudfront.net/app/',
    };
    const location = { assign: vi.fn(), search: '', pathname: '/app/', hash: '#/' };
    vi.stubGlobal('location', location);
    vi.stubGlobal('history', { replaceState: vi.fn() });
    await auth.startHostedSignIn(HOSTED);
    const authorize = new URL(location.assign.mock.calls[0]?.[0] as string);
    expect(authorize.origin + authorize.pathname).toBe(`${HOSTED.domain}/oauth2/authorize`);
    const q = Object.fromEntries(authorize.searchParams);
    expect(q).toMatchObject({
      response_type: 'code',
      client_id: 'web',
      redirect_uri: HOSTED.redirectUri,
      code_challenge_method: 'S256',
    });

    // Back with the code (and the state sent): the code is exchanged with the verifier behind the challenge.
    location.search = `?code=the-code&state=${q.state}`;
    answers.push(() => json(200, { id_token: 'id-h', refresh_token: 'refresh-h', expires_in: 3600 }));
    await auth.finishHostedSignIn(HOSTED);
    const form = new URLSearchParams(sent[0]?.body ?? '');
    expect(sent[0]?.url).toBe(`${HOSTED.domain}/oauth2/token`);
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'authorization_code',
      code: 'the-code',
      client_id: 'web',
      redirect_uri: HOSTED.redirectUri,
    });
    const digest = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(form.get('code_verifier') ?? ''),
    );
    expect(Buffer.from(digest).toString('base64url')).toBe(q.code_challenge);
    expect(auth.storedTokens()).toMatchObject({ idToken: 'id-h', refreshToken: 'refresh-h' });

    // A code with another state (not the one this tab sent) is refused.
    location.search = '?code=other&state=forged';
    await expect(auth.finishHostedSignIn(HOSTED)).rejects.toThrow(/state/);
  });
});
