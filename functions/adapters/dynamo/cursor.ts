/**
 * One page of a GSI1 partition, with the opaque cursor of the next: the LastEvaluatedKey, base64url
 * JSON. A cursor given back is checked before it reaches DynamoDB — exactly the table's and the
 * index's key attributes, strings of sane length, and the partition being read (a cursor of another
 * list, or one edited by hand, is refused naming `cursor`, never a database error).
 */
import { ValidationError } from '#domain/errors.ts';
import { MAX_CURSOR_CHARS, type Page, type PageRequest } from '#domain/ports/store.ts';
import { TABLE } from '#shared/table-definition.ts';
import { type Item, strip } from './items.ts';
import type { Table } from './table.ts';

const KEY_ATTRIBUTES: readonly string[] = [
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.gsi1.partitionKey,
  TABLE.gsi1.sortKey,
];
const MAX_KEY_CHARS = 1024;

/**
 * One page of GSI1 partition `partition`, oldest first (the sort key; newest first with
 * `backwards`), `limit` 1–1000 (default 100).
 */
export async function queryIndexPage<T>(
  table: Table,
  what: string,
  partition: string,
  page: PageRequest = {},
  backwards = false,
): Promise<Page<T>> {
  const limit = page.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw ValidationError.of('limit', 'must be an integer from 1 to 1000');
  }
  const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, partition);
  const out = await table.query(what, {
    IndexName: TABLE.gsi1.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
    ExpressionAttributeValues: { ':pk': partition },
    Limit: limit,
    ...(backwards ? { ScanIndexForward: false } : {}),
    ...(start ? { ExclusiveStartKey: start } : {}),
  });
  const result: Page<T> = { items: (out.Items ?? []).map((item: Item) => strip<T>(item)) };
  if (out.LastEvaluatedKey) result.cursor = encodeCursor(out.LastEvaluatedKey);
  return result;
}

function encodeCursor(lastEvaluatedKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
}

function decodeCursor(cursor: string, partition: string): Record<string, string> {
  let parsed: unknown;
  try {
    if (cursor.length <= MAX_CURSOR_CHARS && /^[A-Za-z0-9_-]+$/.test(cursor)) {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    }
  } catch {
    parsed = undefined;
  }
  const record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
  const entries = Object.entries(record);
  const valid =
    entries.length === KEY_ATTRIBUTES.length &&
    entries.every(
      ([name, value]) =>
        KEY_ATTRIBUTES.includes(name) &&
        typeof value === 'string' &&
        value.length > 0 &&
        value.length <= MAX_KEY_CHARS,
    ) &&
    (record as Record<string, string>)[TABLE.gsi1.partitionKey] === partition;
  if (!valid) throw ValidationError.of('cursor', 'is not a cursor of this list');
  return record as Record<string, string>;
}
