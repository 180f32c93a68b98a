import { describe, expect, it } from 'vitest';
import { makeUnsubscribePage, requestFromEvent, type UnsubscribeResponse } from '#handlers/unsubscribe.ts';
import { signUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import { baseContact } from '../domain/fixtures.ts';
import { KEY, unsubscribeFakes } from './unsubscribe-fakes.ts';

const contact = baseContact({ id: 'c-1', stage: 'contacted', email: 'priya.raman@lumen-health.example' });
const token = signUnsubscribeToken(contact.id, KEY);
const ONE_CLICK = 'List-Unsubscribe=One-Click';

function setUp(consultancyName = 'Northwind Careers', contacts = [contact]) {
  const f = unsubscribeFakes(contacts);
  return { ...f, respond: makeUnsubscribePage({ unsubscribe: f.unsubscribe, consultancyName }) };
}

function expectSafeHeaders(res: UnsubscribeResponse) {
  expect(res.headers).toMatchObject({
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
}

describe('unsubscribe page (request → response)', () => {
  it('GET shows the masked address and a one-click form, and unsubscribes nobody', async () => {
    const s = setUp();
    const res = await s.respond({ method: 'GET', query: { token } });
    expect(res.statusCode).toBe(200);
    expectSafeHeaders(res);
    expect(res.body).toContain('p***@lumen-health.example');
    expect(res.body).not.toContain('priya.raman');
    expect(res.body).toContain('Northwind Careers');
    expect(res.body).toContain(`<form method="post" action="?token=${token}">`);
    expect(res.body).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(s.calls).toEqual([]);
    expect(s.contact('c-1')?.stage).toBe('contacted');
  });

  it('POST one-click (form-encoded) unsubscribes', async () => {
    const s = setUp();
    const res = await s.respond({ method: 'POST', query: { token }, body: ONE_CLICK });
    expect(res.statusCode).toBe(200);
    expectSafeHeaders(res);
    expect(res.body).toContain('You&#39;re unsubscribed');
    expect(res.body).toContain('p***@lumen-health.example');
    expect(s.calls).toEqual([`suppress ${contact.email}`, 'apply c-1']);
    expect(s.contact('c-1')?.stage).toBe('unsubscribed');
    expect(s.suppressions.get(contact.email)?.reason).toBe('unsubscribed');
  });

  it('POST again: still 200, already unsubscribed', async () => {
    const s = setUp();
    await s.respond({ method: 'POST', query: { token }, body: ONE_CLICK });
    const again = await s.respond({ method: 'POST', query: { token }, body: ONE_CLICK });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already unsubscribed');
  });

  it('POST with a base64-encoded body (Function URL) unsubscribes', async () => {
    const s = setUp();
    const res = await s.respond({
      method: 'POST',
      query: { token },
      body: Buffer.from(ONE_CLICK).toString('base64'),
      isBase64Encoded: true,
    });
    expect(res.statusCode).toBe(200);
    expect(s.contact('c-1')?.stage).toBe('unsubscribed');
  });

  it('POST as multipart/form-data (what RFC 8058 prefers) unsubscribes', async () => {
    const s = setUp();
    const body = [
      '--b0undary',
      'Content-Disposition: form-data; name="List-Unsubscribe"',
      '',
      'One-Click',
      '--b0undary--',
      '',
    ].join('\r\n');
    const res = await s.respond({ method: 'POST', query: { token }, body });
    expect(res.statusCode).toBe(200);
    expect(s.contact('c-1')?.stage).toBe('unsubscribed');
  });

  it.each([
    ['One-Click first', 'List-Unsubscribe=One-Click&List-Unsubscribe=No'],
    ['One-Click last', 'List-Unsubscribe=No&List-Unsubscribe=One-Click'],
    [
      'multipart, One-Click first',
      [
        '--b',
        'Content-Disposition: form-data; name="List-Unsubscribe"',
        '',
        'One-Click',
        '--b',
        'Content-Disposition: form-data; name="List-Unsubscribe"',
        '',
        'No',
        '--b--',
        '',
      ].join('\r\n'),
    ],
    [
      'multipart, One-Click last',
      [
        '--b',
        'Content-Disposition: form-data; name="List-Unsubscribe"',
        '',
        'No',
        '--b',
        'Content-Disposition: form-data; name="List-Unsubscribe"',
        '',
        'One-Click',
        '--b--',
        '',
      ].join('\r\n'),
    ],
  ])(
    'List-Unsubscribe=One-Click&List-Unsubscribe=No: a form that also says No is refused in every order (%s)',
    async (_name, body) => {
      const s = setUp();
      const res = await s.respond({ method: 'POST', query: { token }, body });
      expect(res.statusCode).toBe(400);
      expect(s.calls).toEqual([]);
      expect(s.contact('c-1')?.stage).not.toBe('unsubscribed');
    },
  );

  it.each([
    ['no body', undefined],
    ['another value', 'List-Unsubscribe=Yes'],
    ['another field', 'unsubscribe=One-Click'],
  ])('POST without the one-click body (%s) → 400, nothing called', async (_name, body) => {
    const s = setUp();
    const res = await s.respond({ method: 'POST', query: { token }, ...(body ? { body } : {}) });
    expect(res.statusCode).toBe(400);
    expectSafeHeaders(res);
    expect(s.calls).toEqual([]);
  });

  it.each(['GET', 'POST'])('%s with a tampered token → 400 "not valid", nothing called', async (method) => {
    const s = setUp();
    const [body = '', signature = ''] = token.split('.');
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [`${body}.${flipped}`, `${body}x.${signature}`, 'garbage']) {
      const res = await s.respond({ method, query: { token: bad }, body: ONE_CLICK });
      expect(res.statusCode).toBe(400);
      expectSafeHeaders(res);
      expect(res.body).toContain('This link is not valid');
      expect(res.body).not.toContain('lumen-health');
      expect(res.body).not.toContain('signature');
    }
    expect(s.calls).toEqual([]);
  });

  it.each(['GET', 'POST'])('%s without a token → 400', async (method) => {
    const s = setUp();
    for (const query of [{}, { token: '' }]) {
      const res = await s.respond({ method, query, body: ONE_CLICK });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('This link is not valid');
    }
    expect(s.calls).toEqual([]);
  });

  it.each(['PUT', 'DELETE', 'HEAD', 'OPTIONS'])('%s → 405 with Allow, nothing called', async (method) => {
    const s = setUp();
    const res = await s.respond({ method, query: { token }, body: ONE_CLICK });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, POST');
    expectSafeHeaders(res);
    expect(s.calls).toEqual([]);
  });

  it('escapes the masked address and the consultancy name', async () => {
    const evil = baseContact({ id: 'c-9', email: '<x@lumen"><script>alert(1)</script>.example' });
    const evilToken = signUnsubscribeToken(evil.id, KEY);
    const s = setUp('Smith & <b>Jones</b>', [evil]);
    for (const res of [
      await s.respond({ method: 'GET', query: { token: evilToken } }),
      await s.respond({ method: 'POST', query: { token: evilToken }, body: ONE_CLICK }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('<script>');
      expect(res.body).not.toContain('<b>Jones');
      expect(res.body).toContain('&lt;***@lumen&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.example');
      expect(res.body).toContain('Smith &amp; &lt;b&gt;Jones&lt;/b&gt;');
    }
  });

  it('a failure of the store is a 500 without internals', async () => {
    const respond = makeUnsubscribePage({
      consultancyName: 'Northwind Careers',
      unsubscribe: {
        describe: async () => ({ outcome: 'invalid_link' }),
        unsubscribe: async () => {
          throw new Error('ProvisionedThroughputExceededException: table rapport-prod');
        },
      },
    });
    const res = await respond({ method: 'POST', query: { token }, body: ONE_CLICK });
    expect(res.statusCode).toBe(500);
    expectSafeHeaders(res);
    expect(res.body).not.toContain('rapport-prod');
  });

  it('reads method, query and a base64 body from a Function URL event', () => {
    const event = {
      requestContext: { http: { method: 'POST' } },
      queryStringParameters: { token },
      body: 'TGlzdC1VbnN1YnNjcmliZT1PbmUtQ2xpY2s=',
      isBase64Encoded: true,
    } as unknown as Parameters<typeof requestFromEvent>[0];
    expect(requestFromEvent(event)).toEqual({
      method: 'POST',
      query: { token },
      body: 'TGlzdC1VbnN1YnNjcmliZT1PbmUtQ2xpY2s=',
      isBase64Encoded: true,
    });
  });
});
