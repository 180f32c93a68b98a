/**
 * How every function (and `local/start.ts`) builds its dependencies: the config parsed and the
 * adapters made once per container (`deployment()`), then the use case the function runs. The
 * builders are separate functions so that a bundle carries only what its function uses: only
 * `dispatchUseCase` brings in the mail rendering.
 */
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { makeEmailBuilder } from '#mail/email-builder.ts';
import { makeAdapters } from '#shared/adapters.ts';
import { type Config, loadConfig } from '#shared/config.ts';
import { makeDispatch } from '#usecases/dispatch.ts';
import { makeInbound } from '#usecases/inbound.ts';
import { makeSesFeedback } from '#usecases/ses-feedback.ts';
import { makeUnsubscribe } from '#usecases/unsubscribe.ts';
import { makeWorkflow } from '#usecases/workflow.ts';

export type Adapters = ReturnType<typeof makeAdapters>;

export interface Deployment {
  config: Readonly<Config>;
  adapters: Adapters;
}

let current: Deployment | undefined;

/** This container's deployment, from the environment: built on first use, then reused. */
export function deployment(): Deployment {
  if (!current) {
    const config = loadConfig();
    current = { config, adapters: makeAdapters(config) };
  }
  return current;
}

/** `build()` on the first call, its result on every later one (a use case per container). */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

export function dispatchUseCase({ config, adapters }: Deployment) {
  return makeDispatch({ ...adapters, emails: makeEmailBuilder(config.mail, adapters.blobs) });
}

/** The workflow of the functions that change contacts: it sends nothing itself (send-now is a schedule). */
export function workflowUseCase({ adapters }: Deployment) {
  return makeWorkflow({ store: adapters.store, scheduler: adapters.scheduler, clock: adapters.clock });
}

export function inboundUseCase(deployment: Deployment) {
  const { config, adapters } = deployment;
  return makeInbound({
    ...adapters,
    inboundStore: makeDynamoInboundStore({ tableName: config.tableName, endpoint: config.endpoints.dynamo }),
    workflow: workflowUseCase(deployment),
    inboundDomain: config.mail.inboundDomain,
    readReply,
  });
}

export function sesFeedbackUseCase(deployment: Deployment) {
  return makeSesFeedback({ store: deployment.adapters.store, workflow: workflowUseCase(deployment) });
}

export function unsubscribeUseCase(deployment: Deployment) {
  const { config, adapters } = deployment;
  return makeUnsubscribe({
    store: adapters.store,
    workflow: workflowUseCase(deployment),
    clock: adapters.clock,
    secret: config.mail.unsubscribeSecret,
  });
}
