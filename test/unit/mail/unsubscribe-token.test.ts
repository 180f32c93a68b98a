import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type KeyRing, parseKeyRing, rotatedValue, signingKey } from '#mail/key-ring.ts';
import { signUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import { legacyUnsubscribeToken } from './legacy-token.ts';

const DAY = 86_400_000;
const K1 = {
  id: 'k1',
  secret: 'a-secret-of-at-least-thirty-two-characters',
  createdAt: '2027-01-01T00:00:00.000Z',
};
const K2 = {
  id: 'k2',
  secret: 'the-second-secret-of-thirty-two-characters',
  createdAt: '2027-06-01T00:00:00.000Z',
};
const LEGACY = 'the-one-secret-of-earlier-versions-0123456789';
const ring = (keys = [K1], extra: Partial<KeyRing> = {}): KeyRing => ({
  keys,
  oldKeysValidForDays: 365,
  ...extra,
});
const NOW = new Date('2027-03-01T08:00:00.000Z');
const email = 'priya.raman@lumen-health.example';

describe('unsubscribe token', () => {
  it('round-trips, names its key, is URL-safe and carries no address', () => {
    const token = signUnsubscribeToken('con_1', signingKey(ring()));
    expect(token).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, ring(), NOW)).toEqual({ contactId: 'con_1' });
    const url = new URL(unsubscribeUrl('https://u.example/unsubscribe?x=1', token));
    expect(url.searchParams.get('token')).toBe(token);
    expect(url.searchParams.get('x')).toBe('1');
    for (const part of token.split('.')) {
      expect(Buffer.from(part, 'base64url').toString('latin1')).not.toContain('@');
      expect(part).not.toContain('priya');
    }
  });

  it('sign with key 1, rotate: new tokens use key 2, old ones verify until a year after key 2, then never', () => {
    const old = signUnsubscribeToken('con_1', signingKey(ring([K1])));
    const rotated = parseKeyRing(rotatedValue(JSON.stringify({ keys: [K1] }), K2));
    const fresh = signUnsubscribeToken('con_1', signingKey(rotated));
    expect(fresh.startsWith('k2.')).toBe(true);
    const at = (ms: number) => new Date(Date.parse(K2.createdAt) + ms);
    expect(verifyUnsubscribeToken(old, rotated, at(364 * DAY))).toEqual({ contactId: 'con_1' });
    expect(verifyUnsubscribeToken(old, rotated, at(365 * DAY - 1))).toEqual({ contactId: 'con_1' });
    expect(verifyUnsubscribeToken(old, rotated, at(365 * DAY))).toBeNull();
    // The newest key never expires.
    expect(verifyUnsubscribeToken(fresh, rotated, at(5000 * DAY))).toEqual({ contactId: 'con_1' });
    // A shorter setting shortens the grace.
    const short = { ...rotated, oldKeysValidForDays: 30 };
    expect(verifyUnsubscribeToken(old, short, at(31 * DAY))).toBeNull();
  });

  it('a token naming a key the ring does not hold is refused', () => {
    const token = signUnsubscribeToken('con_1', { id: 'k9', secret: K1.secret });
    expect(verifyUnsubscribeToken(token, ring(), NOW)).toBeNull();
  });

  it('rejects a changed contact, key id or signature, another secret and garbage', () => {
    const token = signUnsubscribeToken('con_1', signingKey(ring()));
    const [id = '', body = '', sig = ''] = token.split('.');
    const other = signUnsubscribeToken('con_2', signingKey(ring())).split('.')[1];
    expect(verifyUnsubscribeToken(`${id}.${other}.${sig}`, ring(), NOW)).toBeNull();
    expect(verifyUnsubscribeToken(`k0.${body}.${sig}`, ring([{ ...K1, id: 'k0' }, K2]), NOW)).toBeNull();
    expect(
      verifyUnsubscribeToken(`${id}.${body}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`, ring(), NOW),
    ).toBeNull();
    expect(verifyUnsubscribeToken(`${id}.${body}.${sig.slice(0, 10)}`, ring(), NOW)).toBeNull();
    expect(verifyUnsubscribeToken(token, ring([{ ...K1, secret: `${K1.secret}x` }]), NOW)).toBeNull();
    for (const junk of ['', '.', 'abc', `${token}.x`, `${id}.${body}.`, '..', '...', `${id}..${sig}`])
      expect(verifyUnsubscribeToken(junk, ring(), NOW)).toBeNull();
  });

  it('rejects every non-canonical encoding of the right signature (unused low bits set)', () => {
    // 32 bytes → 43 base64url characters; the last one carries 4 bits of the MAC and 2 unused bits.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let n = 0; n < 64; n++) {
      const token = signUnsubscribeToken(`con_${n}`, signingKey(ring()));
      const [id = '', body = '', sig = ''] = token.split('.');
      const last = alphabet.indexOf(sig.at(-1) ?? '');
      for (let low = 1; low < 4; low++) {
        const variant = `${sig.slice(0, -1)}${alphabet[(last & ~3) | (low ^ (last & 3))]}`;
        expect(Buffer.from(variant, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
        expect(verifyUnsubscribeToken(`${id}.${body}.${variant}`, ring(), NOW)).toBeNull();
      }
      expect(verifyUnsubscribeToken(token, ring(), NOW)).not.toBeNull();
    }
  });

  describe('tokens of earlier versions (the address inside, one plain secret)', () => {
    const legacy = legacyUnsubscribeToken({ contactId: 'con_1', email, campaignId: 'cmp_1' }, LEGACY);

    it('verify against the legacy secret while the ring holds it', () => {
      expect(verifyUnsubscribeToken(legacy, ring([K1], { legacySecret: LEGACY }), NOW)).toEqual({
        contactId: 'con_1',
        legacy: { email, campaignId: 'cmp_1' },
      });
      expect(verifyUnsubscribeToken(legacy, ring([K1]), NOW)).toBeNull();
    });

    it('until legacyValidUntil, which the first rotation sets a validity period after it', () => {
      const value = JSON.stringify({ keys: [K1], legacySecret: LEGACY });
      const rotated = parseKeyRing(rotatedValue(value, K2));
      expect(rotated.legacyValidUntil).toBe('2028-05-31T00:00:00.000Z');
      expect(verifyUnsubscribeToken(legacy, rotated, new Date('2028-05-30T23:59:59.000Z'))).not.toBeNull();
      expect(verifyUnsubscribeToken(legacy, rotated, new Date('2028-05-31T00:00:00.000Z'))).toBeNull();
    });

    it('are refused when tampered or signed with another secret', () => {
      const withLegacy = ring([K1], { legacySecret: LEGACY });
      const [body = '', sig = ''] = legacy.split('.');
      const other = legacyUnsubscribeToken(
        { contactId: 'con_1', email: 'victim@example.com', campaignId: 'cmp_1' },
        LEGACY,
      );
      expect(verifyUnsubscribeToken(`${other.split('.')[0]}.${sig}`, withLegacy, NOW)).toBeNull();
      expect(verifyUnsubscribeToken(`${body}.${sig.slice(1)}`, withLegacy, NOW)).toBeNull();
      // Signed with a ring key instead of the legacy secret: refused (keys are not interchangeable).
      const wrongKey = legacyUnsubscribeToken({ contactId: 'con_1', email, campaignId: 'cmp_1' }, K1.secret);
      expect(verifyUnsubscribeToken(wrongKey, withLegacy, NOW)).toBeNull();
      // Well signed, wrong shape.
      const shape = Buffer.from(JSON.stringify({ contactId: 'x' })).toString('base64url');
      const shapeSig = createHmac('sha256', LEGACY).update(shape).digest('base64url');
      expect(verifyUnsubscribeToken(`${shape}.${shapeSig}`, withLegacy, NOW)).toBeNull();
    });
  });
});
