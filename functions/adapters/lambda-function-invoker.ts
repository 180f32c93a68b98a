/**
 * Runs another of the HTTP API's functions synchronously (RequestResponse) with a payload v2 event
 * and answers its response: the API function asks the preview function for a launch's outreach check
 * (`#api/outreach-check-call.ts`). A throttled or failed invoke is a RetryableError (the API answers 503).
 */
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { ApiResponse } from '#api/http.ts';
import { RetryableError } from '#domain/errors.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export function makeLambdaFunctionInvoker(options: {
  functionName: string;
  client?: LambdaClient;
  onCall?: OnSdkCall;
}): (event: Record<string, unknown>) => Promise<ApiResponse> {
  const client = watchCalls(options.client ?? new LambdaClient({}), options.onCall);
  return async (event) => {
    let out: InvokeCommandOutput;
    try {
      out = await client.send(
        new InvokeCommand({
          FunctionName: options.functionName,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(event)),
        }),
      );
    } catch (error) {
      if (isTransient(error) || sdkError(error).name === 'TooManyRequestsException') {
        throw new RetryableError(`invoking ${options.functionName}: ${sdkError(error).message}`, {
          cause: error,
        });
      }
      throw error;
    }
    const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    if (out.FunctionError) throw new RetryableError(`${options.functionName} failed: ${text.slice(0, 300)}`);
    return JSON.parse(text) as ApiResponse;
  };
}
