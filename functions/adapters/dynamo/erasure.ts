/**
 * GDPR erasure of a contact. Everything else first — its partition (timeline, held replies, stored
 * message records, referral count) and everything it owns elsewhere (GSI1: lookups, send records,
 * the API's idempotency keys of its routes) in batches — then the contact, its place in the counters
 * and its own lookups in one transaction (optimistic on the contact's version), then a last sweep
 * for anything written meanwhile. The contact goes last so that a run that fails part-way leaves it
 * there to be found and erased again: running it again finishes what an interrupted run left.
 */
import { VersionConflict } from '#domain/errors.ts';
import type { Store } from '#domain/ports/store.ts';
import { retryOnConflict } from '#domain/retry-on-conflict.ts';
import type { Contact } from '#domain/types.ts';
import { keys, TABLE } from '#shared/table-definition.ts';
import { countersUpdate, type Key, TOTAL } from './items.ts';
import type { Table } from './table.ts';

export function makeErasure(table: Table): Pick<Store, 'eraseContact' | 'storedObjectsOf'> {
  const { TableName } = table;
  const contactKey = (contactId: string) => keys.contact(contactId);

  /** The contact's own partition (the contact item aside). */
  async function partitionOf(contactId: string) {
    const items = await table.queryAll({
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId) },
      ConsistentRead: true,
    });
    return items.filter((item) => item.SK !== contactKey(contactId).SK);
  }

  /** Deletes every item of the contact but the contact item; the keys deleted. */
  async function sweep(contactId: string): Promise<Key[]> {
    const rest = [
      ...(await partitionOf(contactId)),
      ...(await table.queryIndex(keys.ownedBy(contactId))),
    ].map((item) => ({ PK: String(item.PK), SK: String(item.SK) }));
    await table.batchDelete(rest);
    return rest;
  }

  /** Deletes the contact with the stage it has now; how many items, 0 when there is no contact (any more). */
  async function eraseTheContact(contactId: string, swept: Set<string>): Promise<number> {
    const contact = await table.read<Contact>(contactKey(contactId));
    if (!contact) return 0;
    const ownIt = {
      ConditionExpression: 'attribute_not_exists(PK) OR #contactId = :id',
      ExpressionAttributeNames: { '#contactId': 'contactId' },
      ExpressionAttributeValues: { ':id': contactId },
    };
    const lookups = [keys.dedupe(contact.campaignId, contact.email), keys.replyToken(contact.replyToken)];
    await table.transact(
      `erase contact ${contactId}`,
      [
        {
          Delete: {
            TableName,
            Key: contactKey(contactId),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': contact.version },
          },
        },
        countersUpdate(TableName, contact.campaignId, { [contact.stage]: -1, [TOTAL]: -1 }),
        ...lookups.map((Key) => ({ Delete: { TableName, Key, ...ownIt } })),
      ],
      (failed) => (failed(0) ? new VersionConflict('contact', contactId) : undefined),
    );
    // The lookups the sweep did not see (GSI1 lags) went with the contact.
    return 1 + lookups.filter((key) => !swept.has(`${key.PK} ${key.SK}`)).length;
  }

  return {
    async storedObjectsOf(contactId) {
      const items = await partitionOf(contactId);
      const objectKeys = items.flatMap((item) =>
        typeof item.objectKey === 'string' ? [item.objectKey] : [],
      );
      return [...new Set(objectKeys)];
    },

    async eraseContact(contactId) {
      const first = await sweep(contactId);
      const swept = new Set(first.map((key) => `${key.PK} ${key.SK}`));
      // Changed between our read and the delete: read again (the counters must see the stage we delete).
      const contactItems = await retryOnConflict('contact', () => eraseTheContact(contactId, swept));
      const last = await sweep(contactId);
      return { erased: contactItems > 0, itemsDeleted: first.length + contactItems + last.length };
    },
  };
}
