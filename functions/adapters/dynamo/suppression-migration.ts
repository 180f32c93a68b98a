/**
 * Re-keys the suppression items of older versions (`SUPPRESSION#<plain address>`, with an `email`
 * attribute) into hashed ones (`suppressions.ts`) and deletes the plain ones. Idempotent: a hashed
 * item already there keeps its first reason and time, and a run interrupted between the two writes
 * finishes on the next run (the plain item is still there to be found). One Scan of the table: run
 * it once per deployment (`npm run migrate:suppressions`) and at every `npm start`.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/table-definition.ts';
import { IS_NEW } from './items.ts';
import { suppressionKey, suppressionSecretValue } from './suppressions.ts';
import { type DynamoStoreOptions, openTable, scanTable } from './table.ts';

export interface SuppressionMigrationReport {
  /** Plain items found (and deleted). */
  migrated: number;
  /** Of those, addresses whose hashed item already existed (kept as it was). */
  alreadyHashed: number;
}

export async function migratePlainSuppressions(
  options: Omit<DynamoStoreOptions, 'importConcurrency'>,
): Promise<SuppressionMigrationReport> {
  const table = openTable(options);
  const { TableName } = table;
  const plain = await scanTable(options, 'scan plain suppressions', {
    FilterExpression: 'begins_with(#pk, :prefix) AND attribute_exists(#email)',
    ExpressionAttributeNames: { '#pk': 'PK', '#email': 'email' },
    ExpressionAttributeValues: { ':prefix': keys.suppressionPrefix },
  });
  const report: SuppressionMigrationReport = { migrated: 0, alreadyHashed: 0 };
  const secret = await suppressionSecretValue(options.suppressionSecret);
  for (const item of plain) {
    const email = String(item.email);
    const put = await table.write(
      'migrate suppression',
      new PutCommand({
        TableName,
        Item: {
          ...suppressionKey(secret, email),
          entity: 'suppression',
          reason: item.reason,
          at: item.at,
        },
        ...IS_NEW,
      }),
    );
    if (!put.written) report.alreadyHashed++;
    await table.write(
      'delete plain suppression',
      new DeleteCommand({ TableName, Key: { PK: String(item.PK), SK: String(item.SK) } }),
    );
    report.migrated++;
  }
  return report;
}
