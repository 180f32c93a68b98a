/**
 * The InboundStore port on DynamoDB: messages held for review and the per-contact referral count, in
 * the one table (keys in `table-definition.ts`), through the store's own requests and error
 * translation (`dynamo/table.ts`). Both live in the contact's partition, so erasing the contact
 * erases them. A port of its own so that only the inbound function carries it.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldReply, InboundStore } from '#domain/ports/inbound-store.ts';
import { type DynamoStoreOptions, openTable } from './dynamo/table.ts';
import { keys, TABLE } from './table-definition.ts';

const HELD_FIELDS = [
  'contactId',
  'campaignId',
  'clientId',
  'sesMessageId',
  'objectKey',
  'reason',
  'detail',
  'receivedAt',
  'from',
  'subject',
  'intent',
] as const;

export function makeDynamoInboundStore(options: Omit<DynamoStoreOptions, 'importConcurrency'>): InboundStore {
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
      const items = await table.queryAll({
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.heldOfCampaign(campaignId) },
      });
      return items.map((item) => {
        const held: Record<string, unknown> = {};
        for (const field of HELD_FIELDS) if (item[field] !== undefined) held[field] = item[field];
        return held as unknown as HeldReply;
      });
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
  };
}
