/**
 * How every function (and `local/start.ts`) builds its dependencies: the config parsed and the
 * adapters made once per container (`deployment()`), then the use case the function runs. The
 * builders are separate functions so that a bundle carries only what its function uses: only
 * `dispatchUseCase` brings in the mail rendering.
 */
import { makeCognitoCoaches } from '#adapters/cognito-coaches.ts';
import { makeDynamoIdempotencyRecords } from '#adapters/dynamo-idempotency.ts';
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { makeDynamoJobStore } from '#adapters/dynamo-jobs.ts';
import { makeLambdaJobRunner } from '#adapters/lambda-job-runner.ts';
import type { OnSdkCall } from '#adapters/sdk-calls.ts';
import type { ApiDeps } from '#api/app.ts';
import type { PreviewDeps } from '#api/preview-app.ts';
import type { JobRunner } from '#domain/ports/jobs.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { makeEmailBuilder } from '#mail/email-builder.ts';
import { makeEmailPreviewer } from '#mail/email-preview.ts';
import { makeAdapters, makeSendingAdapters } from '#shared/adapters.ts';
import { type Config, loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { makeDispatch } from '#usecases/dispatch.ts';
import { makeEraseContact } from '#usecases/erase-contact.ts';
import { makeImportJob } from '#usecases/import-job.ts';
import { makeInbound } from '#usecases/inbound.ts';
import { makeJobs } from '#usecases/jobs.ts';
import { makeSesFeedback } from '#usecases/ses-feedback.ts';
import { makeUnsubscribe } from '#usecases/unsubscribe.ts';
import { makeWorkflow } from '#usecases/workflow.ts';

/** `build()` on the first call, its result on every later one (a use case per container). */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

export type Adapters = ReturnType<typeof makeAdapters>;
export type SendingAdapters = ReturnType<typeof makeSendingAdapters>;

export interface Deployment<A = Adapters> {
  config: Readonly<Config>;
  adapters: A;
  /** Told of every AWS call of the clients built here and in the adapters (tests only: the IAM contract). */
  onCall?: OnSdkCall;
}

/** The table options of the store parts the use cases below open themselves. */
function tableOptions({ config, onCall }: Deployment) {
  return { tableName: config.tableName, endpoint: config.endpoints.dynamo, ...(onCall ? { onCall } : {}) };
}

/** This container's deployment, from the environment: built on first use, then reused. */
export const deployment = /* @__PURE__ */ once((): Deployment => {
  const config = loadConfig();
  return { config, adapters: makeAdapters(config) };
});

/** The dispatch function's deployment: the store's sending parts only (see `SendingStore`). */
export const sendingDeployment = /* @__PURE__ */ once((): Deployment<SendingAdapters> => {
  const config = loadConfig();
  return { config, adapters: makeSendingAdapters(config) };
});

export function dispatchUseCase({ config, adapters }: Deployment<SendingAdapters>) {
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
    inboundStore: makeDynamoInboundStore(tableOptions(deployment)),
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

/**
 * Jobs (import, launch): submitted by the API, run by the jobs function. `runner` starts one: the
 * jobs function invoked asynchronously in AWS (`RAPPORT_JOBS_FUNCTION`); `local/start.ts` and the
 * tests pass one that runs it in process.
 */
export function jobsUseCase(deployment: Deployment, runner?: JobRunner) {
  const { config, adapters } = deployment;
  const workflow = workflowUseCase(deployment);
  return makeJobs({
    jobs: makeDynamoJobStore(tableOptions(deployment)),
    runner:
      runner ??
      makeLambdaJobRunner({
        get functionName(): string {
          if (!config.jobsFunction) throw new Error(`${ENV.jobsFunction} is not set: no job can start`);
          return config.jobsFunction;
        },
        ...(deployment.onCall ? { onCall: deployment.onCall } : {}),
      }),
    clock: adapters.clock,
    runImport: makeImportJob({ store: adapters.store, blobs: adapters.blobs, workflow }),
    launch: (campaignId, options) => workflow.launchCampaign(campaignId, options),
  });
}

/** The HTTP API's dependencies: the store, the workflow (launch, pause, resume) and the idempotency keys. */
export function apiUseCase(deployment: Deployment, runner?: JobRunner): ApiDeps {
  const { adapters } = deployment;
  return {
    store: adapters.store,
    workflow: workflowUseCase(deployment),
    clock: adapters.clock,
    eraseContact: makeEraseContact({
      store: adapters.store,
      scheduler: adapters.scheduler,
      blobs: adapters.blobEraser,
      clock: adapters.clock,
    }),
    jobs: makeDynamoJobStore(tableOptions(deployment)),
    submitJob: jobsUseCase(deployment, runner).submit,
    blobs: adapters.blobs,
    uploads: adapters.uploads,
    idempotency: makeDynamoIdempotencyRecords(tableOptions(deployment)),
    ...coachesOf(deployment),
  };
}

/** The coaches' user pool, when this deployment has one (`RAPPORT_USER_POOL_ID`). */
function coachesOf({ config, onCall }: Deployment): Pick<ApiDeps, 'coaches'> {
  const logins = config.coachLogins;
  if (!logins) return {};
  return {
    coaches: makeCognitoCoaches({
      userPoolId: logins.userPoolId,
      ...(logins.endpoint ? { endpoint: logins.endpoint } : {}),
      ...(onCall ? { onCall } : {}),
    }),
  };
}

/** The preview function's dependencies: the store (read only), the dispatch function's email builder, the clock. */
export function previewUseCase({ config, adapters }: Deployment): PreviewDeps {
  return {
    store: adapters.store,
    previews: makeEmailPreviewer(config.mail, adapters.blobs),
    clock: adapters.clock,
  };
}
