/**
 * The one error shape of the API, `{"error": {"code", "message", "field"}}`, and the mapping of the
 * domain's errors onto it. Bad input is always a 4xx and writes nothing; only the unexpected is a 5xx.
 */
import {
  NotFound,
  RetryableError,
  TransitionRefused,
  ValidationError,
  VersionConflict,
} from '#domain/errors.ts';
import { logger } from '#shared/logger.ts';
import { type ApiResponse, json } from './http.ts';

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'body_too_large'
  | 'unsupported_media_type'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'unavailable'
  | 'internal';

/** An expected refusal of a request: thrown by the API's own checks, answered as its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** More for the caller, beside code, message and field (the launch's outreach findings). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  field?: string,
  details?: Record<string, unknown>,
): ApiResponse {
  return json(status, { error: { code, message, field: field ?? null, ...details } });
}

/** Any error thrown while serving a request, as the response to send. */
export function responseForError(error: unknown): ApiResponse {
  if (error instanceof ApiError) {
    return errorResponse(error.status, error.code, error.message, error.field, error.details);
  }
  if (error instanceof ValidationError) {
    return errorResponse(422, 'invalid_input', error.message, error.issues[0]?.field);
  }
  if (error instanceof NotFound) {
    return errorResponse(404, 'not_found', error.message, `${error.entity}Id`);
  }
  if (error instanceof TransitionRefused || error instanceof VersionConflict) {
    return errorResponse(409, 'conflict', error.message);
  }
  if (error instanceof RetryableError) {
    logger.warn('api request failed, retryable', { error });
    return errorResponse(503, 'unavailable', 'a service rapport uses is busy; retry shortly');
  }
  logger.error('api request failed', { error });
  return errorResponse(500, 'internal', 'internal error');
}
