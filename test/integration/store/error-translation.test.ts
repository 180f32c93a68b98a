import { randomUUID } from 'node:crypto';
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { makeDynamoStore } from '#adapters/dynamo-store.ts';
import { PermanentError, RetryableError } from '#domain/errors.ts';
import type { Campaign } from '#domain/types.ts';
import { freePort } from '#local/free-port.ts';
import { dynamoClient, TEST_SUPPRESSION_SECRET, useTestTable } from '../store-fixture.ts';
import { aContact, minutesAfter, moved, seedCampaign } from './fixtures.ts';

let campaign: Campaign;
const t = useTestTable('store-errors', async ({ store }) => {
  campaign = await seedCampaign(store);
});

/** A store on the test table whose client fails the next requests with the given errors, then behaves. */
function storeFailingWith(errors: Error[]) {
  const client = dynamoClient({ maxAttempts: 1 });
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? 'unknown');
      const error = errors.shift();
      if (error) throw error;
      return next(args);
    },
    { step: 'initialize', name: 'injectFailures' },
  );
  return { store: t.storeOn(client), sent };
}

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
  });

describe('errors at the DynamoDB border', () => {
  it('retries a transaction cancelled only by a concurrent transaction, then commits it once', async () => {
    const contact = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact]);
    const { store, sent } = storeFailingWith([conflict(), conflict()]);
    await store.applyTransition(contact, moved(contact, 'queued', minutesAfter(1), 'launch'));
    expect(sent).toEqual([
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
    ]);
    expect((await t.store.getContact(contact.id))?.version).toBe(contact.version + 1);
    expect(await t.store.listTimeline(contact.id)).toHaveLength(2);
  });

  it('gives up with a RetryableError when the conflicts persist, having written nothing', async () => {
    const contact = aContact(campaign);
    await t.store.importContacts(campaign.id, [contact]);
    const { store } = storeFailingWith(Array.from({ length: 20 }, conflict));
    await expect(
      store.applyTransition(contact, moved(contact, 'queued', minutesAfter(1))),
    ).rejects.toBeInstanceOf(RetryableError);
    expect(await t.store.getContact(contact.id)).toEqual(contact);
  });

  it('turns throttling into a RetryableError', async () => {
    const { store } = storeFailingWith([
      new ProvisionedThroughputExceededException({
        message: 'slow down',
        $metadata: { httpStatusCode: 400 },
      }),
    ]);
    await expect(store.getContact('any')).rejects.toBeInstanceOf(RetryableError);
  });

  it('turns an unreachable endpoint into a RetryableError', async () => {
    const port = await freePort();
    const store = makeDynamoStore({
      tableName: t.tableName,
      client: new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 }),
      suppressionSecret: TEST_SUPPRESSION_SECRET,
    });
    await expect(store.isSuppressed('a@example.com')).rejects.toBeInstanceOf(RetryableError);
  });

  it('turns a missing table into a PermanentError that alerts the operator', async () => {
    const store = makeDynamoStore({
      tableName: `missing-${randomUUID()}`,
      endpoint: inject('dynamoEndpoint'),
      suppressionSecret: TEST_SUPPRESSION_SECRET,
    });
    const error = await store.getClient('any').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'ResourceNotFoundException', operatorAlert: true });
  });
});
