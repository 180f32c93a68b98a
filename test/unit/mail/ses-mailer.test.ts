import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import {
  AccountSendingPausedException,
  ConfigurationSetDoesNotExistException,
  ConfigurationSetSendingPausedException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESClient,
  SESServiceException,
  SendRawEmailCommand,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { makeS3BlobStore } from '#adapters/s3-blob-store.ts';
import { makeSesMailer, sanitiseTag } from '#adapters/ses-mailer.ts';
import { NotFound, PermanentError, RetryableError } from '#domain/errors.ts';

const ses = mockClient(SESClient);
const s3 = mockClient(S3Client);
afterEach(() => {
  ses.reset();
  s3.reset();
});

const meta = (status: number) => ({ $metadata: { httpStatusCode: status } });
function sdkError(name: string, message: string, status: number, fault: 'client' | 'server' = 'client') {
  return new SESServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode: status } });
}

const mailer = () =>
  makeSesMailer({ configurationSet: 'rapport', client: new SESClient({ region: 'us-east-1' }) });
const send = () =>
  mailer().sendRaw({ raw: Buffer.from('x'), destinations: ['a@example.com'], tags: { contact: 'con_1' } });
async function failure(): Promise<unknown> {
  return send().then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('SES mailer adapter', () => {
  it('sends raw with configuration set and sanitised tags, returns the MessageId', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: '0100-abc' });
    const out = await mailer().sendRaw({
      raw: Buffer.from('raw'),
      destinations: ['a@example.com'],
      tags: { contact: 'con_1', step: 'follow-up-1', 'idempotency key': 'con_1#follow-up-1#v3 @x.y' },
    });
    expect(out).toEqual({ messageId: '0100-abc' });
    const call = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    expect(call?.ConfigurationSetName).toBe('rapport');
    expect(call?.Destinations).toEqual(['a@example.com']);
    expect(call?.Tags).toEqual([
      { Name: 'contact', Value: 'con_1' },
      { Name: 'step', Value: 'follow-up-1' },
      { Name: 'idempotency_key', Value: 'con_1_follow-up-1_v3__x_y' },
    ]);
  });

  it('sanitises tag values to SES characters and length', () => {
    expect(sanitiseTag('a.b@c:d/é')).toBe('a_b_c_d__');
    expect(sanitiseTag('')).toBe('_');
    expect(sanitiseTag('x'.repeat(300))).toHaveLength(256);
  });

  const table: [string, Error, 'retryable' | 'permanent', string | undefined, boolean][] = [
    [
      'Throttling: maximum sending rate',
      sdkError('Throttling', 'Maximum sending rate exceeded.', 400),
      'retryable',
      undefined,
      false,
    ],
    [
      'Throttling: daily quota',
      sdkError('Throttling', 'Daily message quota exceeded.', 400),
      'permanent',
      'DailyQuotaExceeded',
      true,
    ],
    [
      'MessageRejected: the sandbox refuses an unverified recipient (operator alert)',
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region EU-WEST-1: a@example.com',
        ...meta(400),
      }),
      'permanent',
      'MessageRejected',
      true,
    ],
    [
      'MessageRejected: the message itself (no operator alert)',
      new MessageRejected({ message: 'Message contains a virus.', ...meta(400) }),
      'permanent',
      'MessageRejected',
      false,
    ],
    [
      'MailFromDomainNotVerified',
      new MailFromDomainNotVerifiedException({ message: 'nope', ...meta(400) }),
      'permanent',
      'MailFromDomainNotVerifiedException',
      false,
    ],
    [
      'AccountSendingPaused',
      new AccountSendingPausedException({ message: 'paused', ...meta(400) }),
      'permanent',
      'AccountSendingPausedException',
      true,
    ],
    [
      'ConfigurationSetSendingPaused',
      new ConfigurationSetSendingPausedException({
        message: 'paused',
        ConfigurationSetName: 'rapport',
        ...meta(400),
      }),
      'permanent',
      'ConfigurationSetSendingPausedException',
      true,
    ],
    [
      'ConfigurationSetDoesNotExist',
      new ConfigurationSetDoesNotExistException({
        message: 'gone',
        ConfigurationSetName: 'rapport',
        ...meta(400),
      }),
      'permanent',
      'ConfigurationSetDoesNotExistException',
      false,
    ],
    [
      '500 InternalFailure',
      sdkError('InternalFailure', 'oops', 500, 'server'),
      'retryable',
      undefined,
      false,
    ],
    [
      '503 ServiceUnavailable',
      sdkError('ServiceUnavailable', 'later', 503, 'server'),
      'retryable',
      undefined,
      false,
    ],
    [
      'network ECONNRESET',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      'retryable',
      undefined,
      false,
    ],
    [
      'timeout',
      Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }),
      'retryable',
      undefined,
      false,
    ],
    ['other 4xx', sdkError('InvalidParameterValue', 'bad', 400), 'permanent', 'InvalidParameterValue', false],
  ];
  it.each(table)('%s → %s', async (_label, error, kind, code, operatorAlert) => {
    ses.on(SendRawEmailCommand).rejects(error);
    const thrown = await failure();
    if (kind === 'retryable') {
      expect(thrown).toBeInstanceOf(RetryableError);
    } else {
      expect(thrown).toBeInstanceOf(PermanentError);
      expect((thrown as PermanentError).code).toBe(code);
      expect((thrown as PermanentError).operatorAlert).toBe(operatorAlert);
    }
    expect((thrown as Error).message).toContain(error.message);
    expect((thrown as Error).cause).toBe(error);
  });

  it('times out against an endpoint that never answers, as a RetryableError', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer(() => {}); // accepts, never answers (like the emulator on unknown actions)
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const real = makeSesMailer({
        endpoint: `http://127.0.0.1:${port}`,
        configurationSet: 'rapport',
        requestTimeoutMs: 300,
        maxAttempts: 1,
      });
      ses.restore();
      const started = Date.now();
      const thrown = await real
        .sendRaw({ raw: Buffer.from('x'), destinations: ['a@example.com'], tags: {} })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(thrown).toBeInstanceOf(RetryableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('S3 blob store adapter', () => {
  it('NoSuchKey → NotFound naming the key', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', ...meta(404) }),
    );
    const store = makeS3BlobStore({ bucket: 'b', client: new S3Client({ region: 'us-east-1' }) });
    const thrown = await store.get('resumes/x.pdf').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(NotFound);
    expect((thrown as Error).message).toBe('blob resumes/x.pdf not found');
  });
});
