/**
 * What every AWS SDK v3 error looks like, and the failures that are worth retrying whatever the
 * service: the network, timeouts, 5xx and 429. Each adapter adds its own service's error names on
 * top and translates into the domain's kinds (RetryableError / PermanentError / …) itself.
 */
export interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export function sdkError(error: unknown): SdkErrorShape {
  return (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);

/** A failure of the connection or the service itself (network, timeout, 5xx, 429): retry later. */
export function isTransient(error: unknown): boolean {
  const e = sdkError(error);
  const status = e.$metadata?.httpStatusCode;
  return (
    (e.code !== undefined && NETWORK_CODES.has(e.code)) ||
    (e.name !== undefined && TIMEOUT_NAMES.has(e.name)) ||
    e.$fault === 'server' ||
    (status !== undefined && (status >= 500 || status === 429))
  );
}
