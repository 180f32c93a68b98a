/**
 * The UnmatchedForwards port on DynamoDB: one item per unmatched message (`UNMATCHED#<replyKey>`,
 * SK `FORWARD`, beside its review item), claimed by a conditional update — absent, or pending with
 * an expired lease — so of concurrent deliveries exactly one sends. It holds no personal data (the
 * key is a hash) and expires by TTL once no redelivery can come.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UnmatchedForwards } from '#domain/ports/unmatched-forwards.ts';
import { TABLE, unmatchedForwardKey } from '#shared/table-definition.ts';
import { openTable, type TableOptions } from './dynamo/table.ts';

/** SES and Lambda redeliver within hours: a claim is kept this long, then expires. */
const KEEP_SECONDS = 30 * 24 * 3600;

export function makeDynamoUnmatchedForwards(options: TableOptions): UnmatchedForwards {
  const table = openTable(options);
  const { TableName } = table;
  return {
    async claim(replyKey, now, leaseMs) {
      const out = await table.write(
        `claim unmatched forward ${replyKey}`,
        new UpdateCommand({
          TableName,
          Key: unmatchedForwardKey(replyKey),
          UpdateExpression:
            'SET #state = :pending, #lease = :lease, #claimedAt = :now, #ttl = :ttl, entity = :entity ADD #attempts :one',
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :pending AND #lease < :now)',
          ExpressionAttributeNames: {
            '#state': 'state',
            '#lease': 'leaseUntil',
            '#claimedAt': 'claimedAt',
            '#attempts': 'attempts',
            '#ttl': TABLE.ttlAttribute,
          },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':lease': new Date(Date.parse(now) + leaseMs).toISOString(),
            ':now': now,
            ':one': 1,
            ':ttl': Math.floor(Date.parse(now) / 1000) + KEEP_SECONDS,
            ':entity': 'unmatched-forward',
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      if (out.written) return 'claimed';
      return out.existing?.state === 'sent' ? 'sent' : 'in_progress';
    },

    async finish(replyKey, at) {
      await table.write(
        `finish unmatched forward ${replyKey}`,
        new UpdateCommand({
          TableName,
          Key: unmatchedForwardKey(replyKey),
          UpdateExpression: 'SET #state = :sent, sentAt = :at REMOVE #lease',
          ExpressionAttributeNames: { '#state': 'state', '#lease': 'leaseUntil' },
          ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
        }),
      );
    },

    async release(replyKey) {
      await table.write(
        `release unmatched forward ${replyKey}`,
        new DeleteCommand({
          TableName,
          Key: unmatchedForwardKey(replyKey),
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        }),
      );
    },
  };
}
