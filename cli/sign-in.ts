/**
 * Signing in to rapport from the CLI: Cognito's InitiateAuth (USER_PASSWORD_AUTH, then
 * REFRESH_TOKEN_AUTH when the ID token has expired), the same call the local dashboard makes. Where
 * to sign in comes from --cognito-endpoint / --client-id, RAPPORT_COGNITO_ENDPOINT /
 * RAPPORT_COGNITO_CLIENT_ID, or the API's dashboard settings (`<api>/app/config.json`).
 */
import { type SavedSignIn, type SignInSettings, saveSignIn } from './credentials.ts';
import { CliError } from './errors.ts';

/** Refresh this long before the ID token expires (a request in flight must not arrive with a dead one). */
const REFRESH_MARGIN_MS = 60_000;

interface AuthenticationResult {
  IdToken?: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

async function initiateAuth(
  settings: SignInSettings,
  flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH',
  parameters: Record<string, string>,
): Promise<AuthenticationResult> {
  let response: Response;
  try {
    response = await fetch(settings.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({ AuthFlow: flow, ClientId: settings.clientId, AuthParameters: parameters }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the sign-in service at ${settings.endpoint}: ${(error as Error).message}`,
      'is `npm start` running? or check --cognito-endpoint / RAPPORT_COGNITO_ENDPOINT',
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: AuthenticationResult;
    message?: string;
    __type?: string;
  };
  if (!response.ok || !body.AuthenticationResult?.IdToken) {
    const why = body.message ?? body.__type ?? `HTTP ${response.status}`;
    throw new CliError(
      `sign-in refused: ${why}`,
      flow === 'REFRESH_TOKEN_AUTH' ? 'sign in again with `rapport login`' : 'check the email and password',
    );
  }
  return body.AuthenticationResult;
}

const expiryOf = (result: AuthenticationResult, now: Date) =>
  new Date(now.getTime() + (result.ExpiresIn ?? 3600) * 1000).toISOString();

export async function signInWithPassword(
  baseUrl: string,
  settings: SignInSettings,
  email: string,
  password: string,
  now = new Date(),
): Promise<SavedSignIn> {
  const result = await initiateAuth(settings, 'USER_PASSWORD_AUTH', { USERNAME: email, PASSWORD: password });
  const saved: SavedSignIn = {
    ...settings,
    email,
    idToken: result.IdToken as string,
    refreshToken: result.RefreshToken ?? '',
    expiresAt: expiryOf(result, now),
  };
  saveSignIn(baseUrl, saved);
  return saved;
}

/** The saved sign-in's ID token, refreshed (and saved again) when it has expired or is about to. */
export async function freshIdToken(baseUrl: string, saved: SavedSignIn, now = new Date()): Promise<string> {
  if (Date.parse(saved.expiresAt) - REFRESH_MARGIN_MS > now.getTime()) return saved.idToken;
  if (!saved.refreshToken)
    throw new CliError('the sign-in has expired', 'sign in again with `rapport login`');
  const result = await initiateAuth(saved, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: saved.refreshToken });
  const refreshed: SavedSignIn = {
    ...saved,
    idToken: result.IdToken as string,
    // Cognito answers a refresh without a new refresh token: the old one stays.
    refreshToken: result.RefreshToken ?? saved.refreshToken,
    expiresAt: expiryOf(result, now),
  };
  saveSignIn(baseUrl, refreshed);
  return refreshed.idToken;
}

/** The claims of an ID token (read, not verified: the API verifies it). */
export function claimsOf(idToken: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

/**
 * Where to sign in for `baseUrl`: the options, the environment, else the local dashboard's settings
 * the API serves (`/app/config.json` with `auth.kind` "password"). Deployed, the stack outputs the
 * CLI's app client and Cognito's regional endpoint (`https://cognito-idp.<region>.amazonaws.com/`).
 */
export async function signInSettings(
  baseUrl: string,
  given: { endpoint?: string; clientId?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<SignInSettings> {
  const endpoint = given.endpoint ?? env.RAPPORT_COGNITO_ENDPOINT;
  const clientId = given.clientId ?? env.RAPPORT_COGNITO_CLIENT_ID;
  if (endpoint && clientId) {
    const region =
      /cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/.exec(endpoint)?.[1] ?? env.AWS_REGION ?? 'us-east-1';
    return { endpoint, clientId, region };
  }
  const url = `${baseUrl.replace(/\/+$/, '')}/app/config.json`;
  const config = (await fetch(url, { signal: AbortSignal.timeout(10_000) })
    .then((r) => (r.ok ? r.json() : undefined))
    .catch(() => undefined)) as
    | { auth?: { kind?: string; endpoint?: string; region?: string; clientId?: string } | null }
    | undefined;
  const auth = config?.auth;
  if (auth?.kind === 'password' && auth.endpoint && auth.clientId) {
    return { endpoint: auth.endpoint, clientId: auth.clientId, region: auth.region ?? 'us-east-1' };
  }
  throw new CliError(
    `cannot tell where to sign in for ${baseUrl}`,
    'pass --cognito-endpoint URL --client-id ID (or set RAPPORT_COGNITO_ENDPOINT and RAPPORT_COGNITO_CLIENT_ID; `npm start` prints them)',
  );
}
