/**
 * Writes the coach's copy (`coachReviewKeys`, GSI1 `COACH#<email>#REVIEW#<list>`) of every reply in
 * review written before coaches had their own queue: each item is written again as it is (same
 * version, the review store's own write), which writes its copy under its client's coach now.
 * Idempotent; an item changed meanwhile was written with its copy already. One Scan of the table:
 * run it once per deployment (`npm run migrate:review-copies`).
 */
import type { ReviewItem } from '#domain/ports/review-store.ts';
import { makeDynamoReviewStore } from '../dynamo-review-store.ts';
import { strip } from './items.ts';
import { type DynamoStoreOptions, scanTable } from './table.ts';

export async function writeCoachReviewCopies(
  options: Omit<DynamoStoreOptions, 'importConcurrency'>,
): Promise<{ written: number; changedMeanwhile: number }> {
  const reviews = makeDynamoReviewStore(options);
  const items = await scanTable(options, 'scan replies in review', {
    FilterExpression: '#entity = :review AND attribute_exists(#contactId)',
    ExpressionAttributeNames: { '#entity': 'entity', '#contactId': 'contactId' },
    ExpressionAttributeValues: { ':review': 'review' },
  });
  const report = { written: 0, changedMeanwhile: 0 };
  for (const item of items) {
    const review = strip<ReviewItem>(item);
    if (await reviews.replace(review, review.version)) report.written++;
    else report.changedMeanwhile++;
  }
  return report;
}
