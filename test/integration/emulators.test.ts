import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';

describe('local emulators', () => {
  it('DynamoDB Local answers on the endpoint the global setup provides', async () => {
    const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
    const out = await client.send(new ListTablesCommand({}));
    expect(Array.isArray(out.TableNames)).toBe(true);
  });

  it('the SES emulator serves its store', async () => {
    const res = await fetch(`${inject('sesEndpoint')}/store`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { emails: unknown[] };
    expect(Array.isArray(body.emails)).toBe(true);
  });
});
