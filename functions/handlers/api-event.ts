/**
 * API Gateway HTTP API (payload v2) events as the API core's requests: shared by the API function
 * and the preview function (each serves its own routes behind the same HTTP API).
 */
import * as z from 'zod/mini';
import { callerOf } from '#api/caller.ts';
import type { ApiRequest, ApiResponse } from '#api/http.ts';
import { lambdaHandler, schemaParser } from './middleware.ts';

const optionalStrings = z.optional(z.record(z.string(), z.optional(z.string())));

/** The parts of a payload v2 event the API reads. */
const eventSchema = z.object({
  rawPath: z.string(),
  requestContext: z.object({
    http: z.object({ method: z.string() }),
    /** The JWT authorizer's claims or the IAM caller (`#api/caller.ts` reads them). */
    authorizer: z.optional(z.unknown()),
  }),
  headers: optionalStrings,
  queryStringParameters: optionalStrings,
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
});

export type ApiEvent = z.infer<typeof eventSchema>;

/** A payload v2 event as the API's request (header names in lower case, the body decoded). */
export function requestFromEvent(event: ApiEvent): ApiRequest {
  const headers: ApiRequest['headers'] = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body =
    event.body !== undefined && event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body;
  const caller = callerOf(event);
  return {
    ...(caller ? { caller } : {}),
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    headers,
    query: event.queryStringParameters ?? {},
    ...(body !== undefined ? { body } : {}),
  };
}

/** The handler with its API given (tests and `npm start` pass theirs). */
export function makeApiHandler(api: () => (request: ApiRequest) => Promise<ApiResponse>) {
  return lambdaHandler(schemaParser(eventSchema), (event) => api()(requestFromEvent(event)));
}
