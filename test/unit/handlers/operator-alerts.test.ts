/**
 * SES sandbox and quota rejections must page the operator: dispatch's log line for each carries a
 * term the operator-alert metric filter (infra/constructs/alarms.ts, on every function's log group)
 * counts. The errors are SES's own messages, through the mailer's translation.
 */
import { MessageRejected, SESServiceException } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { translateSesError } from '#adapters/ses-mailer.ts';
import { PermanentError } from '#domain/errors.ts';
import { localContext } from '#local/lambda-context.ts';
import type { Dispatch, DispatchOutcome } from '#usecases/dispatch.ts';
import { OPERATOR_ALERT_TERMS } from '../../../infra/constructs/alarms.ts';

const step = {
  contactId: 'con-1',
  clientId: 'cl-1',
  campaignId: 'ca-1',
  step: 'outreach',
  planVersion: 1,
  at: '2027-03-01T14:00:00.000Z',
};
const meta = { $metadata: { httpStatusCode: 400 } };
const throttled = (message: string) =>
  new SESServiceException({ name: 'Throttling', message, $fault: 'client', ...meta });

/** What the dispatch use case returns for a translated mailer error (rejected, or a retry). */
function outcomeOf(error: Error): DispatchOutcome {
  return error instanceof PermanentError
    ? { outcome: 'rejected', reason: error.message, operatorAlert: error.operatorAlert }
    : { outcome: 'retry_scheduled', attempt: 1, reason: error.message };
}

let makeDispatchHandler: typeof import('#handlers/dispatch.ts').makeDispatchHandler;
beforeAll(async () => {
  // The logger reads its level when it is created: a fresh one at INFO, as the function runs.
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  vi.resetModules();
  ({ makeDispatchHandler } = await import('#handlers/dispatch.ts'));
  vi.unstubAllEnvs();
}, 60_000);

/** The raw log lines (as CloudWatch receives them) of one invocation returning `outcome`. */
async function logLinesFor(outcome: DispatchOutcome): Promise<string[]> {
  const dispatch = Object.assign(async () => outcome, {}) as unknown as Dispatch;
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await makeDispatchHandler(() => dispatch)(step, localContext('rapport-dispatch'));
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
}

/** CloudWatch's `?"a" ?"b"` filter: an event matches when it contains any of the quoted terms. */
const alerts = (line: string) => OPERATOR_ALERT_TERMS.some((term) => line.includes(term));

describe('operator alerts for SES sandbox and quota rejections', () => {
  it.each([
    [
      'sandbox',
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region EU-WEST-1: ana@lumen.example',
        ...meta,
      }),
    ],
    ['daily quota', throttled('Daily message quota exceeded.')],
    ['sending rate', throttled('Maximum sending rate exceeded.')],
  ])('%s: the dispatch log line is counted by the operator-alert filter', async (_, sesError) => {
    const lines = await logLinesFor(outcomeOf(translateSesError(sesError)));
    expect(lines.filter(alerts)).toHaveLength(1);
  });

  it('an ordinary rejection (the message itself) and a send raise none', async () => {
    const virus = new MessageRejected({ message: 'Message contains a virus.', ...meta });
    expect((await logLinesFor(outcomeOf(translateSesError(virus)))).filter(alerts)).toEqual([]);
    expect((await logLinesFor({ outcome: 'sent', messageId: 'm-1' })).filter(alerts)).toEqual([]);
  });
});
