/**
 * The InboundStore port on DynamoDB: messages held for review and the per-contact referral count, in
 * the one table (keys in `table-definition.ts`). Both live in the contact's partition, so erasing
 * the contact erases them. SDK errors are translated here: a failed condition is an outcome,
 * throttling / 5xx / network a RetryableError, the rest a PermanentError.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { PermanentError, RetryableError } from '#domain/errors.ts';
import type { HeldReply, InboundStore } from '#domain/ports/inbound-store.ts';
import { isTransient, sdkError } from './sdk-errors.ts';
import { keys, TABLE } from './table-definition.ts';

export interface DynamoInboundStoreOptions {
  tableName: string;
  endpoint?: string;
  region?: string;
  /** A ready client (tests share the store's). Wins over endpoint/region. */
  client?: DynamoDBClient;
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

const THROTTLED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
]);

export function makeDynamoInboundStore(options: DynamoInboundStoreOptions): InboundStore {
  const TableName = options.tableName;
  const client =
    options.client ??
    new DynamoDBClient({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.region ? { region: options.region } : {}),
    });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  /** Runs one request; answers false when its condition failed. */
  async function conditional(what: string, run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw translate(error, what);
    }
  }

  return {
    async holdReply(held) {
      // A repeat delivery finds the first record and keeps it.
      await conditional(`hold reply ${held.sesMessageId}`, () =>
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
    },

    async listHeldReplies(campaignId) {
      const held: HeldReply[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        let out: QueryCommandOutput;
        try {
          out = await doc.send(
            new QueryCommand({
              TableName,
              IndexName: TABLE.gsi1.indexName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
              ExpressionAttributeValues: { ':pk': keys.heldOfCampaign(campaignId) },
              ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
            }),
          );
        } catch (error) {
          throw translate(error, `list held replies of ${campaignId}`);
        }
        for (const item of out.Items ?? []) {
          const record: Record<string, unknown> = {};
          for (const field of HELD_FIELDS) if (item[field] !== undefined) record[field] = item[field];
          held.push(record as unknown as HeldReply);
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return held;
    },

    countReferral(contactId, cap) {
      return conditional(`count referral of ${contactId}`, () =>
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
    },
  };
}

function translate(error: unknown, what: string): Error {
  const e = sdkError(error);
  const detail = `${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if ((e.name !== undefined && THROTTLED.has(e.name)) || isTransient(error) || e.$retryable !== undefined) {
    return new RetryableError(detail, { cause: error });
  }
  return new PermanentError(detail, e.name ?? 'Unknown', false, { cause: error });
}
