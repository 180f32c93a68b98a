/**
 * How every function (and `local/start.ts`) builds its dependencies: the config parsed and the
 * adapters made once per container (`deployment()`), then the use case the function runs. The
 * builders are separate functions so that a bundle carries only what its function uses: only
 * `dispatchUseCase` brings in the mail rendering.
 */

import { makeBedrockModelReader } from '#adapters/bedrock-model-reader.ts';
import { makeCognitoCoaches } from '#adapters/cognito-coaches.ts';
import { suppressionSecretOf } from '#adapters/dynamo/suppressions.ts';
import { makeDynamoClientReplies } from '#adapters/dynamo-client-replies.ts';
import { makeDynamoIdempotencyRecords } from '#adapters/dynamo-idempotency.ts';
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { makeDynamoJobStore } from '#adapters/dynamo-jobs.ts';
import { makeDynamoReputation } from '#adapters/dynamo-reputation.ts';
import { makeDynamoReviewStore } from '#adapters/dynamo-review-store.ts';
import { makeDynamoUnmatchedForwards } from '#adapters/dynamo-unmatched-forwards.ts';
import { makeLambdaFunctionInvoker } from '#adapters/lambda-function-invoker.ts';
import { makeLambdaInboundInvoker } from '#adapters/lambda-inbound-invoker.ts';
import { makeLambdaJobRunner } from '#adapters/lambda-job-runner.ts';
import type { OnSdkCall } from '#adapters/sdk-calls.ts';
import type { ApiDeps } from '#api/app.ts';
import { type InvokeFunction, outreachCheckVia } from '#api/outreach-check-call.ts';
import type { PreviewDeps } from '#api/preview-app.ts';
import type { JobRunner } from '#domain/ports/jobs.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { makeEmailBuilder } from '#mail/email-builder.ts';
import { makeEmailPreviewer } from '#mail/email-preview.ts';
import { makeOperationsNotices } from '#mail/operations-notice.ts';
import { makeOutreachChecker } from '#mail/outreach-findings.ts';
import { makeAdapters, makeSendingAdapters } from '#shared/adapters.ts';
import { type Config, loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { logger } from '#shared/logger.ts';
import { loadOptionalSettings, OPTIONAL_ENV } from '#shared/optional-settings.ts';
import { makeDispatch } from '#usecases/dispatch.ts';
import { makeEraseContact } from '#usecases/erase-contact.ts';
import { makeForwardUnmatched } from '#usecases/forward-unmatched.ts';
import { makeImportJob } from '#usecases/import-job.ts';
import {
  type InboundDeps,
  type InboundOutcome,
  type InboundReceipt,
  makeInbound,
} from '#usecases/inbound.ts';
import { makeJobs } from '#usecases/jobs.ts';
import { makeLaunchCheck } from '#usecases/launch-check.ts';
import { makeReplyReader } from '#usecases/read-with-model.ts';
import { makeReputationGuard } from '#usecases/reputation-guard.ts';
import { makeResumeLink } from '#usecases/resume-link.ts';
import { makeReviewReplies } from '#usecases/review-replies.ts';
import { makeSesFeedback } from '#usecases/ses-feedback.ts';
import { makeUnsubscribe } from '#usecases/unsubscribe.ts';
import { makeWorkflow, type Workflow, type WorkflowDeps } from '#usecases/workflow.ts';

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
function tableOptions({ config, onCall }: Pick<Deployment<unknown>, 'config' | 'onCall'>) {
  return { tableName: config.tableName, endpoint: config.endpoints.dynamo, ...(onCall ? { onCall } : {}) };
}

/** The optional settings (operations address, model reader), read on first use by the functions that have them. */
const optionalSettings = /* @__PURE__ */ once(() => loadOptionalSettings());

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

export function dispatchUseCase(deployment: Deployment<SendingAdapters>) {
  const { config, adapters } = deployment;
  return makeDispatch({
    ...adapters,
    emails: makeEmailBuilder(config.mail, adapters.blobs, adapters.unsubscribeKeys),
    clientReplies: makeDynamoClientReplies(tableOptions(deployment)),
  });
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
    readReply: replyReader(),
    reviews: reviewStore(deployment),
    clientReplies: makeDynamoClientReplies(tableOptions(deployment)),
    consultancyName: config.mail.consultancyName,
    ...unmatchedForwardOf(deployment),
  });
}

/** The reply reader of inbound and classify: the rules, with the model reader when `RAPPORT_MODEL_READER_ID` names one. */
export function replyReader() {
  const { modelReaderId } = optionalSettings();
  return modelReaderId
    ? makeReplyReader({ readReply, model: makeBedrockModelReader({ modelId: modelReaderId }), log: logger })
    : readReply;
}

/** An unmatched message e-mailed to the operations address, when one is set (else it is only listed). */
function unmatchedForwardOf(deployment: Deployment): Pick<InboundDeps, 'forwardUnmatched'> {
  const to = optionalSettings().operationsEmail;
  if (!to) return {};
  const { config, adapters } = deployment;
  return {
    forwardUnmatched: makeForwardUnmatched({
      forwards: makeDynamoUnmatchedForwards(tableOptions(deployment)),
      notices: makeOperationsNotices({
        mailer: adapters.mailer,
        config: config.mail,
        to,
        now: () => adapters.clock.now(),
      }),
      clock: adapters.clock,
    }),
  };
}

/** The reply review queue's items (and lifting an unsubscribe a coach undid). */
function reviewStore(deployment: Deployment) {
  return makeDynamoReviewStore({
    ...tableOptions(deployment),
    suppressionSecret: async () => suppressionSecretOf(await deployment.adapters.unsubscribeKeys.ring()),
  });
}

/**
 * The review queue (API function). `processInbound` runs the inbound function on a stored message
 * (attaching an unmatched reply): invoked synchronously in AWS (`RAPPORT_INBOUND_FUNCTION`);
 * `local/start.ts` and the tests pass the inbound use case itself.
 */
export function reviewUseCase(
  deployment: Deployment,
  processInbound?: (receipt: InboundReceipt) => Promise<InboundOutcome>,
) {
  const { config, adapters } = deployment;
  return makeReviewReplies({
    ...adapters,
    reviews: reviewStore(deployment),
    workflow: workflowUseCase(deployment),
    inboundStore: makeDynamoInboundStore(tableOptions(deployment)),
    inboundDomain: config.mail.inboundDomain,
    processInbound:
      processInbound ??
      makeLambdaInboundInvoker({
        get functionName(): string {
          if (!config.inboundFunction)
            throw new Error(`${ENV.inboundFunction} is not set: no reply can be attached`);
          return config.inboundFunction;
        },
        ...(deployment.onCall ? { onCall: deployment.onCall } : {}),
      }),
  });
}

export function sesFeedbackUseCase(deployment: Deployment) {
  const workflow = workflowUseCase(deployment);
  return makeSesFeedback({
    store: deployment.adapters.store,
    workflow,
    guard: reputationGuardUseCase(deployment, workflow),
  });
}

/** Auto-pause on reputation (ses-events): the counters, the campaign pause, the operations notices. */
export function reputationGuardUseCase(deployment: Deployment, workflow: Pick<Workflow, 'pauseCampaign'>) {
  const { config, adapters } = deployment;
  const to = optionalSettings().operationsEmail;
  return makeReputationGuard({
    counters: makeDynamoReputation(tableOptions(deployment)),
    store: adapters.store,
    pauseCampaign: (campaignId) => workflow.pauseCampaign(campaignId),
    notices: to
      ? makeOperationsNotices({
          mailer: adapters.mailer,
          config: config.mail,
          to,
          now: () => adapters.clock.now(),
        })
      : {
          async notify(notice) {
            logger.warn('operations notice, no operations address set', {
              subject: notice.subject,
              text: notice.text,
            });
          },
        },
    clock: adapters.clock,
  });
}

export function unsubscribeUseCase(deployment: Deployment) {
  const { adapters } = deployment;
  return makeUnsubscribe({
    store: adapters.store,
    workflow: workflowUseCase(deployment),
    clock: adapters.clock,
    keys: adapters.unsubscribeKeys,
  });
}

/** The resume links (resume mode `link`): their key derived from the unsubscribe key ring's (`resume-token.ts`). */
export function resumeLinkUseCase({ adapters }: Deployment) {
  return makeResumeLink({ blobs: adapters.blobs, clock: adapters.clock, keys: adapters.unsubscribeKeys });
}

/**
 * Jobs (import, launch): submitted by the API, run by the jobs function. `runner` starts one: the
 * jobs function invoked asynchronously in AWS (`RAPPORT_JOBS_FUNCTION`); `local/start.ts` and the
 * tests pass one that runs it in process.
 */
export function jobsUseCase(
  deployment: Deployment,
  runner?: JobRunner,
  checkOutreach?: WorkflowDeps['checkOutreach'],
  holidayCalendar?: WorkflowDeps['holidayCalendar'],
) {
  const { config, adapters } = deployment;
  // A launch runs the outreach check first: the jobs function passes it (`#mail/outreach-findings.ts`,
  // the outreach's renderer, which the API function's bundle — it only submits jobs — must not carry).
  const workflow = makeWorkflow({
    store: adapters.store,
    scheduler: adapters.scheduler,
    clock: adapters.clock,
    ...(checkOutreach ? { checkOutreach } : {}),
    ...(holidayCalendar ? { holidayCalendar } : {}),
  });
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
export function apiUseCase(
  deployment: Deployment,
  runner?: JobRunner,
  processInbound?: (receipt: InboundReceipt) => Promise<InboundOutcome>,
  invokePreview?: InvokeFunction,
): ApiDeps {
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
    reviewReplies: reviewUseCase(deployment, processInbound),
    reputation: makeDynamoReputation(tableOptions(deployment)),
    ...coachesOf(deployment),
    outreachCheck: outreachCheckVia(invokePreview ?? previewInvoker(deployment)),
  };
}

/**
 * The preview function, invoked synchronously (RAPPORT_PREVIEW_FUNCTION) for a launch's outreach
 * check; `local/start.ts` and the tests pass its handler instead.
 */
function previewInvoker({ onCall }: Deployment): InvokeFunction {
  return makeLambdaFunctionInvoker({
    get functionName(): string {
      const name = optionalSettings().previewFunction;
      if (!name) throw new Error(`${OPTIONAL_ENV.previewFunction} is not set: no launch can be checked`);
      return name;
    },
    ...(onCall ? { onCall } : {}),
  });
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
    previews: makeEmailPreviewer(config.mail, adapters.blobs, adapters.unsubscribeKeys),
    clock: adapters.clock,
    launchCheck: makeLaunchCheck({
      store: adapters.store,
      checkOutreach: makeOutreachChecker(config.mail),
      clock: adapters.clock,
    }),
  };
}
