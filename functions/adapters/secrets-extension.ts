/**
 * A secret's value through the AWS Parameters and Secrets Lambda Extension: a plain HTTP GET to the
 * extension's port (`/secretsmanager/get?secretId=…`, the session token in
 * `X-Aws-Parameters-Secrets-Token`), which answers GetSecretValue's JSON. Nothing of the SDK in the
 * bundle. The value is kept for `ttlMs` (default 5 minutes) from when it was fetched — one fetch per
 * TTL per container — and a fetch that fails is not kept (the next call tries again).
 *
 * Locally `local/secrets-extension.ts` serves the same protocol from the key ring file in the data
 * dir, so this same code runs in `npm start` and the tests.
 */
import type { Clock } from '#domain/ports/clock.ts';
import type { OnSdkCall } from './sdk-calls.ts';

export const EXTENSION_ENDPOINT = 'http://localhost:2773';
export const DEFAULT_SECRET_TTL_MS = 5 * 60_000;

export interface SecretsExtensionOptions {
  /** The secret's ARN or name. */
  secretId: string;
  /** @default http://localhost:2773 (the extension in Lambda) */
  endpoint?: string;
  /** `AWS_SESSION_TOKEN` in Lambda: the extension refuses a request without it. */
  sessionToken?: string;
  ttlMs?: number;
  clock: Clock;
  /** Told of each fetch as the GetSecretValue the extension makes (tests: the IAM contract). */
  onCall?: OnSdkCall;
}

/** The secret's value (a string), fetched at most once per TTL. */
export interface SecretSource {
  value(): Promise<string>;
}

export function makeExtensionSecret(options: SecretsExtensionOptions): SecretSource {
  const ttl = options.ttlMs ?? DEFAULT_SECRET_TTL_MS;
  let cached: { value: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchValue(): Promise<string> {
    options.onCall?.({
      service: 'SecretsManager',
      operation: 'GetSecretValue',
      input: { SecretId: options.secretId },
    });
    const url = new URL('/secretsmanager/get', options.endpoint ?? EXTENSION_ENDPOINT);
    url.searchParams.set('secretId', options.secretId);
    const response = await fetch(url, {
      headers: { 'X-Aws-Parameters-Secrets-Token': options.sessionToken ?? '' },
    });
    if (!response.ok) {
      // The body may echo the request, never the value; keep only the status.
      throw new Error(`secret ${options.secretId}: the secrets extension answered ${response.status}`);
    }
    const body = (await response.json()) as { SecretString?: unknown };
    if (typeof body.SecretString !== 'string') throw new Error(`secret ${options.secretId}: no SecretString`);
    return body.SecretString;
  }

  return {
    async value() {
      const now = options.clock.now().getTime();
      if (cached && now < cached.until) return cached.value;
      // Concurrent callers share one fetch.
      pending ??= fetchValue()
        .then((value) => {
          cached = { value, until: options.clock.now().getTime() + ttl };
          return value;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
  };
}
