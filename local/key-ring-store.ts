/**
 * Where the operator's commands (`rotate:unsubscribe-key`, `migrate:suppressions`) read and write
 * the unsubscribe key ring's value: a deployed secret (`--secret-id <arn>` or
 * RAPPORT_UNSUBSCRIBE_KEYS_SECRET, with AWS credentials) or, with `--local`, the local stack's file
 * in the data dir (RAPPORT_DATA_DIR, default `.rapport`).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ENV } from '#shared/env-names.ts';
import { ensureLocalKeyRing } from './secrets-extension.ts';

export interface KeyRingStore {
  /** What the value is: the file or the secret. */
  where: string;
  read(): Promise<string>;
  write(value: string): Promise<void>;
}

export function keyRingStore(args: string[], env: NodeJS.ProcessEnv = process.env): KeyRingStore {
  const at = args.indexOf('--secret-id');
  const secretId =
    at >= 0 ? args[at + 1] : args.includes('--local') ? undefined : env[ENV.unsubscribeKeysSecret];
  if (!secretId) {
    const file = ensureLocalKeyRing(env.RAPPORT_DATA_DIR ?? '.rapport');
    return {
      where: file,
      read: async () => readFileSync(file, 'utf8'),
      write: async (value) =>
        writeFileSync(file, `${JSON.stringify(JSON.parse(value), null, 2)}\n`, { mode: 0o600 }),
    };
  }
  const client = new SecretsManagerClient({});
  return {
    where: secretId,
    async read() {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (typeof out.SecretString !== 'string') throw new Error(`${secretId}: no SecretString`);
      return out.SecretString;
    },
    async write(value) {
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          SecretString: value,
          ClientRequestToken: randomUUID(),
        }),
      );
    },
  };
}
