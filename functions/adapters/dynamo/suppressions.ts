/** The global suppression list (every campaign): one item per normalised address, written once. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '#domain/email.ts';
import type { Store, Suppression } from '#domain/ports/store.ts';
import { keys } from '../table-definition.ts';
import { IS_NEW } from './items.ts';
import type { Table } from './table.ts';

/** The key of an address on the list. */
export const suppressionKey = (email: string) => keys.suppression(normaliseEmail(email));

export function makeSuppressions(table: Table): Pick<Store, 'isSuppressed' | 'getSuppression' | 'suppress'> {
  return {
    async isSuppressed(email) {
      return (await table.get(suppressionKey(email))) !== undefined;
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
