/**
 * Signing in, as the login contract says: `password` → Cognito's InitiateAuth (USER_PASSWORD_AUTH,
 * then REFRESH_TOKEN_AUTH) with fetch; `hosted` → the hosted UI's authorization code + PKCE (S256);
 * no auth → nothing to do. The tokens live in sessionStorage (gone with the tab).
 */
import type { AuthConfig } from './config.ts';

export interface Tokens {
  idToken: string;
  refreshToken?: string;
  /** Epoch ms the id token expires. */
  expiresAt: number;
}

const KEY = 'rapport.tokens';
const PKCE_KEY = 'rapport.pkce';
/** Refresh this long before the id token expires. */
const EARLY_MS = 60_000;

export class SignInError extends Error {}

export function storedTokens(): Tokens | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : undefined;
  } catch {
    return undefined;
  }
}

function store(tokens: Tokens) {
  sessionStorage.setItem(KEY, JSON.stringify(tokens));
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/**
 * When an ID token expires: its own `exp` claim (ms). Cognito also says `ExpiresIn`, but not every
 * implementation does (cognito-local leaves it out) — without this a token would look expired at
 * once and be refreshed before every call.
 */
export function expiryOf(idToken: string | undefined): number | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** InitiateAuth against the endpoint (cognito-local or Cognito's regional endpoint). */
async function initiateAuth(
  auth: Extract<AuthConfig, { kind: 'password' }>,
  flow: 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH',
  parameters: Record<string, string>,
): Promise<Tokens> {
  const res = await fetch(auth.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({ AuthFlow: flow, ClientId: auth.clientId, AuthParameters: parameters }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    message?: string;
    AuthenticationResult?: { IdToken: string; RefreshToken?: string; ExpiresIn?: number };
  };
  const result = body.AuthenticationResult;
  if (!res.ok || !result) {
    throw new SignInError(body.message ?? `sign-in refused (HTTP ${res.status})`);
  }
  return {
    idToken: result.IdToken,
    refreshToken: result.RefreshToken ?? parameters.REFRESH_TOKEN,
    expiresAt: expiryOf(result.IdToken) ?? Date.now() + (result.ExpiresIn ?? 3600) * 1000,
  };
}

export async function signInWithPassword(auth: AuthConfig, email: string, password: string): Promise<Tokens> {
  if (auth?.kind !== 'password') throw new SignInError('this dashboard signs in through the hosted page');
  const tokens = await initiateAuth(auth, 'USER_PASSWORD_AUTH', { USERNAME: email, PASSWORD: password });
  store(tokens);
  return tokens;
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** Sends the browser to the hosted UI (authorization code + PKCE). */
export async function startHostedSignIn(auth: Extract<AuthConfig, { kind: 'hosted' }>) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query}`);
}

async function tokenEndpoint(
  auth: Extract<AuthConfig, { kind: 'hosted' }>,
  form: Record<string, string>,
): Promise<Tokens> {
  const res = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: auth.clientId, ...form }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    id_token?: string;
    refresh_token?: string;
    expires_in?: number;
    error?: string;
  };
  if (!res.ok || !body.id_token) throw new SignInError(`sign-in refused: ${body.error ?? res.status}`);
  return {
    idToken: body.id_token,
    refreshToken: body.refresh_token ?? form.refresh_token,
    expiresAt: expiryOf(body.id_token) ?? Date.now() + (body.expires_in ?? 3600) * 1000,
  };
}

/** Back from the hosted UI with `?code=&state=`: the code exchanged for tokens (once), the URL cleaned. */
export async function finishHostedSignIn(auth: AuthConfig): Promise<Tokens | undefined> {
  if (auth?.kind !== 'hosted') return undefined;
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  if (!code) return undefined;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname + location.hash);
  if (!saved.verifier || saved.state !== query.get('state')) {
    throw new SignInError('sign-in could not be completed (state mismatch): sign in again');
  }
  const tokens = await tokenEndpoint(auth, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: auth.redirectUri,
    code_verifier: saved.verifier,
  });
  store(tokens);
  return tokens;
}

/** The id token to send, refreshed when it is about to expire; undefined when signed out. */
export async function currentIdToken(auth: AuthConfig, force = false): Promise<string | undefined> {
  const tokens = storedTokens();
  if (!auth || !tokens) return undefined;
  if (!force && tokens.expiresAt - EARLY_MS > Date.now()) return tokens.idToken;
  if (!tokens.refreshToken) return undefined;
  try {
    const fresh =
      auth.kind === 'password'
        ? await initiateAuth(auth, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: tokens.refreshToken })
        : await tokenEndpoint(auth, { grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
    store(fresh);
    return fresh.idToken;
  } catch {
    signOut();
    return undefined;
  }
}
