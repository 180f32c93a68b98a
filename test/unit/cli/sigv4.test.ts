/** SigV4 of a deployed API's requests: a known answer, recomputed here from the AWS specification. */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isLoopback, regionOf, signRequest } from '../../../cli/sigv4.ts';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
};
const DATE = new Date('2027-03-01T08:00:00Z');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

/** The signature by the book (docs.aws.amazon.com, "Create a signed AWS API request"), for this test's requests. */
function referenceSignature(input: {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string;
  region: string;
}) {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = input.query
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort()
    .join('&');
  const names = Object.keys(input.headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${input.headers[n]?.trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonical = [
    input.method,
    input.path,
    query,
    canonicalHeaders,
    signedHeaders,
    sha256(input.body),
  ].join('\n');
  const scope = `20270301/${input.region}/execute-api/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', '20270301T080000Z', scope, sha256(canonical)].join('\n');
  let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, '20270301');
  for (const part of [input.region, 'execute-api', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

describe('SigV4 signing of API requests', () => {
  it('signs a POST with a body and a query as the specification computes it (service execute-api)', async () => {
    const url = new URL(
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/clients?limit=5&cursor=a%20b',
    );
    const body = '{"firstName":"Zoë"}';
    const headers = {
      'content-type': 'application/json',
      'idempotency-key': 'k-1',
      accept: 'application/json',
    };
    const signed = await signRequest(
      { method: 'POST', url, headers, body },
      { region: regionOf(url), credentials: CREDENTIALS, signingDate: DATE },
    );
    expect(signed).toMatchObject({
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'x-amz-date': '20270301T080000Z',
      'x-amz-security-token': 'session-token',
      'idempotency-key': 'k-1',
    });
    const expected = referenceSignature({
      method: 'POST',
      path: '/prod/clients',
      query: [
        ['limit', '5'],
        ['cursor', 'a b'],
      ],
      headers: {
        ...headers,
        host: 'abc123.execute-api.eu-west-1.amazonaws.com',
        'x-amz-date': '20270301T080000Z',
        'x-amz-security-token': 'session-token',
        'x-amz-content-sha256': sha256(body),
      },
      body,
      region: 'eu-west-1',
    });
    expect(signed.authorization).toBe(expected);
    // The known answer itself (so a change in either computation shows).
    expect(signed.authorization).toMatch(
      /Signature=6d3da992a067bb93c997fd35d254efaac06b088c896bf89379381c7bd1f203a0$/,
    );
  });

  it('signs a GET without a body on a custom domain with the region from AWS_REGION', async () => {
    const url = new URL('https://api.northwind-careers.example/campaigns/c-1/board?stage=contacted');
    const region = regionOf(url, { AWS_REGION: 'us-west-2' });
    expect(region).toBe('us-west-2');
    const signed = await signRequest(
      { method: 'GET', url, headers: { accept: 'application/json' } },
      { region, credentials: { ...CREDENTIALS, sessionToken: undefined }, signingDate: DATE },
    );
    expect(signed['x-amz-security-token']).toBeUndefined();
    expect(signed.authorization).toBe(
      referenceSignature({
        method: 'GET',
        path: '/campaigns/c-1/board',
        query: [['stage', 'contacted']],
        headers: {
          accept: 'application/json',
          host: 'api.northwind-careers.example',
          'x-amz-date': '20270301T080000Z',
          'x-amz-content-sha256': sha256(''),
        },
        body: '',
        region: 'us-west-2',
      }),
    );
  });

  it('takes the region from an execute-api URL, and refuses to guess one', () => {
    expect(regionOf(new URL('https://x1.execute-api.ap-southeast-2.amazonaws.com/'), {})).toBe(
      'ap-southeast-2',
    );
    expect(() => regionOf(new URL('https://api.example/'), {})).toThrow(/cannot tell the AWS region/);
  });

  it('leaves the local stack unsigned: loopback hosts only', () => {
    for (const local of [
      'http://127.0.0.1:4591',
      'http://localhost:4591',
      'http://[::1]:4591',
      'http://127.1.2.3/',
    ]) {
      expect(isLoopback(new URL(local))).toBe(true);
    }
    for (const remote of [
      'https://abc.execute-api.eu-west-1.amazonaws.com',
      'http://10.0.0.1',
      'http://127.0.0.1.nip.io',
    ]) {
      expect(isLoopback(new URL(remote))).toBe(false);
    }
  });
});
