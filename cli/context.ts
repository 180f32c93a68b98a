/** What every command needs: the API client (from --api / RAPPORT_API) and the output (--json). */
import type { Command } from 'commander';
import { loadSignIn } from './credentials.ts';
import { answer, makeOutput, type Output } from './format.ts';
import {
  type ApiClient,
  type ApiClientOptions,
  type ApiRequest,
  DEFAULT_API,
  makeApiClient,
} from './http.ts';
import { freshIdToken } from './sign-in.ts';

export interface GlobalOptions {
  api?: string;
  /** Sign with SigV4 (the IAM API) even when a sign-in is saved for the URL. */
  iam?: boolean;
  json?: boolean;
  idempotencyKey?: string;
}

export interface Context {
  api: ApiClient;
  out: Output;
  /**
   * The Idempotency-Key of the command's POST named `step` ("" for its main request): from
   * --idempotency-key when given (so a script can replay a whole command), else a fresh one.
   */
  key(step?: string): string | undefined;
}

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n >= 0 ? n : fallback;
};

/**
 * How requests are authorised: `--iam` signs with SigV4 (automation on the IAM API); otherwise a
 * saved `rapport login` for the URL sends its ID token (refreshed when expired); otherwise a deployed
 * API is signed with SigV4 (as before) and a local one gets no credentials (401: sign in).
 */
function authOf(baseUrl: string, iam: boolean): Pick<ApiClientOptions, 'bearer' | 'sigv4'> {
  if (iam) return { sigv4: true };
  const saved = loadSignIn(baseUrl);
  return saved ? { bearer: () => freshIdToken(baseUrl, saved) } : {};
}

export function contextOf(command: Command): Context {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const out = makeOutput(globals.json === true);
  const baseUrl = globals.api ?? process.env.RAPPORT_API ?? DEFAULT_API;
  const api = makeApiClient({
    baseUrl,
    ...authOf(baseUrl, globals.iam === true),
    timeoutMs: positive(process.env.RAPPORT_TIMEOUT_MS, 30_000),
    onRetry: (attempt, reason) => process.stderr.write(`rapport: ${reason}; trying again (${attempt})\n`),
  });
  return {
    api,
    out,
    key: (step = '') =>
      globals.idempotencyKey === undefined ? undefined : `${globals.idempotencyKey}${step ? `.${step}` : ''}`,
  };
}

/** How often a job is polled (RAPPORT_POLL_MS; tests make it short). */
export const pollMs = () => positive(process.env.RAPPORT_POLL_MS, 500);

/**
 * Most commands: one request, its answer shown (a field | value table for people). A POST carries
 * the --idempotency-key when one was given.
 */
export async function callAndShow(
  command: Command,
  request: ApiRequest,
  render: (value: Record<string, unknown>) => string = (value) => answer(value ?? {}),
): Promise<Record<string, unknown>> {
  const { api, out, key } = contextOf(command);
  const answer = await api.request<Record<string, unknown>>({
    ...request,
    ...(request.method === 'POST' ? { idempotencyKey: request.idempotencyKey ?? key() } : {}),
  });
  out.show(answer, () => render(answer));
  return answer;
}
