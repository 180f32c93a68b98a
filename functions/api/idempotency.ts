/**
 * `Idempotency-Key` on every POST: the first request with a key runs and its (successful) response is
 * kept until the key expires; a retry with the same key and the same request gets that response and
 * changes nothing; the same key with another request is refused (422). A request that failed wrote
 * nothing, so its claim is released and a retry runs again.
 */
import { createHash } from 'node:crypto';
import { ApiError } from './errors.ts';
import type { ApiRequest, ApiResponse } from './http.ts';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * How long a claim holds while its request runs (API Gateway gives up after 30 s). A function that
 * died mid-request leaves its claim `in_progress`: after this, a retry takes it over (and runs the
 * operation again, which is safe for the operations here: a launch only launches what is left).
 */
export const IDEMPOTENCY_LEASE_SECONDS = 120;

const KEY = /^[\x21-\x7e]{1,200}$/;
const CONTACT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface IdempotencyRecord {
  key: string;
  /** Hash of the method, path, query (when there is one) and body of the request that first used the key. */
  fingerprint: string;
  state: 'in_progress' | 'done';
  /** Epoch seconds: until then an `in_progress` claim is its request's. */
  lockedUntil: number;
  response?: { statusCode: number; body: string };
  /** Epoch seconds; the table's TTL attribute. */
  expiresAt: number;
  /** The contact the request is about (its response carries the contact's data): erased with it. */
  contactId?: string;
}

/** Where the keys are kept (DynamoDB: `#adapters/dynamo-idempotency.ts`). */
export interface IdempotencyRecords {
  /**
   * Writes an `in_progress` record unless a live one has the key: one not expired at `nowSeconds`,
   * and either `done` or still locked.
   */
  claim(
    record: IdempotencyRecord,
    nowSeconds: number,
  ): Promise<{ claimed: true } | { claimed: false; existing?: IdempotencyRecord }>;
  complete(key: string, response: { statusCode: number; body: string }): Promise<void>;
  release(key: string): Promise<void>;
}

export function fingerprintOf(request: ApiRequest): string {
  // The query is part of the request (an import's `?source=`): a key replayed with another query is
  // another request. Without a query the fingerprint is what it always was.
  const query = Object.entries(request.query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  return createHash('sha256')
    .update(
      `${request.method.toUpperCase()} ${request.path}${query ? `?${query}` : ''}\n${request.body ?? ''}`,
    )
    .digest('base64url');
}

export function makeIdempotency(records: IdempotencyRecords, now: () => Date) {
  /** Runs `run` at most once per key (see above); without a key it just runs. */
  /**
   * `contactId`: the path's contact, when the route has one — its record is erased with the contact.
   * Only an id that can name a contact is kept (anything else gets a 404 from the scope anyway).
   */
  return async function once(
    request: ApiRequest,
    run: () => Promise<ApiResponse>,
    contactId?: string,
  ): Promise<ApiResponse> {
    const key = request.headers['idempotency-key'];
    if (key === undefined) return run();
    if (!KEY.test(key)) {
      throw new ApiError(400, 'invalid_input', 'must be 1–200 printable ASCII characters', 'Idempotency-Key');
    }
    const fingerprint = fingerprintOf(request);
    const nowSeconds = Math.floor(now().getTime() / 1000);
    const outcome = await records.claim(
      {
        key,
        fingerprint,
        state: 'in_progress',
        lockedUntil: nowSeconds + IDEMPOTENCY_LEASE_SECONDS,
        expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
        ...(contactId !== undefined && CONTACT_ID.test(contactId) ? { contactId } : {}),
      },
      nowSeconds,
    );
    if (!outcome.claimed) {
      const existing = outcome.existing;
      if (existing && existing.fingerprint !== fingerprint) {
        throw new ApiError(
          422,
          'idempotency_key_reused',
          'this Idempotency-Key was used with another request',
          'Idempotency-Key',
        );
      }
      if (existing?.state === 'done' && existing.response) {
        return {
          statusCode: existing.response.statusCode,
          headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' },
          body: existing.response.body,
        };
      }
      throw new ApiError(
        409,
        'idempotency_key_in_use',
        'a request with this Idempotency-Key is still running; retry shortly',
        'Idempotency-Key',
      );
    }
    let response: ApiResponse;
    try {
      response = await run();
    } catch (error) {
      await records.release(key);
      throw error;
    }
    if (response.statusCode < 300) {
      await records.complete(key, { statusCode: response.statusCode, body: response.body });
    } else {
      await records.release(key);
    }
    return response;
  };
}
