/**
 * The ReviewStore port on DynamoDB: one item per reply in review, in its contact's partition
 * (`UNMATCHED#<replyKey>` for a message matching no contact), listed by GSI1 `REVIEW#<list>` —
 * every list is a Query. Optimistic locking on `version`.
 *
 * A coach's queue: every write of a contact's reply also writes, in the same transaction, a copy
 * listed by GSI1 `COACH#<email>#REVIEW#<list>` under the coach its client has at that moment (none
 * without a coach). A client given to another coach moves its replies' copies on their next write.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { listOf, parseReplyId, type ReviewItem, type ReviewStore } from '#domain/ports/review-store.ts';
import type { PageRequest } from '#domain/ports/store.ts';
import type { Client } from '#domain/types.ts';
import { coachReviewKeys, keys } from '#shared/table-definition.ts';
import { queryIndexPage } from './dynamo/cursor.ts';
import { type SuppressionSecret, suppressionKey, suppressionSecretValue } from './dynamo/suppressions.ts';
import { openTable, type TableOptions, type TransactItem } from './dynamo/table.ts';

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

  /** The copy in the coach's list (a contact's reply), or its removal when the client has no coach now. */
  async function coachCopy(review: ReviewItem): Promise<TransactItem | undefined> {
    if (!review.contactId) return undefined; // a message matching no contact: the admins' inbox only
    const Key = coachReviewKeys.copy(review.contactId, review.replyKey);
    const client = review.clientId ? await table.read<Client>(keys.client(review.clientId)) : undefined;
    if (!client?.coach) return { Delete: { TableName, Key } };
    return {
      Put: {
        TableName,
        Item: {
          ...review,
          ...Key,
          GSI1PK: coachReviewKeys.list(client.coach, listOf(review.state)),
          GSI1SK: `${review.receivedAt}#${review.replyId}`,
          entity: 'review-of-coach',
        },
      },
    };
  }

  /** The item written if `condition` holds, with its coach's copy in the same transaction: false when it does not. */
  async function writeWithCopy(
    what: string,
    review: ReviewItem,
    condition: Pick<
      ConstructorParameters<typeof PutCommand>[0],
      'ConditionExpression' | 'ExpressionAttributeValues'
    >,
  ): Promise<boolean> {
    const copy = await coachCopy(review);
    if (!copy) {
      const out = await table.write(what, new PutCommand({ TableName, Item: itemOf(review), ...condition }));
      return out.written;
    }
    const refused = await table.transact(
      what,
      [{ Put: { TableName, Item: itemOf(review), ...condition } }, copy],
      (failed) => (failed(0) ? 'refused' : undefined),
    );
    return refused === undefined;
  }

  return {
    async add(review) {
      const written = await writeWithCopy(`add review ${review.replyId}`, review, {
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      return written ? 'added' : 'exists';
    },

    async get(replyId) {
      const key = keyOf(replyId);
      return key ? table.read<ReviewItem>(key) : undefined;
    },

    list(state, page: PageRequest = {}, filter = {}) {
      const partition =
        filter.coach === undefined ? keys.reviewList(state) : coachReviewKeys.list(filter.coach, state);
      return queryIndexPage<ReviewItem>(table, `list reviews ${state}`, partition, page);
    },

    replace(review, expectedVersion) {
      return writeWithCopy(`update review ${review.replyId}`, review, {
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      });
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
