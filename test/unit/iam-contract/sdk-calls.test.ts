/** The optional watch on an SDK client (functions/adapters/sdk-calls.ts). */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { type SdkCall, watchCalls } from '#adapters/sdk-calls.ts';

/** A client whose requests never leave the process: the last step answers. */
function offline() {
  const client = new SESClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  client.middlewareStack.add(
    () => async () => ({ output: { MessageId: 'm', $metadata: {} }, response: {} }) as never,
    {
      step: 'serialize',
      name: 'answerOffline',
    },
  );
  return client;
}

describe('watchCalls', () => {
  it('reports service, operation and input of each command before it is sent', async () => {
    const calls: SdkCall[] = [];
    const client = watchCalls(offline(), (c) => calls.push(c));
    await client.send(
      new SendRawEmailCommand({ RawMessage: { Data: Buffer.from('x') }, ConfigurationSetName: 'set' }),
    );
    expect(calls).toEqual([
      {
        service: 'SES',
        operation: 'SendRawEmail',
        input: expect.objectContaining({ ConfigurationSetName: 'set' }),
      },
    ]);
  });

  it('adds nothing when no hook is given (the production path)', () => {
    const client = offline();
    const before = client.middlewareStack.identify();
    expect(watchCalls(client, undefined)).toBe(client);
    expect(client.middlewareStack.identify()).toEqual(before);
    expect(GetItemCommand.name).toBe('GetItemCommand');
  });
});
