/**
 * `npm run migrate:review-copies`: writes the coach's copy of every reply in review written before
 * coaches had their own queue (`#adapters/dynamo/review-coach-migration.ts`), in the table the
 * environment names — the local stack's or a deployed one (with AWS credentials): RAPPORT_TABLE_NAME,
 * RAPPORT_DYNAMODB_ENDPOINT for DynamoDB Local. Safe to run again.
 */
import { writeCoachReviewCopies } from '#adapters/dynamo/review-coach-migration.ts';
import { ENV } from '#shared/env-names.ts';

async function main() {
  const tableName = process.env[ENV.tableName];
  if (!tableName) {
    console.error(`migrate:review-copies needs ${ENV.tableName} set`);
    process.exit(2);
  }
  const endpoint = process.env[ENV.dynamoEndpoint];
  const report = await writeCoachReviewCopies({
    tableName,
    ...(endpoint ? { endpoint } : {}),
    // Lifting an unsubscribe is not part of it: the suppression key is never read.
    suppressionSecret: () => Promise.reject(new Error('not needed')),
  });
  console.log(
    `replies in review: ${report.written} written with their coach's copy (${report.changedMeanwhile} changed meanwhile, already with one)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
