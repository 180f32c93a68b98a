/**
 * Scheduler SDK errors → the domain's error kinds, here and nowhere else: throttling, 5xx and
 * network failures become RetryableError; validation, quota and access errors become PermanentError
 * (quota, access and a missing schedule group carry `operatorAlert`). Errors that are neither (bugs)
 * are rethrown as-is.
 */
import { PermanentError, RetryableError } from '#domain/errors.ts';
import { isTransient, type SdkErrorShape } from './sdk-errors.ts';

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'InternalServerException',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const OPERATOR_ALERT_NAMES = new Set([
  'ServiceQuotaExceededException',
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'ResourceNotFoundException',
]);

/** The SDK error's name, for the expected outcomes callers handle before translating. */
export function schedulerErrorName(error: unknown): string | undefined {
  return (error as SdkErrorShape | undefined)?.name;
}

/**
 * Translates an error thrown by the Scheduler SDK into the domain's error kinds. `action` says what
 * was being done (it starts the message). Not-found and conflict outcomes that are expected are
 * handled by the callers before this.
 */
export function translateSchedulerError(error: unknown, action: string): Error {
  if (!error || typeof error !== 'object') return new Error(`${action}: ${String(error)}`);
  const e = error as SdkErrorShape;
  const name = e.name ?? 'Error';
  const message = `${action}: ${name}: ${e.message ?? ''}`.trimEnd();
  if (RETRYABLE_NAMES.has(name) || isTransient(error)) {
    return new RetryableError(message, { cause: error });
  }
  if (name === 'ConflictException') {
    // Reached only where a conflict is not the expected idempotent outcome: a concurrent change.
    return new RetryableError(message, { cause: error });
  }
  if (e.$metadata !== undefined || e.$fault === 'client') {
    return new PermanentError(message, name, OPERATOR_ALERT_NAMES.has(name), { cause: error });
  }
  return error as Error;
}
