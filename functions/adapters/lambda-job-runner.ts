/**
 * The JobRunner port in AWS: the jobs function invoked asynchronously (InvocationType `Event`) with
 * `{ jobId }`. Lambda queues the event and retries a failed run (the job's claim makes a second
 * delivery harmless).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RetryableError } from '#domain/errors.ts';
import type { JobRunner } from '#domain/ports/jobs.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export function makeLambdaJobRunner(options: {
  functionName: string;
  client?: LambdaClient;
  /** Told of every call the client sends (tests: the IAM contract); nothing when absent. */
  onCall?: OnSdkCall;
}): JobRunner {
  const client = watchCalls(options.client ?? new LambdaClient({}), options.onCall);
  return {
    async start(jobId) {
      try {
        await client.send(
          new InvokeCommand({
            FunctionName: options.functionName,
            InvocationType: 'Event',
            Payload: Buffer.from(JSON.stringify({ jobId })),
          }),
        );
      } catch (error) {
        if (isTransient(error) || sdkError(error).name === 'TooManyRequestsException') {
          throw new RetryableError(`starting job ${jobId}: ${sdkError(error).message}`, { cause: error });
        }
        throw error;
      }
    },
  };
}
