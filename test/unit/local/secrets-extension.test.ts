/**
 * The functions' secret adapter (`#adapters/secrets-extension.ts`) against the local Parameters and
 * Secrets extension (`local/secrets-extension.ts`): the protocol both speak, the 5-minute cache on
 * an injected clock (one fetch per TTL), and the key ring read from its file as rotation rewrites it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { suppressionSecretFrom, suppressionSecretOf } from '#adapters/dynamo/suppressions.ts';
import type { SdkCall } from '#adapters/sdk-calls.ts';
import { makeExtensionSecret } from '#adapters/secrets-extension.ts';
import { keyRingStore } from '#local/key-ring-store.ts';
import {
  ensureLocalKeyRing,
  LOCAL_KEYS_SECRET_ID,
  type LocalSecretsExtension,
  startLocalSecretsExtension,
} from '#local/secrets-extension.ts';
import { keyRingFrom, nextKeyId, parseKeyRing, rotatedValue, signingKey } from '#mail/key-ring.ts';

const started: LocalSecretsExtension[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(value: () => string) {
  const server = await startLocalSecretsExtension({ ring: { value } });
  started.push(server);
  return server;
}

function manualClock(start = '2027-03-01T08:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const RING = JSON.stringify({ initialKey: 'k'.repeat(64) });

describe('the secret adapter against the local extension', () => {
  it('fetches the value with the session token, once per TTL (5 minutes by default)', async () => {
    const server = await serve(() => RING);
    const clock = manualClock();
    const calls: SdkCall[] = [];
    const secret = makeExtensionSecret({
      secretId: LOCAL_KEYS_SECRET_ID,
      endpoint: server.endpoint,
      sessionToken: server.sessionToken,
      clock,
      onCall: (c) => calls.push(c),
    });
    await expect(secret.value()).resolves.toBe(RING);
    await Promise.all([secret.value(), secret.value()]);
    clock.advance(5 * 60_000 - 1);
    await secret.value();
    expect(server.served()).toBe(1);
    clock.advance(1);
    await secret.value();
    expect(server.served()).toBe(2);
    // Each fetch is the GetSecretValue the extension makes with the function's role (the IAM contract).
    expect(calls).toEqual([
      { service: 'SecretsManager', operation: 'GetSecretValue', input: { SecretId: LOCAL_KEYS_SECRET_ID } },
      { service: 'SecretsManager', operation: 'GetSecretValue', input: { SecretId: LOCAL_KEYS_SECRET_ID } },
    ]);
  });

  it('concurrent first calls share one fetch', async () => {
    const server = await serve(() => RING);
    const secret = makeExtensionSecret({
      secretId: LOCAL_KEYS_SECRET_ID,
      endpoint: server.endpoint,
      sessionToken: server.sessionToken,
      clock: manualClock(),
    });
    await Promise.all(Array.from({ length: 10 }, () => secret.value()));
    expect(server.served()).toBe(1);
  });

  it('a refusal (no token, unknown secret) is an error naming the status, never cached', async () => {
    const server = await serve(() => RING);
    const clock = manualClock();
    const noToken = makeExtensionSecret({ secretId: LOCAL_KEYS_SECRET_ID, endpoint: server.endpoint, clock });
    await expect(noToken.value()).rejects.toThrow(/answered 401/);
    const unknown = makeExtensionSecret({
      secretId: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:other',
      endpoint: server.endpoint,
      sessionToken: server.sessionToken,
      clock,
    });
    await expect(unknown.value()).rejects.toThrow(/answered 400/);
    expect(server.served()).toBe(0);
    const good = makeExtensionSecret({
      secretId: LOCAL_KEYS_SECRET_ID,
      endpoint: server.endpoint,
      sessionToken: server.sessionToken,
      clock,
    });
    await expect(good.value()).resolves.toBe(RING);
  });

  it('a rotation shows once the cache expires: new links use the new key, the suppression key stays', async () => {
    let value = RING;
    const server = await serve(() => value);
    const clock = manualClock();
    const keys = keyRingFrom(
      makeExtensionSecret({
        secretId: LOCAL_KEYS_SECRET_ID,
        endpoint: server.endpoint,
        sessionToken: server.sessionToken,
        clock,
      }),
    );
    const before = await keys.ring();
    expect(signingKey(before).id).toBe('k0');
    value = rotatedValue(value, {
      id: nextKeyId(before),
      secret: 'n'.repeat(64),
      createdAt: clock.now().toISOString(),
    });
    expect(signingKey(await keys.ring()).id).toBe('k0');
    clock.advance(5 * 60_000);
    const after = await keys.ring();
    expect(signingKey(after).id).toBe('k1');
    expect(suppressionSecretOf(after)).toBe(suppressionSecretOf(before));
  });
});

describe('the local key ring file', () => {
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-ring-'));
    dirs.push(dir);
    return dir;
  };

  it('is created once; a data dir of an earlier version keeps its secret as legacySecret (same suppression key)', () => {
    const dir = dataDir();
    const earlier = 'the-local-secret-of-an-earlier-version-0123';
    writeFileSync(join(dir, 'unsubscribe-secret'), earlier);
    const file = ensureLocalKeyRing(dir);
    const first = readFileSync(file, 'utf8');
    expect(ensureLocalKeyRing(dir)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(first);
    const ring = parseKeyRing(first);
    expect(ring.legacySecret).toBe(earlier);
    expect(suppressionSecretOf(ring)).toBe(suppressionSecretFrom(earlier));
    // A fresh data dir: no legacy secret; the suppression key comes from the initial key.
    const fresh = parseKeyRing(readFileSync(ensureLocalKeyRing(dataDir()), 'utf8'));
    expect(fresh.legacySecret).toBeUndefined();
    expect(fresh.keys.map((k) => k.id)).toEqual(['k0']);
  });

  it('rotation (`rotate:unsubscribe-key -- --local`) appends k1, then k2, keeping the suppression key', async () => {
    const dir = dataDir();
    const store = keyRingStore(['--local'], { RAPPORT_DATA_DIR: dir });
    const before = parseKeyRing(await store.read());
    for (const id of ['k1', 'k2']) {
      const value = await store.read();
      const ring = parseKeyRing(value);
      expect(nextKeyId(ring)).toBe(id);
      await store.write(
        rotatedValue(value, { id, secret: id.repeat(20), createdAt: new Date().toISOString() }),
      );
    }
    const after = parseKeyRing(await store.read());
    expect(after.keys.map((k) => k.id)).toEqual(['k0', 'k1', 'k2']);
    expect(signingKey(after).id).toBe('k2');
    expect(suppressionSecretOf(after)).toBe(suppressionSecretOf(before));
  });
});
