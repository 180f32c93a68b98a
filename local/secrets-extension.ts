/**
 * The AWS Parameters and Secrets Lambda Extension as the functions see it, on loopback: `GET
 * /secretsmanager/get?secretId=<id>` with `X-Aws-Parameters-Secrets-Token`, answered with
 * GetSecretValue's JSON. It serves one secret, the unsubscribe key ring, read from its file in the
 * data dir on every request (so `npm run rotate:unsubscribe-key -- --local` takes effect once the
 * functions' 5-minute cache expires). `npm start` and the tests run it, so the functions' own
 * adapter (`#adapters/secrets-extension.ts`) runs locally too.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The local secret's id (the functions' `RAPPORT_UNSUBSCRIBE_KEYS_SECRET`). */
export const LOCAL_KEYS_SECRET_ID =
  'arn:aws:secretsmanager:us-east-1:000000000000:secret:rapport-unsubscribe-keys';
/** The key ring file in the data dir. */
export const KEY_RING_FILE = 'unsubscribe-keys.json';
/** Where earlier versions kept the local stack's one unsubscribe secret. */
const LEGACY_SECRET_FILE = 'unsubscribe-secret';

/**
 * The data dir's key ring file, created on first use: a fresh `initialKey`, and the secret earlier
 * versions kept in `unsubscribe-secret` as `legacySecret` — the links in emails already sent keep
 * working and the suppression list keeps its keys (they are derived from it).
 */
export function ensureLocalKeyRing(dataDir: string): string {
  const file = join(dataDir, KEY_RING_FILE);
  if (existsSync(file)) return file;
  mkdirSync(dataDir, { recursive: true });
  const legacyFile = join(dataDir, LEGACY_SECRET_FILE);
  const legacySecret = existsSync(legacyFile) ? readFileSync(legacyFile, 'utf8').trim() : '';
  const ring = {
    initialKey: randomBytes(32).toString('hex'),
    keys: [],
    oldKeysValidForDays: 365,
    ...(legacySecret ? { legacySecret } : {}),
  };
  writeFileSync(file, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export interface LocalSecretsExtension {
  /** `http://127.0.0.1:<port>`: the functions' `RAPPORT_SECRETS_ENDPOINT`. */
  endpoint: string;
  /** What the functions must send as the token (their `AWS_SESSION_TOKEN`). */
  sessionToken: string;
  /** Requests answered with the value (tests count them). */
  served(): number;
  stop(): Promise<void>;
}

export interface LocalSecretsOptions {
  /** The key ring file (`ensureLocalKeyRing`), or its value given directly. */
  ring: { file: string } | { value: () => string };
  secretId?: string;
  /** @default a free port */
  port?: number;
  sessionToken?: string;
}

export async function startLocalSecretsExtension(
  options: LocalSecretsOptions,
): Promise<LocalSecretsExtension> {
  const secretId = options.secretId ?? LOCAL_KEYS_SECRET_ID;
  const sessionToken = options.sessionToken ?? 'local-session-token';
  const { ring } = options;
  const read = 'file' in ring ? () => readFileSync(ring.file, 'utf8') : ring.value;
  let served = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== '/secretsmanager/get') {
      return answer(404, { message: 'not found' });
    }
    if (req.headers['x-aws-parameters-secrets-token'] !== sessionToken) {
      return answer(401, { message: 'missing or wrong X-Aws-Parameters-Secrets-Token' });
    }
    const asked = url.searchParams.get('secretId');
    if (asked !== secretId && asked !== secretId.split(':').pop()) {
      return answer(400, {
        __type: 'ResourceNotFoundException',
        message: 'Secrets Manager can’t find the specified secret.',
      });
    }
    served += 1;
    answer(200, {
      ARN: secretId,
      Name: secretId.split(':').pop(),
      SecretString: read(),
      VersionId: 'local',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: new Date(0).toISOString(),
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sessionToken,
    served: () => served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
