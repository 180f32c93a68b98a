/**
 * The API's own request and response, independent of Lambda: the handler converts API Gateway's
 * payload v2 into an ApiRequest, and `local/api-server.ts` converts Node's HTTP requests the same way.
 */

import type { Caller } from './caller.ts';

export interface ApiRequest {
  method: string;
  /** Who is calling (`caller.ts`): absent when no authorizer vouched for anyone (401 but on public routes). */
  caller?: Caller;
  /** The path without the query string, e.g. `/campaigns/abc/launch`. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The raw body, decoded from base64 when API Gateway encoded it. */
  body?: string;
}

export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

export function json(statusCode: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}
