/**
 * The CLI's one failure shape: a reason and what to do about it, printed as ONE line on stderr
 * (`rapport: <reason> (<what to do>)`) with a non-zero exit code.
 */
export class CliError extends Error {
  /** The API's answer when the API refused the request (its status and body as is), for commands that show more of it. */
  answer?: { status: number; body: unknown };

  constructor(
    readonly reason: string,
    readonly hint: string,
    readonly exitCode = 1,
  ) {
    super(reason);
    this.name = 'CliError';
  }
}

/** The API's error body, `{"error": {"code", "message", "field"}}`. */
export interface ApiErrorBody {
  code?: string;
  message?: string;
  field?: string | null;
}

/** How the CLI signed the request: a 401 or 403 has one hint, the one that fits it. */
export type SignedWith = 'sigv4' | 'bearer' | 'none';

/**
 * The hint of a 401 or 403. The API's message already says who may do it ("only an admin may do
 * this"): the hint says what to do, never the rule again.
 */
const ACCESS_HINTS: Record<401 | 403, Record<SignedWith, string>> = {
  401: {
    sigv4: 'check the AWS credentials: aws sts get-caller-identity',
    bearer: 'sign in again with `rapport login`',
    none: 'sign in with `rapport login`',
  },
  403: {
    sigv4: 'check the IAM permissions of the AWS identity: execute-api:Invoke on this API',
    bearer: 'ask an admin, or the coach of the client; `rapport whoami` shows who you are signed in as',
    none: 'sign in with `rapport login` as an admin, or as the coach of the client',
  },
};

const HINTS: Record<number, string> = {
  400: 'fix the request and run it again',
  404: 'check the id; `rapport clients` and `rapport campaigns --client ID` list them',
  409: 'the current state does not allow it; look with `rapport contact ID` or `rapport jobs`',
  413: 'the input is too large; split it or use a smaller file',
  415: 'send a supported content type',
  422: 'fix the named field and run it again',
  429: 'too many requests; wait a moment and run it again',
};

/** A refusal (or failure) answered by the API, as one line naming the field. */
export function apiFailure(
  status: number,
  error: ApiErrorBody | undefined,
  what: string,
  signedWith: SignedWith = 'none',
  /** The command's own hint for this status (e.g. a 403 on an admin-only command), if it has one. */
  ownHint?: string,
): CliError {
  const message = error?.message ?? `HTTP ${status}`;
  // A validation error's message names its fields already ("timeZone: must be …"): not twice.
  const field = error?.field && !message.startsWith(`${error.field}: `) ? `${error.field}: ` : '';
  const code = error?.code ? ` ${error.code}` : '';
  const hint =
    ownHint ??
    (status === 404 && /^no route /.test(message)
      ? 'this API does not serve that operation; update the API (or use a CLI of the same version)'
      : undefined) ??
    (status === 401 || status === 403 ? ACCESS_HINTS[status][signedWith] : undefined) ??
    HINTS[status] ??
    (status >= 500
      ? 'the API failed; run it again later or read the API function logs'
      : 'see `rapport --help`');
  return new CliError(`${what} refused (${status}${code}): ${field}${message}`, hint);
}

/** The line printed for any error (never a stack trace). */
export function errorLine(error: unknown): string {
  if (error instanceof CliError) return `rapport: ${oneLine(error.reason)} (${oneLine(error.hint)})`;
  const message = error instanceof Error ? error.message : String(error);
  return `rapport: ${oneLine(message)} (this looks like a bug in rapport; run again with RAPPORT_DEBUG=1 for details)`;
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
