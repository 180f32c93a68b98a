/**
 * The InboundStore port on DynamoDB: messages held for review and the per-contact referral count, in
 * the one table (keys in `table-definition.ts`), the records of the raw mail kept per contact, through the store's own requests and error
 * translation (`dynamo/table.ts`). All live in the contact's partition, so erasing the contact
 * erases them. A port of its own so that only the inbound function carries it.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldReply, InboundStore } from '#domain/ports/inbound-store.ts';
import { keys } from '#shared/table-definition.ts';
import { strip } from './dynamo/items.ts';
import { openTable, type TableOptions } from './dynamo/table.ts';

export function makeDynamoInboundStore(options: TableOptions): InboundStore {
  const table = openTable(options);
  const { TableName } = table;
  return {
    async holdReply(held) {
      // A repeat delivery finds the first record and keeps it (a failed condition is not an error).
      await table.write(
        `hold reply ${held.sesMessageId}`,
        new PutCommand({
          TableName,
          Item: {
            ...held,
            ...keys.heldReply(held.contactId, held.sesMessageId),
            GSI1PK: keys.heldOfCampaign(held.campaignId),
            GSI1SK: `${held.receivedAt}#${held.sesMessageId}`,
            entity: 'held-reply',
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    async listHeldReplies(campaignId) {
      const items = await table.queryIndex(keys.heldOfCampaign(campaignId));
      return items.map(strip<HeldReply>);
    },

    async countReferral(contactId, cap) {
      const outcome = await table.write(
        `count referral of ${contactId}`,
        new UpdateCommand({
          TableName,
          Key: keys.referralCount(contactId),
          UpdateExpression: 'ADD #count :one SET entity = :entity',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
          ExpressionAttributeNames: { '#count': 'referrals' },
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':entity': 'referral-count' },
        }),
      );
      return outcome.written;
    },

    async keepObject(contactId, objectKey) {
      await table.write(
        `keep object of ${contactId}`,
        new PutCommand({
          TableName,
          Item: { ...keys.storedObject(contactId, objectKey), entity: 'stored-object', contactId, objectKey },
        }),
      );
    },
  };
}
