/**
 * `npm run migrate:suppressions`: re-keys plain-address suppression items into hashed ones
 * (`#adapters/dynamo/suppression-migration.ts`) in the table the environment names — the local
 * stack's or a deployed one (with AWS credentials): RAPPORT_TABLE_NAME, RAPPORT_UNSUBSCRIBE_SECRET
 * (the deployment's, from which the suppression key is derived), RAPPORT_DYNAMODB_ENDPOINT for
 * DynamoDB Local. `npm start` runs the same migration itself.
 */
import { migratePlainSuppressions } from '#adapters/dynamo/suppression-migration.ts';
import { suppressionSecretFrom } from '#adapters/dynamo/suppressions.ts';
import { ENV } from '#shared/env-names.ts';

async function main() {
  const tableName = process.env[ENV.tableName];
  const secret = process.env[ENV.unsubscribeSecret];
  if (!tableName || !secret) {
    console.error(`migrate:suppressions needs ${ENV.tableName} and ${ENV.unsubscribeSecret} set`);
    process.exit(2);
  }
  const endpoint = process.env[ENV.dynamoEndpoint];
  const report = await migratePlainSuppressions({
    tableName,
    ...(endpoint ? { endpoint } : {}),
    suppressionSecret: suppressionSecretFrom(secret),
  });
  console.log(
    `suppressions: ${report.migrated} plain item(s) re-keyed (${report.alreadyHashed} already hashed)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
