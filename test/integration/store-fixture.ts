/**
 * The one store/table fixture of the integration tests: a fresh, uniquely named table on the
 * DynamoDB Local of the global setup, the store on it, and the DynamoDB commands it sent.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { suppressionSecretFrom } from '#adapters/dynamo/suppressions.ts';
import { makeDynamoStore } from '#adapters/dynamo-store.ts';
import type { Store } from '#domain/ports/store.ts';
import { createTable } from '#local/dynamodb-local.ts';

/** The suppression list's HMAC key of every test store (derived like a deployment's). */
export const TEST_SUPPRESSION_SECRET = suppressionSecretFrom('test-unsubscribe-secret-0123456789abcdef');

export interface TestTable {
  store: Store;
  /** The client `store` sends through. */
  client: DynamoDBClient;
  tableName: string;
  /** Names of the DynamoDB commands sent through `client` since the table was created, in order. */
  commands: string[];
  /**
   * Another store on the same table, through `client` (one that injects failures, say) or, by
   * default, through a client of its own (another Lambda function) whose commands are not counted.
   */
  storeOn(client?: DynamoDBClient): Store;
  /** Deletes the table and closes the clients the fixture made. */
  drop(): Promise<void>;
}

export function dynamoClient(options: { maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), ...options });
}

export async function createTestTable(prefix: string): Promise<TestTable> {
  const client = dynamoClient();
  const ownClients = [client];
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  const tableName = `${prefix}-${randomUUID()}`;
  await createTable(client, tableName);
  commands.length = 0;
  return {
    store: makeDynamoStore({ tableName, client, suppressionSecret: TEST_SUPPRESSION_SECRET }),
    client,
    tableName,
    commands,
    storeOn(other) {
      const through = other ?? dynamoClient();
      if (!other) ownClients.push(through);
      return makeDynamoStore({ tableName, client: through, suppressionSecret: TEST_SUPPRESSION_SECRET });
    },
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      for (const own of ownClients) own.destroy();
    },
  };
}

/**
 * A table for the tests of one file (or `describe`): created before them, then `seed` (when
 * given) run on it, dropped after them. The answer is filled in when the table exists.
 */
export function useTestTable(prefix: string, seed?: (table: TestTable) => Promise<void>): TestTable {
  const table = {} as TestTable;
  beforeAll(async () => {
    Object.assign(table, await createTestTable(prefix));
    await seed?.(table);
  });
  afterAll(() => table.drop?.());
  return table;
}
