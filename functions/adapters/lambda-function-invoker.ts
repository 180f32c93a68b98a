/**
 * Runs another rapport function synchronously (RequestResponse) and answers its payload as text:
 * the review queue runs the inbound function on a stored message (`lambda-inbound-invoker.ts`), the
 * API function asks the preview function for a launch's outreach check (`makeLambdaFunctionInvoker`,
 * a payload v2 event in, its response out: `#api/outreach-check-call.ts`). A throttled or failed
 * invoke is a RetryableError (the API answers 503).
 */
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { ApiResponse } from '#api/http.ts';
import { RetryableError } from '#domain/errors.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export interface SyncInvokeOptions {
  functionName: string;
  client?: LambdaClient;
  onCall?: OnSdkCall;
}

/** `payload` → the function's answer as text; `what` names the request in errors. */
export function makeSyncInvoke(options: SyncInvokeOptions) {
  const client = watchCalls(options.client ?? new LambdaClient({}), options.onCall);
  return async (payload: unknown, what: string): Promise<string> => {
    let out: InvokeCommandOutput;
    try {
      out = await client.send(
        new InvokeCommand({
          FunctionName: options.functionName,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(payload)),
        }),
      );
    } catch (error) {
      if (isTransient(error) || sdkError(error).name === 'TooManyRequestsException') {
        throw new RetryableError(`${what}: ${sdkError(error).message}`, { cause: error });
      }
      throw error;
    }
    const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    if (out.FunctionError) throw new RetryableError(`${what}: the function failed: ${text.slice(0, 300)}`);
    return text;
  };
}

/** Another of the HTTP API's functions, run on a payload v2 event: its response. */
export function makeLambdaFunctionInvoker(
  options: SyncInvokeOptions,
): (event: Record<string, unknown>) => Promise<ApiResponse> {
  const invoke = makeSyncInvoke(options);
  return async (event) => JSON.parse(await invoke(event, `invoking ${options.functionName}`)) as ApiResponse;
}
