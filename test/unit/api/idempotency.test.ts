import { describe, expect, it } from 'vitest';
import { ApiError } from '#api/errors.ts';
import { json } from '#api/http.ts';
import { type IdempotencyRecord, type IdempotencyRecords, makeIdempotency } from '#api/idempotency.ts';

function memoryRecords() {
  const items = new Map<string, IdempotencyRecord>();
  const records: IdempotencyRecords = {
    async claim(record, nowSeconds) {
      const existing = items.get(record.key);
      const live =
        existing &&
        existing.expiresAt >= nowSeconds &&
        (existing.state === 'done' || existing.lockedUntil >= nowSeconds);
      if (live) return { claimed: false, existing };
      items.set(record.key, record);
      return { claimed: true };
    },
    async complete(key, response) {
      const item = items.get(key);
      if (item) items.set(key, { ...item, state: 'done', response });
    },
    async release(key) {
      items.delete(key);
    },
  };
  return { items, records };
}

const request = (body: string, key = 'k1') => ({
  method: 'POST',
  path: '/clients',
  headers: { 'idempotency-key': key },
  query: {},
  body,
});

describe('Idempotency-Key', () => {
  it('runs once per key; a retry after the expiry runs again', async () => {
    const { records } = memoryRecords();
    let now = new Date('2027-03-01T08:00:00Z');
    const once = makeIdempotency(records, () => now);
    let runs = 0;
    const run = async () => json(201, { run: ++runs });
    expect((await once(request('{}'), run)).body).toBe('{"run":1}');
    expect((await once(request('{}'), run)).body).toBe('{"run":1}');
    now = new Date('2027-03-02T08:00:01Z');
    expect((await once(request('{}'), run)).body).toBe('{"run":2}');
  });

  it('refuses the key with another request (422) and while the first still runs (409)', async () => {
    const { records } = memoryRecords();
    const once = makeIdempotency(records, () => new Date('2027-03-01T08:00:00Z'));
    let release: () => void = () => {};
    const first = once(
      request('{}'),
      () =>
        new Promise((resolve) => {
          release = () => resolve(json(201, {}));
        }),
    );
    await expect(once(request('{}'), async () => json(201, {}))).rejects.toMatchObject({ status: 409 });
    await expect(once(request('{"a":1}'), async () => json(201, {}))).rejects.toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
    });
    release();
    expect((await first).statusCode).toBe(201);
  });

  it('a key replayed with another query is another request (422); the same query replays', async () => {
    const { records } = memoryRecords();
    const once = makeIdempotency(records, () => new Date('2027-03-01T08:00:00Z'));
    const withQuery = (query: Record<string, string | undefined>) => ({ ...request('a,b'), query });
    let runs = 0;
    const run = async () => json(202, { run: ++runs });
    expect((await once(withQuery({ source: 'event: UX Week', other: undefined }), run)).body).toBe(
      '{"run":1}',
    );
    expect((await once(withQuery({ source: 'event: UX Week' }), run)).body).toBe('{"run":1}');
    await expect(once(withQuery({ source: 'alumni: RISD' }), run)).rejects.toMatchObject({
      status: 422,
      code: 'idempotency_key_reused',
    });
    await expect(once(withQuery({}), run)).rejects.toMatchObject({ status: 422 });
    expect(runs).toBe(1);
  });

  it('keeps no key for a request that failed or was refused', async () => {
    const { items, records } = memoryRecords();
    const once = makeIdempotency(records, () => new Date('2027-03-01T08:00:00Z'));
    await expect(
      once(request('{}'), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(items.size).toBe(0);
    await once(request('{}'), async () => json(404, {}));
    expect(items.size).toBe(0);
    await expect(once(request('{}', 'not ascii ✓'), async () => json(201, {}))).rejects.toBeInstanceOf(
      ApiError,
    );
  });
});
