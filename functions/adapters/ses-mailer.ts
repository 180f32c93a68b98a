/**
 * The Mailer port on SES v1 SendRawEmail. The only place that knows SES's errors: they leave this
 * file as RetryableError (throttling, 5xx, network, timeouts) or PermanentError (rejections and
 * account/configuration trouble; pauses, the daily quota and the sandbox's unverified recipients
 * flagged `operatorAlert`).
 */
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { PermanentError, RetryableError } from '#domain/errors.ts';
import type { Mailer } from '#domain/ports/mailer.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export interface SesMailerOptions {
  /** Emulator endpoint (aws-ses-v2-local); AWS when absent. */
  endpoint?: string;
  region?: string;
  configurationSet: string;
  /** Per-request timeout. The emulator never answers unknown actions, so this must be finite. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
  /** For tests with aws-sdk-client-mock; otherwise one client is made here. */
  client?: SESClient;
  /** Told of every call the client sends (tests: the IAM contract); nothing when absent. */
  onCall?: OnSdkCall;
}

/** SES tag names and values: ASCII letters, digits, `_` and `-`, at most 256 characters. */
export function sanitiseTag(value: string): string {
  const clean = value.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);
  return clean.length > 0 ? clean : '_';
}

const PERMANENT: Record<string, { operatorAlert: boolean }> = {
  MessageRejected: { operatorAlert: false },
  MailFromDomainNotVerifiedException: { operatorAlert: false },
  ConfigurationSetDoesNotExistException: { operatorAlert: false },
  AccountSendingPausedException: { operatorAlert: true },
  ConfigurationSetSendingPausedException: { operatorAlert: true },
};

/** SES/SDK error → the domain's error kinds. Exported for the unit tests. */
export function translateSesError(error: unknown): RetryableError | PermanentError {
  const e = sdkError(error);
  const name = e.name ?? 'Error';
  const message = e.message ?? String(error);
  const status = e.$metadata?.httpStatusCode;

  if (name === 'Throttling' || name === 'ThrottlingException') {
    if (/daily message quota/i.test(message)) {
      return new PermanentError(`SES daily sending quota exceeded: ${message}`, 'DailyQuotaExceeded', true, {
        cause: error,
      });
    }
    return new RetryableError(`SES throttled the send: ${message}`, { cause: error });
  }
  const permanent = PERMANENT[name];
  if (permanent) {
    // The SES sandbox refuses every unverified recipient: account-level, the operator must act.
    const alert = permanent.operatorAlert || /not verified/i.test(message);
    return new PermanentError(`SES refused the send (${name}): ${message}`, name, alert, { cause: error });
  }
  if (isTransient(error) || /socket hang up|timed? ?out/i.test(message)) {
    return new RetryableError(`SES failed or unreachable (${status ?? e.code ?? name}): ${message}`, {
      cause: error,
    });
  }
  return new PermanentError(`SES refused the send (${name}): ${message}`, name, false, { cause: error });
}

export function makeSesMailer(options: SesMailerOptions): Mailer {
  const timeout = options.requestTimeoutMs ?? 10_000;
  const client = watchCalls(
    options.client ??
      new SESClient({
        endpoint: options.endpoint,
        region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
        maxAttempts: options.maxAttempts ?? 3,
        requestHandler: {
          requestTimeout: timeout,
          connectionTimeout: Math.min(timeout, 3_000),
          throwOnRequestTimeout: true,
        },
      }),
    options.onCall,
  );

  return {
    async sendRaw({ raw, destinations, tags }) {
      const command = new SendRawEmailCommand({
        RawMessage: { Data: raw },
        Destinations: destinations,
        ConfigurationSetName: options.configurationSet,
        Tags: Object.entries(tags).map(([name, value]) => ({
          Name: sanitiseTag(name),
          Value: sanitiseTag(value),
        })),
      });
      let messageId: string | undefined;
      try {
        ({ MessageId: messageId } = await client.send(command));
      } catch (error) {
        throw translateSesError(error);
      }
      if (!messageId) throw new RetryableError('SES accepted the send but returned no MessageId');
      return { messageId };
    },
  };
}
