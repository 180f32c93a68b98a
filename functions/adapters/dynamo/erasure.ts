/**
 * GDPR erasure of a contact: first the contact, its place in the counters and its own lookups in
 * one transaction (optimistic on the contact's version), then the rest in batches. Running it
 * again finishes what an interrupted run left.
 */
import { VersionConflict } from '#domain/errors.ts';
import type { Store } from '#domain/ports/store.ts';
import { retryOnConflict } from '#domain/retry-on-conflict.ts';
import type { Contact } from '#domain/types.ts';
import { keys, TABLE } from '#shared/table-definition.ts';
import { countersUpdate, TOTAL } from './items.ts';
import type { Table } from './table.ts';

export function makeErasure(table: Table): Pick<Store, 'eraseContact'> {
  const { TableName } = table;

  /** Deletes the contact with the stage it has now; false when there is no contact (any more). */
  async function eraseTheContact(contactId: string): Promise<boolean> {
    const contact = await table.read<Contact>(keys.contact(contactId));
    if (!contact) return false;
    const ownIt = {
      ConditionExpression: 'attribute_not_exists(PK) OR #contactId = :id',
      ExpressionAttributeNames: { '#contactId': 'contactId' },
      ExpressionAttributeValues: { ':id': contactId },
    };
    await table.transact(
      `erase contact ${contactId}`,
      [
        {
          Delete: {
            TableName,
            Key: keys.contact(contactId),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': contact.version },
          },
        },
        countersUpdate(TableName, contact.campaignId, { [contact.stage]: -1, [TOTAL]: -1 }),
        { Delete: { TableName, Key: keys.dedupe(contact.campaignId, contact.email), ...ownIt } },
        { Delete: { TableName, Key: keys.replyToken(contact.replyToken), ...ownIt } },
      ],
      (failed) => (failed(0) ? new VersionConflict('contact', contactId) : undefined),
    );
    return true;
  }

  return {
    async eraseContact(contactId) {
      // Changed between our read and the delete: read again (the counters must see the stage we delete).
      const erased = await retryOnConflict('contact', () => eraseTheContact(contactId));
      // The rest: timeline (its own partition) and everything the contact owns elsewhere (GSI1).
      const rest = [
        ...(await table.queryAll({
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId) },
          ConsistentRead: true,
        })),
        ...(await table.queryIndex(keys.ownedBy(contactId))),
      ].map((item) => ({ PK: String(item.PK), SK: String(item.SK) }));
      await table.batchDelete(rest);
      return { erased, itemsDeleted: (erased ? 3 : 0) + rest.length };
    },
  };
}
