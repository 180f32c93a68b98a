/** The dashboard's settings, read once from /app/config.json (the login contract). */
export type AuthConfig =
  | { kind: 'password'; endpoint: string; region: string; clientId: string }
  | { kind: 'hosted'; domain: string; clientId: string; redirectUri: string }
  | null;

export interface AppConfig {
  /** Where the API is: "" for the same origin. */
  apiBase: string;
  auth: AuthConfig;
  /** Set by `npm start`: the clock controls and the link to the SES outbox. */
  local?: { sesOutboxUrl: string };
}

export async function loadConfig(url = 'config.json'): Promise<AppConfig> {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const config = (await res.json()) as AppConfig;
  return {
    apiBase: (config.apiBase ?? '').replace(/\/+$/, ''),
    auth: config.auth ?? null,
    local: config.local,
  };
}
