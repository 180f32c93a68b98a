/**
 * The ReviewStore port on DynamoDB: one item per reply in review, in its contact's partition
 * (`UNMATCHED#<replyKey>` for a message matching no contact), listed by GSI1 `REVIEW#<list>` —
 * every list is a Query. Optimistic locking on `version`.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { listOf, parseReplyId, type ReviewItem, type ReviewStore } from '#domain/ports/review-store.ts';
import type { PageRequest } from '#domain/ports/store.ts';
import { keys } from '#shared/table-definition.ts';
import { queryIndexPage } from './dynamo/cursor.ts';
import { type SuppressionSecret, suppressionKey, suppressionSecretValue } from './dynamo/suppressions.ts';
import { openTable, type TableOptions } from './dynamo/table.ts';

function keyOf(replyId: string) {
  const parsed = parseReplyId(replyId);
  return parsed && keys.review(parsed.owner, parsed.replyKey);
}

function itemOf(review: ReviewItem) {
  const key = keyOf(review.replyId);
  if (!key) throw new Error(`bad replyId ${review.replyId}`);
  return {
    ...review,
    ...key,
    GSI1PK: keys.reviewList(listOf(review.state)),
    GSI1SK: `${review.receivedAt}#${review.replyId}`,
    entity: 'review',
  };
}

export function makeDynamoReviewStore(
  options: TableOptions & { suppressionSecret: SuppressionSecret },
): ReviewStore {
  const table = openTable(options);
  const { TableName } = table;
  return {
    async add(review) {
      const out = await table.write(
        `add review ${review.replyId}`,
        new PutCommand({ TableName, Item: itemOf(review), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
      return out.written ? 'added' : 'exists';
    },

    async get(replyId) {
      const key = keyOf(replyId);
      return key ? table.read<ReviewItem>(key) : undefined;
    },

    list(state, page: PageRequest = {}) {
      return queryIndexPage<ReviewItem>(table, `list reviews ${state}`, keys.reviewList(state), page);
    },

    async replace(review, expectedVersion) {
      const out = await table.write(
        `update review ${review.replyId}`,
        new PutCommand({
          TableName,
          Item: itemOf(review),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
      return out.written;
    },

    async liftUnsubscribe(email) {
      const out = await table.write(
        'lift unsubscribe',
        new DeleteCommand({
          TableName,
          Key: suppressionKey(await suppressionSecretValue(options.suppressionSecret), email),
          ConditionExpression: 'reason = :unsubscribed',
          ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed' },
        }),
      );
      return out.written ? 'lifted' : 'not_unsubscribed';
    },
  };
}
