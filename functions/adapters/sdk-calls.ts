/**
 * An optional watch on an AWS SDK client: every command it sends reported as {service, operation,
 * input} before it is sent. Tests use it (the IAM contract test records what each function calls);
 * without a hook the client is left untouched, so production code takes the same path as before.
 */
export interface SdkCall {
  /** The client's service, e.g. `DynamoDB`, `S3`, `Scheduler`, `SES`, `Lambda`. */
  service: string;
  /** The API operation, e.g. `TransactWriteItems`, `SendRawEmail`. */
  operation: string;
  input: Record<string, unknown>;
}

export type OnSdkCall = (call: SdkCall) => void;

interface WatchableClient {
  middlewareStack: {
    add(
      // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware types differ per client
      middleware: (next: any, context: any) => (args: any) => Promise<any>,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/** Reports each command `client` sends to `onCall` (nothing is added when `onCall` is undefined). */
export function watchCalls<C extends WatchableClient>(client: C, onCall: OnSdkCall | undefined): C {
  if (!onCall) return client;
  client.middlewareStack.add(
    (next, context: { clientName?: string; commandName?: string }) => async (args: { input: object }) => {
      onCall({
        service: String(context.clientName ?? '').replace(/(DocumentClient|Client)$/, ''),
        operation: String(context.commandName ?? '').replace(/Command$/, ''),
        input: { ...(args.input as Record<string, unknown>) },
      });
      return next(args);
    },
    { step: 'initialize', name: 'rapportWatchCalls', override: true },
  );
  return client;
}
