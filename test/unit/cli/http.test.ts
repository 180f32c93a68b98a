/** The CLI's HTTP client against a tiny local server: keys, retries with the same key, errors in one line. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, errorLine } from '../../../cli/errors.ts';
import { makeApiClient } from '../../../cli/http.ts';

interface Seen {
  method: string;
  url: string;
  key: string | undefined;
  body: string;
}

type Reply = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** A server answering its n-th request with `replies[n]` (the last one again after). */
async function server(replies: Reply[]) {
  const seen: Seen[] = [];
  const s = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client gave up while sending
    }
    const n = seen.length;
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      key: req.headers['idempotency-key'] as string | undefined,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    (replies[n] ?? (replies.at(-1) as Reply))(req, res, n);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  stop = () =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

const json =
  (status: number, body: unknown): Reply =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
/** Never answers (the client's timeout ends the attempt). */
const hang: Reply = () => {};
/** Drops the connection without an answer. */
const reset: Reply = (req) => req.socket.destroy();

/**
 * Answered requests get a timeout no loaded machine reaches (client and server share one event
 * loop: a pause longer than the timeout would fire it before the server read the request);
 * the tests of a timeout use `hanging` and a server that never answers.
 */
const fast = { timeoutMs: 10_000, backoffMs: 10 };
const hanging = { timeoutMs: 1000, backoffMs: 10 };

describe('CLI HTTP client', () => {
  /** A server answering by the client's attempt (counted by onRetry), the last answer again after. */
  async function byAttempt(answers: Reply[]) {
    let attempt = 0;
    const api = await server([
      (req, res, n) => (answers[Math.min(attempt, answers.length - 1)] as Reply)(req, res, n),
    ]);
    const retries: string[] = [];
    const onRetry = (n: number, reason: string) => {
      attempt = n;
      retries.push(reason);
    };
    return { api, retries, onRetry };
  }
  const createClient = (client: ReturnType<typeof makeApiClient>) =>
    client.request({ method: 'POST', path: '/clients', json: { firstName: 'Zoë' }, what: 'create client' });

  // The server answers by the client's attempt, not by arrival: on a loaded machine an attempt can
  // time out before the server has even read it, and answers by arrival would then shift by one.
  it('retries a POST after a timeout with the SAME Idempotency-Key', async () => {
    const { api, retries, onRetry } = await byAttempt([hang, json(201, { id: 'c-1' })]);
    expect(await createClient(makeApiClient({ baseUrl: api.url, ...hanging, onRetry }))).toEqual({
      id: 'c-1',
    });
    expect(retries[0]).toBe('no answer within 1 s');
    const [first] = api.seen;
    expect(first?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.seen.every((s) => s.key === first?.key)).toBe(true);
    expect(api.seen.every((s) => s.body === '{"firstName":"Zoë"}' && s.method === 'POST')).toBe(true);
  });

  it('retries a POST after a reset connection with the SAME Idempotency-Key', async () => {
    const { api, retries, onRetry } = await byAttempt([reset, json(201, { id: 'c-1' })]);
    expect(await createClient(makeApiClient({ baseUrl: api.url, ...fast, onRetry }))).toEqual({ id: 'c-1' });
    // Node names a dropped socket ECONNRESET or UND_ERR_SOCKET depending on when it noticed.
    expect(retries).toEqual([expect.stringMatching(/^connection lost \((ECONNRESET|UND_ERR_SOCKET)\)$/)]);
    expect(api.seen).toHaveLength(2);
    const [first, second] = api.seen;
    expect(first?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.key).toBe(first?.key);
    expect(second?.body).toBe('{"firstName":"Zoë"}');
  });

  it('gives each new POST a new key, uses a given key as is, and sends none on GET', async () => {
    const api = await server([json(200, {})]);
    const client = makeApiClient({ baseUrl: api.url, ...fast });
    await client.request({ method: 'POST', path: '/a', what: 'a' });
    await client.request({ method: 'POST', path: '/a', what: 'a' });
    await client.request({ method: 'POST', path: '/a', idempotencyKey: 'mine', what: 'a' });
    await client.request({
      method: 'GET',
      path: '/a',
      query: { stage: 'contacted', cursor: undefined },
      what: 'a',
    });
    const [one, two, three, get] = api.seen;
    expect(one?.key).not.toBe(two?.key);
    expect(three?.key).toBe('mine');
    expect(get?.key).toBeUndefined();
    expect(get?.url).toBe('/a?stage=contacted');
  });

  it('retries a 503 with the same key, and gives up after the retries naming the tries', async () => {
    const api = await server([json(503, { message: 'busy' }), json(200, { ok: true })]);
    const client = makeApiClient({ baseUrl: api.url, ...fast });
    expect(await client.request({ method: 'POST', path: '/x', what: 'x' })).toEqual({ ok: true });
    expect(api.seen[0]?.key).toBe(api.seen[1]?.key);

    await stop?.();
    const silent = await server([hang]);
    const patient = makeApiClient({ baseUrl: silent.url, ...hanging, retries: 1 });
    const error = await patient
      .request({ method: 'POST', path: '/x', what: 'launch' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(errorLine(error)).toMatch(
      /^rapport: launch: no answer within 1 s from http:\/\/127\.0\.0\.1:\d+, 2 tries \(run it again/,
    );
    // Each attempt that reached the server carried the same key (the last may still be on its way).
    expect(silent.seen.length).toBeGreaterThanOrEqual(1);
    expect(silent.seen.every((s) => s.key === silent.seen[0]?.key)).toBe(true);
  });

  it("shows the API's error message and field in one line, and never retries a refusal", async () => {
    const api = await server([
      json(422, { error: { code: 'invalid_input', message: 'must be an IANA zone', field: 'timeZone' } }),
    ]);
    const client = makeApiClient({ baseUrl: api.url, ...fast });
    const error = await client
      .request({ method: 'POST', path: '/clients', json: {}, what: 'create client' })
      .catch((e: unknown) => e);
    expect(errorLine(error)).toBe(
      'rapport: create client refused (422 invalid_input): timeZone: must be an IANA zone (fix the named field and run it again)',
    );
    expect(api.seen).toHaveLength(1);
  });

  it("names the field once when the API's message already starts with it (a validation error)", async () => {
    const api = await server([
      json(422, {
        error: { code: 'invalid_input', message: 'timeZone: must be an IANA zone', field: 'timeZone' },
      }),
    ]);
    const client = makeApiClient({ baseUrl: api.url, ...fast });
    const error = await client
      .request({ method: 'POST', path: '/clients', json: {}, what: 'create client' })
      .catch((e: unknown) => e);
    expect(errorLine(error)).toBe(
      'rapport: create client refused (422 invalid_input): timeZone: must be an IANA zone (fix the named field and run it again)',
    );
  });

  it('says to start the local stack when the connection is refused', async () => {
    const api = await server([json(200, {})]);
    await stop?.();
    stop = undefined;
    const client = makeApiClient({ baseUrl: api.url, ...fast });
    const error = await client
      .request({ method: 'GET', path: '/clients', what: 'list clients' })
      .catch((e: unknown) => e);
    expect(errorLine(error)).toBe(
      `rapport: cannot reach the API at ${api.url} (connection refused) (is \`npm start\` running? or pass --api URL / set RAPPORT_API)`,
    );
  });

  it('signs requests to a non-loopback API, keeping the base path of a stage', async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: URL, init: RequestInit) => {
      calls.push({ url: url.toString(), headers: init.headers as Record<string, string> });
      return new Response('{"items":[]}', { status: 200 });
    }) as typeof fetch;
    try {
      const client = makeApiClient({
        baseUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/',
        credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      });
      expect(client.signed).toBe(true);
      await client.request({ method: 'GET', path: '/clients', what: 'list clients' });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(calls[0]?.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/clients');
    expect(calls[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /,
    );
  });
});

describe("the CLI's 403 and 401 lines", () => {
  const forbidden = json(403, {
    error: { code: 'forbidden', message: 'only an admin may do this', field: null },
  });

  it('a coach signed in: the reason once, one hint (no rule repeated, no IAM advice)', async () => {
    const api = await server([forbidden]);
    const client = makeApiClient({ baseUrl: api.url, bearer: async () => 'token', ...fast });
    const error = await client
      .request({ method: 'GET', path: '/sending', what: 'show sending' })
      .catch((e) => e);
    expect(errorLine(error)).toBe(
      'rapport: show sending refused (403 forbidden): only an admin may do this (ask an admin, or the coach of the client; `rapport whoami` shows who you are signed in as)',
    );
    expect(errorLine(error).match(/only an admin/g)).toHaveLength(1);
    expect(errorLine(error)).not.toContain('IAM');
  });

  it('signed with SigV4 (the IAM API): the IAM hint alone', async () => {
    const api = await server([json(403, { message: 'Forbidden' })]);
    const client = makeApiClient({
      baseUrl: api.url,
      sigv4: true,
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      ...fast,
    });
    const error = await client
      .request({ method: 'GET', path: '/clients', what: 'list clients' })
      .catch((e) => e);
    expect(errorLine(error)).toBe(
      'rapport: list clients refused (403): Forbidden (check the IAM permissions of the AWS identity: execute-api:Invoke on this API)',
    );
  });

  it('a 401 without a sign-in says to sign in, once', async () => {
    const api = await server([json(401, { message: 'Unauthorized' })]);
    const client = makeApiClient({ baseUrl: api.url, ...fast });
    const error = await client
      .request({ method: 'GET', path: '/clients', what: 'list clients' })
      .catch((e) => e);
    expect(errorLine(error)).toBe(
      'rapport: list clients refused (401): Unauthorized (sign in with `rapport login`)',
    );
  });
});
