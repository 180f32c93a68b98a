/**
 * The one way the dashboard calls the HTTP API: the id token as `Authorization: Bearer`, an
 * `Idempotency-Key` on every POST (kept across the one retry after a network failure, so the API
 * applies it once), the API's error `{code, message, field}` thrown as an ApiProblem. A 401 after a
 * refresh signs out and tells the app (back to sign-in).
 */
import { currentIdToken, signOut } from './auth.ts';
import type { AppConfig } from './config.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The rest of the API's `error` object (a refused launch's `findings`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

export interface CallOptions {
  body?: unknown;
  /** A non-JSON body (a CSV file) with its content type. */
  raw?: { content: string | Blob; contentType: string };
}

let config: AppConfig = { apiBase: '', auth: null };
let onSignedOut: () => void = () => {};

export function configureApi(next: AppConfig, signedOut: () => void) {
  config = next;
  onSignedOut = signedOut;
}

export const apiConfig = () => config;

function newKey(): string {
  return crypto.randomUUID();
}

async function send(
  method: string,
  path: string,
  options: CallOptions,
  key: string | undefined,
  token?: string,
) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.contentType;
    body = options.raw.content;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = path.startsWith('/local/') ? path : `${config.apiBase}${path}`;
  try {
    return await fetch(url, { method, headers, body });
  } catch {
    // One retry after a network failure, with the same key: the API applies a POST once.
    return fetch(url, { method, headers, body });
  }
}

/** Calls the API: the answer's status and text, after the token refresh; a 401 signs out. */
async function call(
  method: string,
  path: string,
  options: CallOptions,
): Promise<{ res: Response; text: string }> {
  const key = method === 'POST' ? newKey() : undefined;
  let token = await currentIdToken(config.auth);
  if (config.auth && !token) {
    onSignedOut();
    throw new ApiProblem(401, 'unauthorized', 'Please sign in.');
  }
  let res: Response;
  try {
    res = await send(method, path, options, key, token);
    if (res.status === 401 && config.auth) {
      token = await currentIdToken(config.auth, true);
      if (token) res = await send(method, path, options, key, token);
    }
  } catch {
    throw new ApiProblem(0, 'network', 'The API could not be reached. Check the connection and try again.');
  }
  if (res.status === 401 && config.auth) {
    signOut();
    onSignedOut();
    throw new ApiProblem(401, 'unauthorized', 'Your session ended: please sign in again.');
  }
  return { res, text: await res.text() };
}

/** The JSON of an answer's text (undefined when it is not JSON). */
function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** An error answer as an ApiProblem: the API's `{error: {code, message, field}}` when it sent one. */
function problemOf(res: Response, text: string): ApiProblem {
  const json = jsonOf(text) as {
    error?: { code?: string; message?: string; field?: string } & Record<string, unknown>;
    message?: string;
  };
  const { code, message: said, field, ...details } = json?.error ?? {};
  const message = said ?? json?.message ?? `HTTP ${res.status}`;
  return new ApiProblem(res.status, code ?? 'http_error', message, field ?? undefined, details);
}

/** Calls the API; resolves with the JSON answer, or throws an ApiProblem. */
export async function api<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const { res, text } = await call(method, path, options);
  if (!res.ok) throw problemOf(res, text);
  return jsonOf(text) as T;
}

/** GETs a text answer (the funnel as CSV); an error answer throws an ApiProblem as `api` does. */
export async function apiText(path: string): Promise<string> {
  const { res, text } = await call('GET', path, {});
  if (!res.ok) throw problemOf(res, text);
  return text;
}

/** An error's message without the field its first words name (a validation error's "email: is not …"). */
function ownWords(error: ApiProblem): string {
  const prefix = `${error.field}: `;
  return error.field && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** The field an error is about, when it names one of the form's fields (or a part of one: `questions[2].text`). */
export function errorFor(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiProblem) || !error.field) return undefined;
  const f = error.field;
  return f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`) ? ownWords(error) : undefined;
}

/** An error's message for the form's top, unless one of `fields` shows it next to itself. */
export function formError(error: unknown, fields: readonly string[]): string | undefined {
  if (!error) return undefined;
  if (fields.some((f) => errorFor(error, f) !== undefined)) return undefined;
  if (error instanceof ApiProblem && error.field) return `${error.field}: ${ownWords(error)}`;
  return error instanceof Error ? error.message : String(error);
}
