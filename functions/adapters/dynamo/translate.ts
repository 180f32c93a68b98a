/**
 * The one place a DynamoDB SDK error becomes a domain error: failed conditions become
 * VersionConflict, throttling / 5xx / network become RetryableError, the rest PermanentError.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PermanentError, RetryableError, VersionConflict } from '#domain/errors.ts';
import { isTransient, sdkError } from '../sdk-errors.ts';

/** Why one item of a cancelled transaction failed; `Item` (wire format) when it asked for ALL_OLD. */
export interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const RETRYABLE_CANCELLATION_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

export function translate(error: unknown, what: string): Error {
  if (!(error instanceof Error)) return new PermanentError(`${what}: ${String(error)}`, 'Unknown');
  if (isConditionFailure(error)) return new VersionConflict('item', what);
  const reasons = cancellationReasons(error);
  if (reasons) {
    const codes = reasons.map((r) => r.Code ?? 'None').filter((code) => code !== 'None');
    if (codes.includes('ConditionalCheckFailed')) return new VersionConflict('item', what);
    if (codes.length > 0 && codes.every((code) => RETRYABLE_CANCELLATION_CODES.has(code))) {
      return new RetryableError(`${what}: transaction cancelled (${codes.join(', ')})`, { cause: error });
    }
    return new PermanentError(`${what}: transaction cancelled (${codes.join(', ')})`, error.name, false, {
      cause: error,
    });
  }
  if (RETRYABLE_NAMES.has(error.name) || isTransient(error) || sdkError(error).$retryable !== undefined) {
    return new RetryableError(`${what}: ${error.name}: ${error.message}`, { cause: error });
  }
  const operatorAlert = error.name === 'ResourceNotFoundException' || error.name === 'AccessDeniedException';
  return new PermanentError(`${what}: ${error.name}: ${error.message}`, error.name, operatorAlert, {
    cause: error,
  });
}

/** The reasons of a cancelled TransactWriteItems, one per item in order; `undefined` for any other error. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
