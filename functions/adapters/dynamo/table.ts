/**
 * The requests every part of the store makes to its one table, each in one place: the SDK call,
 * what a failed condition means, and the translation of every other error (`translate.ts`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  type PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ScanCommand,
  type ScanCommandInput,
  type ScanCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  type UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '#domain/errors.ts';
import { TABLE } from '#shared/table-definition.ts';
import { type OnSdkCall, watchCalls } from '../sdk-calls.ts';
import { decodeFlat, type Item, type Key, strip } from './items.ts';
import type { SuppressionSecret } from './suppressions.ts';
import { type CancellationReason, cancellationReasons, isConditionFailure, translate } from './translate.ts';

export interface DynamoStoreOptions {
  tableName: string;
  /** DynamoDB Local, e.g. `http://127.0.0.1:8000`. */
  endpoint?: string;
  region?: string;
  /** A ready client (tests pass one with a middleware that counts requests). Wins over endpoint/region. */
  client?: DynamoDBClient;
  /** Told of every call the client sends (tests: the IAM contract); nothing when absent. */
  onCall?: OnSdkCall;
  /** Contacts written in parallel by importContacts (default 16). */
  importConcurrency?: number;
  /**
   * The HMAC key the suppression list is keyed by (`suppressions.ts`), or how to fetch it: the
   * functions read it from the unsubscribe key ring (`suppressionSecretOf`). Changing it makes every
   * suppression unfindable.
   */
  suppressionSecret: SuppressionSecret;
}

/** The options of a store part that keeps no suppressions (idempotency keys, held replies). */
export type TableOptions = Omit<DynamoStoreOptions, 'importConcurrency' | 'suppressionSecret'>;

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A single-item write, usually with a ConditionExpression. */
export type ItemWrite = PutCommand | UpdateCommand | DeleteCommand;

export type WriteOutcome =
  /** `attributes`: what the write's `ReturnValues` asked for. */
  | { written: true; attributes?: Item | undefined }
  /** The condition failed; `existing`: the item as it was, when the write asked for ALL_OLD. */
  | { written: false; existing?: Item | undefined };

export type Table = ReturnType<typeof openTable>;

/** Attempts of a request DynamoDB could not finish for now (unprocessed items, transaction conflicts). */
const MAX_ATTEMPTS = 8;

function documentClient(options: TableOptions): DynamoDBDocumentClient {
  const client =
    options.client ??
    new DynamoDBClient({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.region ? { region: options.region } : {}),
    });
  return watchCalls(
    DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    options.onCall,
  );
}

/**
 * Every page of a Scan of the table (strongly consistent), errors translated: for migrations, never
 * on a request path (and outside `openTable`, so the functions' bundles do not carry it).
 */
export async function scanTable(
  options: TableOptions,
  what: string,
  input: Omit<ScanCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<Item[]> {
  const doc = documentClient(options);
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    let out: ScanCommandOutput;
    try {
      out = await doc.send(
        new ScanCommand({
          TableName: options.tableName,
          ConsistentRead: true,
          ...input,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
    } catch (error) {
      throw translate(error, what);
    }
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export function openTable(options: TableOptions) {
  const TableName = options.tableName;
  const doc = documentClient(options);

  /** Sends one request; any error comes out translated. */
  async function send<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translate(error, what);
    }
  }

  /** GetItem (strongly consistent). */
  async function get(key: Key): Promise<Item | undefined> {
    const out = await send(`get ${key.PK}`, () =>
      doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true })),
    );
    return out.Item;
  }

  /** Every page of a Query. */
  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await send('query', () =>
        doc.send(
          new QueryCommand({ TableName, ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }),
        ),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  return {
    TableName,

    get,

    /** The domain object stored at `key`: the item without the table's own attributes. */
    async read<T>(key: Key): Promise<T | undefined> {
      const item = await get(key);
      return item ? strip<T>(item) : undefined;
    },

    /** One page of a Query. */
    query(what: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryCommandOutput> {
      return send(what, () => doc.send(new QueryCommand({ TableName, ...input })));
    },

    queryAll,

    /** Every item of GSI1 partition `pk` (GSI1 reads are eventually consistent). */
    queryIndex(pk: string): Promise<Item[]> {
      return queryAll({
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': pk },
      });
    },

    /** One single-item write: a failed condition is an outcome the caller names, not an error. */
    async write(what: string, command: ItemWrite): Promise<WriteOutcome> {
      try {
        const out = await doc.send(command as PutCommand);
        return { written: true, attributes: out.Attributes };
      } catch (error) {
        if (!isConditionFailure(error)) throw translate(error, what);
        return {
          written: false,
          existing: decodeFlat((error as { Item?: Parameters<typeof decodeFlat>[0] }).Item),
        };
      }
    },

    /**
     * One TransactWriteItems. When it is cancelled, `onCancel` is told which items' conditions failed
     * (`failed(i)`: the reason of item `i`, with the item as it is when that item asked for ALL_OLD):
     * an Error it answers is thrown, a value is the caller's outcome (nothing was written),
     * `undefined` leaves the cancellation to the generic translation. A transaction cancelled only because another one touched the same items
     * is sent again after a backoff: every item carries its own conditions, so concurrent writers
     * see the real outcome (a version conflict) instead of a spurious retryable error.
     */
    async transact<T = never>(
      what: string,
      items: TransactItem[],
      onCancel: (failed: (index: number) => CancellationReason | undefined) => T | Error | undefined = () =>
        undefined,
    ): Promise<T | undefined> {
      let outcome: T | undefined;
      await withBackoff(10, 200, async (last) => {
        try {
          await doc.send(new TransactWriteCommand({ TransactItems: items }));
          return true;
        } catch (error) {
          const reasons = cancellationReasons(error);
          if (!reasons) throw translate(error, what);
          const refused = onCancel((i) =>
            reasons[i]?.Code === 'ConditionalCheckFailed' ? reasons[i] : undefined,
          );
          if (refused instanceof Error) throw refused;
          if (refused !== undefined) {
            outcome = refused;
            return true;
          }
          const conflictOnly = reasons.every((r) => r.Code === 'None' || r.Code === 'TransactionConflict');
          if (conflictOnly && !last) return false;
          throw translate(error, what);
        }
      });
      return outcome;
    },

    /** BatchGetItem (strongly consistent) of up to 100 keys; the items found, in no particular order. */
    async batchGet(what: string, itemKeys: Key[]): Promise<Item[]> {
      const found: Item[] = [];
      let requested: Record<string, unknown>[] = itemKeys;
      await withBackoff(25, 1000, async (last) => {
        const out = await send(what, () =>
          doc.send(
            new BatchGetCommand({ RequestItems: { [TableName]: { Keys: requested, ConsistentRead: true } } }),
          ),
        );
        found.push(...(out.Responses?.[TableName] ?? []));
        requested = out.UnprocessedKeys?.[TableName]?.Keys ?? [];
        return finished(requested.length, 'batch get', 'keys', last);
      });
      return found;
    },

    /** BatchWriteItem deletes, 25 at a time. */
    async batchDelete(itemKeys: Key[]): Promise<void> {
      for (let i = 0; i < itemKeys.length; i += 25) {
        let requests: NonNullable<
          ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']
        >[string] = itemKeys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
        await withBackoff(25, 1000, async (last) => {
          const out = await send('batch delete', () =>
            doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } })),
          );
          requests = out.UnprocessedItems?.[TableName] ?? [];
          return finished(requests.length, 'batch delete', 'items', last);
        });
      }
    },
  };
}

/** True when nothing is left of a batch; on the last attempt, what is left is a RetryableError. */
function finished(left: number, what: string, unit: string, last: boolean): boolean {
  if (left === 0) return true;
  if (last) throw new RetryableError(`${what}: ${left} ${unit} left unprocessed`);
  return false;
}

/**
 * The one retry of a request DynamoDB could not finish for now (throttled batch items, a transaction
 * cancelled by a concurrent one): `round` runs until it answers true, with a full-jitter exponential
 * backoff between rounds, at most MAX_ATTEMPTS times. On its last attempt (`last`) it must finish or
 * throw. (Optimistic-locking retries of a read-decide-write are another thing: `retryOnConflict`.)
 */
async function withBackoff(
  baseMs: number,
  capMs: number,
  round: (last: boolean) => Promise<boolean>,
): Promise<void> {
  for (let attempt = 1; !(await round(attempt >= MAX_ATTEMPTS)); attempt++) {
    await sleep(Math.random() * Math.min(capMs, baseMs * 2 ** attempt));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
