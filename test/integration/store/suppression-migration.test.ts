/**
 * The suppression list keyed by an HMAC of the address, and the migration of the plain-address items
 * older versions wrote: re-keyed, plain ones deleted, idempotent, an interrupted run finished.
 */
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { migratePlainSuppressions } from '#adapters/dynamo/suppression-migration.ts';
import { suppressionHash, suppressionSecretFrom } from '#adapters/dynamo/suppressions.ts';
import { TEST_SUPPRESSION_SECRET, useTestTable } from '../store-fixture.ts';

const t = useTestTable('suppression-migration');

async function suppressionItems() {
  const doc = DynamoDBDocumentClient.from(t.client);
  const out = await doc.send(new ScanCommand({ TableName: t.tableName, ConsistentRead: true }));
  return (out.Items ?? [])
    .filter((item) => String(item.PK).startsWith('SUPPRESSION#'))
    .sort((a, b) => String(a.PK).localeCompare(String(b.PK)));
}

/** A suppression item as the versions before the HMAC wrote it. */
async function putPlain(email: string, reason: string, at: string) {
  await DynamoDBDocumentClient.from(t.client).send(
    new PutCommand({
      TableName: t.tableName,
      Item: { PK: `SUPPRESSION#${email}`, SK: 'SUPPRESSION', entity: 'suppression', email, reason, at },
    }),
  );
}

const migrate = () =>
  migratePlainSuppressions({
    tableName: t.tableName,
    client: t.client,
    suppressionSecret: TEST_SUPPRESSION_SECRET,
  });

describe('suppression list keyed by HMAC', () => {
  it('stores no address: the key is the HMAC of the normalised address, the answer names the one asked', async () => {
    await t.store.suppress('  Kept.Out@Example.COM ', 'complained', '2027-03-01T08:00:00.000Z');
    const items = await suppressionItems();
    const hash = suppressionHash(TEST_SUPPRESSION_SECRET, 'Kept.Out@example.com');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(items).toEqual([
      {
        PK: `SUPPRESSION#${hash}`,
        SK: 'SUPPRESSION',
        entity: 'suppression',
        reason: 'complained',
        at: '2027-03-01T08:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(items).toLowerCase()).not.toContain('kept.out');
    expect(await t.store.isSuppressed('Kept.Out@EXAMPLE.com')).toBe(true);
    expect(await t.store.getSuppression('Kept.Out@example.com')).toEqual({
      email: 'Kept.Out@example.com',
      reason: 'complained',
      at: '2027-03-01T08:00:00.000Z',
    });
    // Another key (a rotated secret) finds nothing: the documented cost of rotation.
    expect(
      suppressionHash(suppressionSecretFrom('another-secret-0123456789abcdef0123'), 'Kept.Out@example.com'),
    ).not.toBe(hash);
  });

  it('migrates plain items into hashed ones, keeps an existing hashed item, and a second run changes nothing', async () => {
    await putPlain('old.one@example.com', 'unsubscribed', '2026-01-01T00:00:00.000Z');
    await putPlain('old.two@example.com', 'bounced', '2026-02-01T00:00:00.000Z');
    // Interrupted run: the hashed item was written, the plain one not yet deleted.
    await t.store.suppress('old.two@example.com', 'bounced', '2026-02-01T00:00:00.000Z');
    expect(await t.store.isSuppressed('old.one@example.com')).toBe(false);

    expect(await migrate()).toEqual({ migrated: 2, alreadyHashed: 1 });
    const after = await suppressionItems();
    expect(JSON.stringify(after)).not.toContain('@');
    expect(after.every((item) => item.email === undefined)).toBe(true);
    expect(await t.store.getSuppression('old.one@example.com')).toEqual({
      email: 'old.one@example.com',
      reason: 'unsubscribed',
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(await t.store.getSuppression('old.two@example.com')).toMatchObject({ reason: 'bounced' });

    expect(await migrate()).toEqual({ migrated: 0, alreadyHashed: 0 });
    expect(await suppressionItems()).toEqual(after);
  });
});
