/**
 * `npm run migrate:suppressions`: re-keys plain-address suppression items into hashed ones
 * (`#adapters/dynamo/suppression-migration.ts`) in the table the environment names — the local
 * stack's or a deployed one (with AWS credentials): RAPPORT_TABLE_NAME, the key ring the suppression
 * key comes from (RAPPORT_UNSUBSCRIBE_KEYS_SECRET or `--secret-id <arn>`; `--local`: the local
 * stack's file), RAPPORT_DYNAMODB_ENDPOINT for DynamoDB Local. `npm start` runs the same migration itself.
 */
import { migratePlainSuppressions } from '#adapters/dynamo/suppression-migration.ts';
import { suppressionSecretOf } from '#adapters/dynamo/suppressions.ts';
import { parseKeyRing } from '#mail/key-ring.ts';
import { ENV } from '#shared/env-names.ts';
import { keyRingStore } from './key-ring-store.ts';

async function main() {
  const tableName = process.env[ENV.tableName];
  if (!tableName) {
    console.error(`migrate:suppressions needs ${ENV.tableName} set`);
    process.exit(2);
  }
  const secret = suppressionSecretOf(parseKeyRing(await keyRingStore(process.argv.slice(2)).read()));
  const endpoint = process.env[ENV.dynamoEndpoint];
  const report = await migratePlainSuppressions({
    tableName,
    ...(endpoint ? { endpoint } : {}),
    suppressionSecret: secret,
  });
  console.log(
    `suppressions: ${report.migrated} plain item(s) re-keyed (${report.alreadyHashed} already hashed)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
