/**
 * The CLI's HTTP client: the only way the CLI reaches rapport. JSON in and out, SigV4 for a deployed
 * (non-loopback) API, an `Idempotency-Key` on every POST, and retries with backoff after a timeout, a
 * reset connection or a 502/503/504 — reusing the same key, so a retried POST is applied once.
 */
import { randomUUID } from 'node:crypto';
import { apiFailure, CliError } from './errors.ts';
import { enc } from './input.ts';
import { type CredentialSource, defaultCredentials, isLoopback, regionOf, signRequest } from './sigv4.ts';

export const DEFAULT_API = 'http://127.0.0.1:4591';

export interface ApiClientOptions {
  baseUrl: string;
  /** For a non-loopback API; the default AWS chain when absent. */
  credentials?: CredentialSource;
  /** The signed-in person's ID token (`rapport login`), sent as `Authorization: Bearer` on every attempt. */
  bearer?: () => Promise<string>;
  /** Sign with SigV4 (the IAM API). Default: a non-loopback API without a bearer token. */
  sigv4?: boolean;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts after the first one. */
  retries?: number;
  /** Wait before the first retry; doubles for each next one. */
  backoffMs?: number;
  /** The key of each POST (a fresh UUID by default). */
  newKey?: () => string;
  /** Progress of retries (to stderr). */
  onRetry?: (attempt: number, reason: string) => void;
}

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as is with `contentType`. */
  body?: string | Uint8Array;
  contentType?: string;
  /** A POST's key; a fresh one when absent. Every retry of this request reuses it. */
  idempotencyKey?: string;
  /** What the request does, for the error line ("create client"). */
  what: string;
  /** The command's own hint for a refusal, by status (replacing the generic one). */
  hints?: Partial<Record<number, string>>;
}

/** Network failures worth another attempt (the request may or may not have arrived). */
const RETRIED_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const RETRIED_STATUSES = new Set([502, 503, 504]);

function causeCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function makeApiClient(options: ApiClientOptions) {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new CliError(
      `"${options.baseUrl}" is not a URL`,
      'pass --api http(s)://host[:port] or set RAPPORT_API',
    );
  }
  const signed = options.sigv4 ?? (!isLoopback(base) && !options.bearer);
  const credentials = options.credentials ?? defaultCredentials();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 300;
  const newKey = options.newKey ?? randomUUID;

  function urlOf(path: string, query: ApiRequest['query'] = {}): URL {
    const url = new URL(base.toString());
    url.pathname = `${base.pathname.replace(/\/$/, '')}${path}`;
    // Encoded as SigV4 signs it (a space is %20, never +): `--iam` requests carry what was signed.
    url.search = Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([key, value]) => `${enc(key)}=${enc(String(value))}`)
      .join('&');
    return url;
  }

  /** One attempt with a timeout; the signature (fresh date) is made per attempt. */
  async function attempt(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body?: string | Uint8Array,
  ) {
    const sent = signed
      ? await signRequest({ method, url, headers, body }, { region: regionOf(url), credentials })
      : options.bearer
        ? { ...headers, authorization: `Bearer ${await options.bearer()}` }
        : headers;
    const response = await fetch(url, {
      method,
      headers: sent,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read the body inside the attempt: a reset while reading is retried like one before the headers.
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** Attempts until an answer that is not a gateway failure, or the retries are spent. */
  async function withRetries(
    what: string,
    url: URL,
    send: () => Promise<{ status: number; headers: Headers; text: string }>,
  ) {
    for (let n = 0; ; n++) {
      try {
        const answer = await send();
        if (RETRIED_STATUSES.has(answer.status) && n < retries) {
          options.onRetry?.(n + 1, `HTTP ${answer.status}`);
          await sleep(backoffMs * 2 ** n);
          continue;
        }
        return answer;
      } catch (error) {
        if (error instanceof CliError) throw error;
        const code = causeCode(error);
        if (code === 'ECONNREFUSED') {
          throw new CliError(
            `cannot reach the API at ${url.origin} (connection refused)`,
            isLoopback(url)
              ? 'is `npm start` running? or pass --api URL / set RAPPORT_API'
              : 'check the --api URL / RAPPORT_API',
          );
        }
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
          throw new CliError(`cannot resolve ${url.hostname}`, 'check the --api URL / RAPPORT_API');
        }
        const retryable = isTimeout(error) || (code !== undefined && RETRIED_CODES.has(code));
        if (!retryable) {
          throw new CliError(
            `${what} failed: ${(error as Error).message}${code ? ` (${code})` : ''}`,
            'check the API URL and the network',
          );
        }
        const reason = isTimeout(error)
          ? `no answer within ${timeoutMs / 1000} s`
          : `connection lost (${code})`;
        if (n >= retries) {
          throw new CliError(
            `${what}: ${reason} from ${url.origin}, ${n + 1} tries`,
            'run it again; the API may be busy or unreachable',
          );
        }
        options.onRetry?.(n + 1, reason);
        await sleep(backoffMs * 2 ** n);
      }
    }
  }

  const parse = (text: string): unknown => {
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };

  /** The answer's JSON (or text); a non-2xx answer becomes a CliError naming the API's message and field. */
  async function request<T = unknown>(req: ApiRequest): Promise<T> {
    const url = urlOf(req.path, req.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | Uint8Array | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.contentType) headers['content-type'] = req.contentType;
    if (req.method === 'POST') headers['idempotency-key'] = req.idempotencyKey ?? newKey();
    const answer = await withRetries(req.what, url, () => attempt(req.method, url, headers, body));
    const parsed = parse(answer.text);
    if (answer.status >= 200 && answer.status < 300) return parsed as T;
    // The API's `{error}`, or API Gateway's own `{message}` (its 401 "Unauthorized").
    const answered =
      typeof parsed === 'object' && parsed !== null ? (parsed as { error?: object; message?: string }) : {};
    const error =
      answered.error ?? (typeof answered.message === 'string' ? { message: answered.message } : undefined);
    const failure = apiFailure(
      answer.status,
      error,
      req.what,
      signed ? 'sigv4' : options.bearer ? 'bearer' : 'none',
      req.hints?.[answer.status],
    );
    failure.answer = { status: answer.status, body: parsed };
    throw failure;
  }

  /** A PUT to a presigned URL (S3): not signed by us, no key (a PUT is idempotent), retried the same way. */
  async function upload(uploadUrl: string, body: Uint8Array, contentType?: string): Promise<void> {
    const url = new URL(uploadUrl);
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    const answer = await withRetries('upload', url, async () => {
      const response = await fetch(url, {
        method: 'PUT',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs * 4),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    });
    if (answer.status < 200 || answer.status >= 300) {
      throw new CliError(
        `upload refused (${answer.status}): ${answer.text.slice(0, 200)}`,
        'run the command again for a fresh upload URL',
      );
    }
  }

  return { baseUrl: base.toString(), signed, request, upload };
}

export type ApiClient = ReturnType<typeof makeApiClient>;
