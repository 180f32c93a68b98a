import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const payload = { contactId: 'con_1', email: 'priya@example.com', campaignId: 'cmp_1' };

describe('unsubscribe token', () => {
  it('round-trips and is URL-safe', () => {
    const token = signUnsubscribeToken(payload, secret);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, secret)).toEqual(payload);
    const url = new URL(unsubscribeUrl('https://u.example/unsubscribe?x=1', token));
    expect(url.searchParams.get('token')).toBe(token);
    expect(url.searchParams.get('x')).toBe('1');
  });

  it('rejects a changed payload, a changed signature, another secret and garbage', () => {
    const token = signUnsubscribeToken(payload, secret);
    const [body = '', sig = ''] = token.split('.');
    const other = signUnsubscribeToken({ ...payload, email: 'victim@example.com' }, secret).split('.')[0];
    expect(verifyUnsubscribeToken(`${other}.${sig}`, secret)).toBeNull();
    expect(
      verifyUnsubscribeToken(`${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`, secret),
    ).toBeNull();
    expect(verifyUnsubscribeToken(`${body}.${sig.slice(0, 10)}`, secret)).toBeNull();
    expect(verifyUnsubscribeToken(token, `${secret}x`)).toBeNull();
    for (const junk of ['', '.', 'abc', `${token}.x`, `${body}.`, '..'])
      expect(verifyUnsubscribeToken(junk, secret)).toBeNull();
  });

  it('rejects every non-canonical encoding of the right signature (unused low bits set)', () => {
    // 32 bytes → 43 base64url characters; the last one carries 4 bits of the MAC and 2 unused bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let n = 0; n < 64; n++) {
      const token = signUnsubscribeToken({ ...payload, contactId: `con_${n}` }, secret);
      const [body = '', sig = ''] = token.split('.');
      const last = alphabet.indexOf(sig.at(-1) ?? '');
      for (let low = 1; low < 4; low++) {
        const variant = `${sig.slice(0, -1)}${alphabet[(last & ~3) | (low ^ (last & 3))]}`;
        expect(Buffer.from(variant, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
        expect(verifyUnsubscribeToken(`${body}.${variant}`, secret)).toBeNull();
      }
      expect(verifyUnsubscribeToken(token, secret)).not.toBeNull();
    }
  });

  it('rejects a well-signed token whose payload has the wrong shape', () => {
    const body = Buffer.from(JSON.stringify({ contactId: 'x' })).toString('base64url');
    const sig = createHmac('sha256', secret).update(body).digest('base64url');
    expect(verifyUnsubscribeToken(`${body}.${sig}`, secret)).toBeNull();
  });
});
