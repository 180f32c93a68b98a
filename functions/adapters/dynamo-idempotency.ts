/**
 * The API's idempotency keys on DynamoDB: one item per key (`keys.idempotency`) with the table's TTL
 * attribute, through the store's own requests and error translation (`dynamo/table.ts`). A port of
 * its own so that only the API function carries it.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecords } from '#api/idempotency.ts';
import { keys, TABLE } from '#shared/table-definition.ts';
import { openTable, type TableOptions } from './dynamo/table.ts';

export function makeDynamoIdempotencyRecords(options: TableOptions): IdempotencyRecords {
  const table = openTable(options);
  const { TableName } = table;
  const ttl = TABLE.ttlAttribute;
  return {
    async claim(record, nowSeconds) {
      const key = keys.idempotency(record.key);
      const out = await table.write(
        `claim idempotency key ${record.key}`,
        new PutCommand({
          TableName,
          Item: {
            ...key,
            entity: 'idempotency',
            key: record.key,
            fingerprint: record.fingerprint,
            state: record.state,
            lockedUntil: record.lockedUntil,
            [ttl]: record.expiresAt,
            // Findable by the contact's erasure (GSI1 of what the contact owns).
            ...(record.contactId ? { GSI1PK: keys.ownedBy(record.contactId), GSI1SK: key.PK } : {}),
          },
          // TTL deletes lag: an expired record is as good as none; so is the claim of a request that died.
          ConditionExpression:
            'attribute_not_exists(PK) OR #ttl < :now OR (#state = :in_progress AND #lockedUntil < :now)',
          ExpressionAttributeNames: { '#ttl': ttl, '#state': 'state', '#lockedUntil': 'lockedUntil' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':in_progress': 'in_progress' },
          // The live record comes back with the refusal: no second read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      if (out.written) return { claimed: true };
      const item = out.existing;
      if (!item) return { claimed: false };
      return {
        claimed: false,
        existing: {
          key: record.key,
          fingerprint: String(item.fingerprint),
          state: item.state === 'done' ? 'done' : 'in_progress',
          lockedUntil: Number(item.lockedUntil),
          expiresAt: Number(item[ttl]),
          ...(typeof item.statusCode === 'number'
            ? { response: { statusCode: item.statusCode, body: String(item.responseBody ?? '') } }
            : {}),
        },
      };
    },

    async complete(key, response) {
      await table.write(
        `complete idempotency key ${key}`,
        new UpdateCommand({
          TableName,
          Key: keys.idempotency(key),
          UpdateExpression: 'SET #state = :done, #statusCode = :status, #body = :body',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#statusCode': 'statusCode',
            '#body': 'responseBody',
          },
          ExpressionAttributeValues: {
            ':done': 'done',
            ':status': response.statusCode,
            ':body': response.body,
          },
        }),
      );
    },

    async release(key) {
      await table.write(
        `release idempotency key ${key}`,
        new DeleteCommand({
          TableName,
          Key: keys.idempotency(key),
          ConditionExpression: '#state = :in_progress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':in_progress': 'in_progress' },
        }),
      );
    },
  };
}
