/** The global suppression list (every campaign): one item per normalised address, written once. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '#domain/email.ts';
import type { Store, Suppression } from '#domain/ports/store.ts';
import { keys } from '#shared/table-definition.ts';
import { IS_NEW } from './items.ts';
import type { Table } from './table.ts';

/** The key of an address on the list. */
export const suppressionKey = (email: string) => keys.suppression(normaliseEmail(email));

/** Keys a BatchGetItem takes at the most. */
const BATCH_GET = 100;

export function makeSuppressions(
  table: Table,
): Pick<Store, 'isSuppressed' | 'suppressedAmong' | 'getSuppression' | 'suppress'> {
  return {
    async isSuppressed(email) {
      return (await table.get(suppressionKey(email))) !== undefined;
    },

    async suppressedAmong(emails) {
      const unique = [...new Set(emails)];
      const byKey = new Map(unique.map((email) => [suppressionKey(email).PK, email]));
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += BATCH_GET) batches.push(unique.slice(i, i + BATCH_GET));
      const found = await Promise.all(
        batches.map((batch) => table.batchGet('suppressed among', batch.map(suppressionKey))),
      );
      return new Set(found.flat().map((item) => byKey.get(String(item.PK)) as string));
    },

    async getSuppression(email) {
      return table.read<Suppression>(suppressionKey(email));
    },

    async suppress(email, reason, at) {
      const normalised = normaliseEmail(email);
      const out = await table.write(
        'suppress',
        new PutCommand({
          TableName: table.TableName,
          Item: { ...keys.suppression(normalised), entity: 'suppression', email: normalised, reason, at },
          ...IS_NEW,
        }),
      );
      return out.written ? 'suppressed' : 'already_suppressed';
    },
  };
}
