/**
 * The store's inbound items on DynamoDB: messages held for review and the per-contact referral
 * count (keys in `table-definition.ts`). Both live in the contact's partition, so erasing the
 * contact erases them. Built by `makeDynamoStore` with its document client and plumbing.
 */
import type { DynamoDBDocumentClient, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { VersionConflict } from '#domain/errors.ts';
import type { HeldReply, Store } from '#domain/ports/store.ts';
import { keys, TABLE } from './table-definition.ts';

export interface InboundItemsContext {
  TableName: string;
  doc: DynamoDBDocumentClient;
  /** Runs one request, translating SDK errors (a failed condition becomes VersionConflict). */
  send<T>(what: string, run: () => Promise<T>): Promise<T>;
  queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]>;
}

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

export function inboundItems(
  ctx: InboundItemsContext,
): Pick<Store, 'holdReply' | 'listHeldReplies' | 'countReferral'> {
  const { TableName, doc, send } = ctx;
  return {
    async holdReply(held) {
      try {
        await send(`hold reply ${held.sesMessageId}`, () =>
          doc.send(
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
          ),
        );
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error; // already held: the first record stays
      }
    },

    async listHeldReplies(campaignId) {
      const items = await ctx.queryAll({
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
      try {
        await send(`count referral of ${contactId}`, () =>
          doc.send(
            new UpdateCommand({
              TableName,
              Key: keys.referralCount(contactId),
              UpdateExpression: 'ADD #count :one SET entity = :entity',
              ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
              ExpressionAttributeNames: { '#count': 'referrals' },
              ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':entity': 'referral-count' },
            }),
          ),
        );
        return true;
      } catch (error) {
        if (error instanceof VersionConflict) return false;
        throw error;
      }
    },
  };
}
