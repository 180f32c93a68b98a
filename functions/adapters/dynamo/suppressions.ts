/**
 * The global suppression list (every campaign): one item per address, written once, keyed by
 * HMAC-SHA256(suppression secret, normalised address) — the plain address is never stored, so an
 * erased contact's address stays refused without the table holding it. The secret is derived from
 * the unsubscribe key ring's stable suppression key material (`suppressionSecretOf`), which adding a
 * signing key never changes; changing it makes every suppression unfindable (re-key the list first,
 * see `suppression-migration.ts`).
 */
import { createHmac } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '#domain/email.ts';
import type { Store, Suppression } from '#domain/ports/store.ts';
import type { KeyRing } from '#mail/key-ring.ts';
import { keys } from '#shared/table-definition.ts';
import { IS_NEW } from './items.ts';
import type { Table } from './table.ts';

/** Domain separation: the unsubscribe links' MACs and the suppression hashes never share a key. */
const SUPPRESSION_KEY_LABEL = 'rapport suppression list key v1';

/** The suppression list's HMAC key, derived from the unsubscribe secret (HMAC-SHA256 of a fixed label). */
export function suppressionSecretFrom(unsubscribeSecret: string): string {
  return createHmac('sha256', unsubscribeSecret).update(SUPPRESSION_KEY_LABEL).digest('base64url');
}

/**
 * The suppression list's key in a key ring: `suppressionKey` when the ring has one; else derived
 * from the legacy secret (earlier versions derived it from RAPPORT_UNSUBSCRIBE_SECRET, so their
 * lists keep matching); else from the first key. Adding a key changes none of these.
 */
export function suppressionSecretOf(ring: KeyRing): string {
  return ring.suppressionKey ?? suppressionSecretFrom(ring.legacySecret ?? (ring.keys[0]?.secret as string));
}

/** The key itself, or where to get it when it is fetched at run time (the key ring's secret). */
export type SuppressionSecret = string | (() => Promise<string>);

export async function suppressionSecretValue(secret: SuppressionSecret): Promise<string> {
  return typeof secret === 'string' ? secret : secret();
}

/** HMAC-SHA256 of the normalised address, hex: what the list is keyed by. */
export function suppressionHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(normaliseEmail(email)).digest('hex');
}

/** The key of an address on the list. */
export const suppressionKey = (secret: string, email: string) =>
  keys.suppression(suppressionHash(secret, email));

/** Keys a BatchGetItem takes at the most. */
const BATCH_GET = 100;

export function makeSuppressions(
  table: Table,
  suppressionSecret: SuppressionSecret,
): Pick<Store, 'isSuppressed' | 'suppressedAmong' | 'getSuppression' | 'suppress'> {
  const secretValue = () => suppressionSecretValue(suppressionSecret);
  return {
    async isSuppressed(email) {
      return (await table.get(suppressionKey(await secretValue(), email))) !== undefined;
    },

    async suppressedAmong(emails) {
      const secret = await secretValue();
      const unique = [...new Set(emails)];
      const byKey = new Map(unique.map((email) => [suppressionKey(secret, email).PK, email]));
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += BATCH_GET) batches.push(unique.slice(i, i + BATCH_GET));
      const found = await Promise.all(
        batches.map((batch) =>
          table.batchGet(
            'suppressed among',
            batch.map((email) => suppressionKey(secret, email)),
          ),
        ),
      );
      return new Set(found.flat().map((item) => byKey.get(String(item.PK)) as string));
    },

    async getSuppression(email) {
      const secret = await secretValue();
      const found = await table.read<Omit<Suppression, 'email'>>(suppressionKey(secret, email));
      // The item holds no address: the answer names the one asked about.
      return found && { email: normaliseEmail(email), reason: found.reason, at: found.at };
    },

    async suppress(email, reason, at) {
      const secret = await secretValue();
      const out = await table.write(
        'suppress',
        new PutCommand({
          TableName: table.TableName,
          Item: { ...suppressionKey(secret, email), entity: 'suppression', reason, at },
          ...IS_NEW,
        }),
      );
      return out.written ? 'suppressed' : 'already_suppressed';
    },
  };
}
