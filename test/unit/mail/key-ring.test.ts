import { describe, expect, it } from 'vitest';
import { suppressionSecretFrom, suppressionSecretOf } from '#adapters/dynamo/suppressions.ts';
import {
  INITIAL_KEY_ID,
  legacyVerifyingSecret,
  nextKeyId,
  parseKeyRing,
  rotatedValue,
  signingKey,
  verifyingSecret,
} from '#mail/key-ring.ts';

const INITIAL = 'i'.repeat(64);
const LEGACY = 'the-one-secret-of-earlier-versions-0123456789';
/** The value CloudFormation generates (with and without the earlier deployment's secret). */
const generated = (legacySecret = '') =>
  JSON.stringify({ keys: [], oldKeysValidForDays: 365, legacySecret, initialKey: INITIAL });
const key = (id: string, createdAt: string) => ({ id, secret: `${id}-`.repeat(20), createdAt });

describe('key ring', () => {
  it('reads the generated value: the initial key is k0 and signs; an empty legacySecret is none', () => {
    const ring = parseKeyRing(generated());
    expect(ring.keys.map((k) => k.id)).toEqual([INITIAL_KEY_ID]);
    expect(signingKey(ring)).toEqual({ id: 'k0', secret: INITIAL });
    expect(ring.legacySecret).toBeUndefined();
    expect(ring.oldKeysValidForDays).toBe(365);
    expect(nextKeyId(ring)).toBe('k1');
  });

  it('refuses what is not a ring, naming the field and never the value', () => {
    expect(() => parseKeyRing('not json')).toThrow('unsubscribe key ring: the secret value is not JSON');
    expect(() => parseKeyRing('{}')).toThrow('no key');
    expect(() => parseKeyRing(JSON.stringify({ initialKey: 'short-secret' }))).toThrow(
      'unsubscribe key ring: invalid initialKey',
    );
    expect(() =>
      parseKeyRing(
        JSON.stringify({ initialKey: INITIAL, keys: [{ id: 'k1', secret: INITIAL, createdAt: 'soon' }] }),
      ),
    ).toThrow('invalid keys.0.createdAt');
    const twice = JSON.stringify({
      keys: [key('k1', '2027-01-01T00:00:00Z'), key('k1', '2027-02-01T00:00:00Z')],
    });
    expect(() => parseKeyRing(twice)).toThrow('two keys share an id');
    try {
      parseKeyRing(JSON.stringify({ initialKey: 'short-secret' }));
    } catch (error) {
      expect(String(error)).not.toContain('short-secret');
    }
  });

  it('a superseded key verifies for oldKeysValidForDays after its successor was created; the newest always', () => {
    const value = rotatedValue(generated(), key('k1', '2027-06-01T00:00:00.000Z'));
    const ring = parseKeyRing(value);
    expect(signingKey(ring).id).toBe('k1');
    expect(verifyingSecret(ring, 'k0', new Date('2028-05-30T23:59:59.999Z'))).toBe(INITIAL);
    expect(verifyingSecret(ring, 'k0', new Date('2028-05-31T00:00:00.000Z'))).toBeUndefined();
    expect(verifyingSecret(ring, 'k1', new Date('2040-01-01T00:00:00.000Z'))).toBe(ring.keys[1]?.secret);
    expect(verifyingSecret(ring, 'k7', new Date('2027-06-02T00:00:00.000Z'))).toBeUndefined();
  });

  it('rotation keeps every other field of the value and refuses an id it holds', () => {
    const value = JSON.stringify({ ...JSON.parse(generated()), oldKeysValidForDays: 30, note: 'kept' });
    const rotated = JSON.parse(rotatedValue(value, key('k1', '2027-06-01T00:00:00.000Z')));
    expect(rotated).toMatchObject({ initialKey: INITIAL, oldKeysValidForDays: 30, note: 'kept' });
    expect(rotated.keys.map((k: { id: string }) => k.id)).toEqual(['k1']);
    expect(() => rotatedValue(JSON.stringify(rotated), key('k1', '2027-07-01T00:00:00.000Z'))).toThrow(
      'k1 exists',
    );
  });

  it('the legacy secret verifies until legacyValidUntil (stamped by the first rotation only)', () => {
    const ring = parseKeyRing(generated(LEGACY));
    expect(legacyVerifyingSecret(ring, new Date('2099-01-01T00:00:00Z'))).toBe(LEGACY);
    const once = rotatedValue(generated(LEGACY), key('k1', '2027-06-01T00:00:00.000Z'));
    const twice = rotatedValue(once, key('k2', '2027-09-01T00:00:00.000Z'));
    const rotated = parseKeyRing(twice);
    expect(rotated.legacyValidUntil).toBe('2028-05-31T00:00:00.000Z');
    expect(legacyVerifyingSecret(rotated, new Date('2028-05-30T00:00:00Z'))).toBe(LEGACY);
    expect(legacyVerifyingSecret(rotated, new Date('2028-05-31T00:00:00Z'))).toBeUndefined();
  });

  describe('the suppression key', () => {
    it('never changes when keys are added', () => {
      let value = generated();
      const first = suppressionSecretOf(parseKeyRing(value));
      for (const id of ['k1', 'k2', 'k3']) {
        value = rotatedValue(value, key(id, '2027-06-01T00:00:00.000Z'));
        expect(suppressionSecretOf(parseKeyRing(value))).toBe(first);
      }
      expect(first).toBe(suppressionSecretFrom(INITIAL));
    });

    it('is what earlier versions derived from their one secret, when the ring holds it (existing lists match)', () => {
      expect(suppressionSecretOf(parseKeyRing(generated(LEGACY)))).toBe(suppressionSecretFrom(LEGACY));
    });

    it('is the explicit suppressionKey when the value has one', () => {
      const value = JSON.stringify({ ...JSON.parse(generated(LEGACY)), suppressionKey: 's'.repeat(43) });
      expect(suppressionSecretOf(parseKeyRing(value))).toBe('s'.repeat(43));
    });
  });
});
