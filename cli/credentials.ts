/**
 * The CLI's sign-ins, one per API URL, in `~/.config/rapport/credentials.json` (`$XDG_CONFIG_HOME`
 * when set; mode 0600 in a 0700 folder): the Cognito settings it signed in with, the ID token and
 * its expiry, the refresh token. Written whole to a temporary file then renamed (never half a file).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where InitiateAuth goes: cognito-local's endpoint, or `https://cognito-idp.<region>.amazonaws.com/`. */
export interface SignInSettings {
  endpoint: string;
  region: string;
  clientId: string;
}

export interface SavedSignIn extends SignInSettings {
  email: string;
  idToken: string;
  refreshToken: string;
  /** ISO instant the ID token expires. */
  expiresAt: string;
}

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'rapport', 'credentials.json');
}

/** The key of an API in the file: its URL without a trailing slash. */
export const apiKeyOf = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

function readAll(file: string): Record<string, SavedSignIn> {
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, SavedSignIn>) : {};
  } catch {
    return {};
  }
}

function writeAll(file: string, all: Record<string, SavedSignIn>): void {
  const dir = join(file, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}

export function loadSignIn(baseUrl: string, file = credentialsFile()): SavedSignIn | undefined {
  return readAll(file)[apiKeyOf(baseUrl)];
}

export function saveSignIn(baseUrl: string, signIn: SavedSignIn, file = credentialsFile()): void {
  writeAll(file, { ...readAll(file), [apiKeyOf(baseUrl)]: signIn });
}

/** Forgets the sign-in of one API; true when there was one. */
export function forgetSignIn(baseUrl: string, file = credentialsFile()): boolean {
  const all = readAll(file);
  const key = apiKeyOf(baseUrl);
  if (!(key in all)) return false;
  delete all[key];
  if (Object.keys(all).length === 0) rmSync(file, { force: true });
  else writeAll(file, all);
  return true;
}
