/**
 * The functions as their shared setup builds them (`functions/handlers/setup.ts`: the config parsed,
 * `makeAdapters`/`makeSendingAdapters`, the use case builders, the handler factories), each with an
 * `onCall` hook recording every AWS call its clients send under the function's name — on the
 * emulators: DynamoDB Local, s3rver, aws-ses-v2-local and the in-process Scheduler emulator whose
 * target is the dispatch function. Only the clock is the emulator's (schedules fire when it moves).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { makeLambdaFunctionInvoker } from '#adapters/lambda-function-invoker.ts';
import { makeLambdaInboundInvoker } from '#adapters/lambda-inbound-invoker.ts';
import { makeLambdaJobRunner } from '#adapters/lambda-job-runner.ts';
import type { SdkCall } from '#adapters/sdk-calls.ts';
import { makeApi } from '#api/app.ts';
import { makePreviewApi } from '#api/preview-app.ts';
import { functionFor } from '#api/separate-routes.ts';
import { makeApiHandler } from '#handlers/api-event.ts';
import { makeDispatchHandler } from '#handlers/dispatch.ts';
import { makeInboundHandler } from '#handlers/inbound.ts';
import { makeJobsHandler } from '#handlers/jobs.ts';
import { lambdaHandler } from '#handlers/middleware.ts';
import { makeResumePage } from '#handlers/resume.ts';
import { makeSesEventsHandler } from '#handlers/ses-events.ts';
import {
  apiUseCase,
  type Deployment,
  dispatchUseCase,
  inboundUseCase,
  jobsUseCase,
  previewUseCase,
  resumeLinkUseCase,
  type SendingAdapters,
  sesFeedbackUseCase,
  unsubscribeUseCase,
} from '#handlers/setup.ts';
import { makeUnsubscribePage, requestFromEvent } from '#handlers/unsubscribe.ts';
import { startCognito } from '#local/cognito.ts';
import { DEMO_MAIL_CONFIG } from '#local/demo-data.ts';
import { localContext } from '#local/lambda-context.ts';
import { startSchedulerEmulator } from '#local/scheduler-emulator.ts';
import { LOCAL_KEYS_SECRET_ID, startLocalSecretsExtension } from '#local/secrets-extension.ts';
import { withSesEventsPublisher } from '#local/ses-events-publisher.ts';
import { makeOutreachChecker } from '#mail/outreach-findings.ts';
import { makeAdapters, makeSendingAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { SES_EVENT_SOURCE } from '#shared/ses-event-types.ts';
import { type Answer, type Call, v2Event } from '../api/support.ts';
import { createTestTable } from '../store-fixture.ts';

export const FUNCTIONS = [
  'dispatch',
  'inbound',
  'ses-events',
  'unsubscribe',
  'api',
  'jobs',
  'preview',
  'resume',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

const DISPATCH_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:rapport-dispatch';
const S3RVER = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** The preview function as the API function names it (`RAPPORT_PREVIEW_FUNCTION`): a launch's outreach check. */
const PREVIEW_FUNCTION = 'rapport-preview';

/** The key ring's initial key (`k0`) the recorded functions fetch through the local extension. */
export const IAM_CONTRACT_INITIAL_KEY = 'iam-contract-unsubscribe-key-0123456789abcdef';

export async function startRecordedFunctions(start: string) {
  const calls = Object.fromEntries(FUNCTIONS.map((fn) => [fn, [] as SdkCall[]])) as Record<
    FunctionName,
    SdkCall[]
  >;
  const recorder = (fn: FunctionName) => (call: SdkCall) => calls[fn].push(call);

  const table = await createTestTable('iam');
  const bucket = `iam-${randomUUID()}`;
  const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, credentials: S3RVER });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const emulator = await startSchedulerEmulator({ clock: new Date(start) });
  // The Parameters and Secrets extension, serving a key ring (the functions' own adapter fetches it).
  const secrets = await startLocalSecretsExtension({
    ring: { value: () => JSON.stringify({ initialKey: IAM_CONTRACT_INITIAL_KEY }) },
  });

  const config = loadConfig({
    [ENV.tableName]: table.tableName,
    [ENV.bucketName]: bucket,
    [ENV.scheduleGroup]: 'rapport',
    [ENV.dispatchArn]: DISPATCH_ARN,
    [ENV.schedulerRoleArn]: 'arn:aws:iam::000000000000:role/rapport-scheduler',
    [ENV.deadLetterArn]: 'arn:aws:sqs:us-east-1:000000000000:rapport-dispatch-dlq',
    [ENV.configurationSet]: 'rapport',
    [ENV.consultancyName]: DEMO_MAIL_CONFIG.consultancyName,
    [ENV.brandColor]: DEMO_MAIL_CONFIG.brandColor,
    [ENV.logoUrl]: DEMO_MAIL_CONFIG.logoUrl,
    [ENV.postalAddress]: DEMO_MAIL_CONFIG.postalAddress,
    [ENV.senderDomain]: DEMO_MAIL_CONFIG.senderDomain,
    [ENV.inboundDomain]: DEMO_MAIL_CONFIG.inboundDomain,
    [ENV.unsubscribeBaseUrl]: DEMO_MAIL_CONFIG.unsubscribeBaseUrl,
    [ENV.unsubscribeKeysSecret]: LOCAL_KEYS_SECRET_ID,
    [ENV.secretsEndpoint]: secrets.endpoint,
    [ENV.sessionToken]: secrets.sessionToken,
    [ENV.jobsFunction]: 'rapport-jobs',
    [ENV.inboundFunction]: 'rapport-inbound',
    [ENV.dynamoEndpoint]: inject('dynamoEndpoint'),
    [ENV.sesEndpoint]: inject('sesEndpoint'),
    [ENV.s3Endpoint]: inject('s3Endpoint'),
    [ENV.schedulerEndpoint]: emulator.endpoint,
  });
  await makeEventBridgeScheduler({ ...config.scheduler, endpoint: emulator.endpoint }).ensureScheduleGroup();

  const clock = emulator.clock;
  /** One function's deployment, as `deployment()` builds it, its calls recorded under its name. */
  function deploymentOf(fn: FunctionName): Deployment {
    const onCall = recorder(fn);
    return {
      config,
      adapters: { ...makeAdapters(config, { s3Credentials: S3RVER, onCall }), clock },
      onCall,
    };
  }

  // dispatch: the sending adapters; SES's event publishing (emulated) feeds the ses-events function.
  const sendingAdapters = makeSendingAdapters(config, {
    s3Credentials: S3RVER,
    onCall: recorder('dispatch'),
  });
  const sent: Buffer[] = [];
  const mailer = withSesEventsPublisher(
    {
      async sendRaw(message) {
        sent.push(Buffer.from(message.raw));
        return sendingAdapters.mailer.sendRaw(message);
      },
    },
    { configurationSet: config.configurationSet, clock },
  );
  const dispatchDeployment: Deployment<SendingAdapters> = {
    config,
    adapters: { ...sendingAdapters, mailer, clock },
  };
  const dispatch = makeDispatchHandler(() => dispatchUseCase(dispatchDeployment));
  emulator.registerTarget(DISPATCH_ARN, async (input) => {
    try {
      await dispatch(JSON.parse(input), localContext('rapport-dispatch'));
    } finally {
      await mailer.flush();
    }
  });

  const sesEvents = makeSesEventsHandler(() => sesFeedbackUseCase(deploymentOf('ses-events')));
  mailer.connect((event) =>
    sesEvents(
      { source: SES_EVENT_SOURCE, 'detail-type': event.eventType, id: randomUUID(), detail: event },
      localContext('rapport-ses-events'),
    ),
  );

  const inbound = makeInboundHandler(() => inboundUseCase(deploymentOf('inbound')));
  const unsubscribeDeployment = deploymentOf('unsubscribe');
  const page = makeUnsubscribePage({
    unsubscribe: unsubscribeUseCase(unsubscribeDeployment),
    consultancyName: config.mail.consultancyName,
  });
  const unsubscribe = lambdaHandler(
    (event) => requestFromEvent(event as APIGatewayProxyEventV2),
    (request) => page(request),
  );
  const jobs = makeJobsHandler(() =>
    jobsUseCase(deploymentOf('jobs'), undefined, makeOutreachChecker(config.mail)),
  );
  const resumePage = makeResumePage(resumeLinkUseCase(deploymentOf('resume')));

  // The API starts a job by invoking the jobs function (the real adapter, its call recorded); the
  // invoke is answered here and the jobs function run in process.
  const running = new Set<Promise<unknown>>();
  const lambda = new LambdaClient({ region: 'us-east-1' });
  lambda.middlewareStack.add(
    () => async (args) => {
      const input = args.input as { Payload?: Uint8Array; FunctionName?: string };
      const payload = input.Payload ?? new Uint8Array();
      const event = JSON.parse(Buffer.from(payload).toString('utf8'));
      if (input.FunctionName === PREVIEW_FUNCTION) {
        // A launch's outreach check: the preview function run synchronously, its response the payload.
        const response = await handlers.preview(event, localContext('rapport-preview'));
        const Payload = Buffer.from(JSON.stringify(response));
        return { output: { StatusCode: 200, Payload, $metadata: {} }, response: {} } as never;
      }
      if (input.FunctionName === config.inboundFunction) {
        // Attaching a reply: the inbound function run synchronously, its answer the payload.
        const result = await inbound(event, localContext('rapport-inbound'));
        const Payload = Buffer.from(JSON.stringify(result));
        return { output: { StatusCode: 200, Payload, $metadata: {} }, response: {} } as never;
      }
      const run = new Promise((resolve) => setImmediate(resolve)).then(() =>
        jobs(event, localContext('rapport-jobs')),
      );
      running.add(run);
      return { output: { StatusCode: 202, $metadata: {} }, response: {} } as never;
    },
    { step: 'serialize', name: 'invokeInProcess' },
  );
  // The API function's user pool: cognito-local (the admin calls of POST/GET /coaches are recorded).
  const cognitoDir = mkdtempSync(join(tmpdir(), 'rapport-iam-cognito-'));
  const cognito = await startCognito({ port: 0, dataDir: cognitoDir });
  const apiDeployment: Deployment = {
    ...deploymentOf('api'),
    config: { ...config, coachLogins: { userPoolId: cognito.userPoolId, endpoint: cognito.endpoint } },
  };
  const runner = makeLambdaJobRunner({
    functionName: config.jobsFunction as string,
    client: lambda,
    onCall: recorder('api'),
  });
  const handlers = {
    api: makeApiHandler(() =>
      makeApi(
        apiUseCase(
          apiDeployment,
          runner,
          makeLambdaInboundInvoker({
            functionName: config.inboundFunction as string,
            client: lambda,
            onCall: recorder('api'),
          }),
          makeLambdaFunctionInvoker({
            functionName: PREVIEW_FUNCTION,
            client: lambda,
            onCall: recorder('api'),
          }),
        ),
      ),
    ),
    preview: makeApiHandler(() => makePreviewApi(previewUseCase(deploymentOf('preview')))),
  };

  async function call(method: string, path: string, options: Call = {}): Promise<Answer> {
    const fn = functionFor(method, path.split('?')[0] ?? '');
    if (fn === 'classify') throw new Error('classify makes no AWS call: not recorded');
    const out = (await handlers[fn](v2Event(method, path, options), localContext(`rapport-${fn}`))) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    return {
      status: out.statusCode,
      headers: out.headers,
      body: out.body ? JSON.parse(out.body) : undefined,
    };
  }

  /** Waits for every job started so far. */
  async function settled() {
    while (running.size > 0) {
      const batch = [...running];
      running.clear();
      await Promise.all(batch);
    }
  }

  /** A reply as SES receives it: stored under `inbound/<id>` (the receipt rule), then the event. */
  async function receive(raw: Buffer, recipient: string) {
    const messageId = randomUUID();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `inbound/${messageId}`, Body: raw }));
    const verdict = { status: 'PASS' };
    return inbound(
      {
        Records: [
          {
            ses: {
              mail: { messageId },
              receipt: { recipients: [recipient], spamVerdict: verdict, virusVerdict: verdict },
            },
          },
        ],
      },
      localContext('rapport-inbound'),
    );
  }

  return {
    calls,
    config,
    clock,
    emulator,
    store: table.store,
    sent,
    call,
    settled,
    receive,
    unsubscribe: (event: APIGatewayProxyEventV2) => unsubscribe(event, localContext('rapport-unsubscribe')),
    /** The resume function: a signed resume link opened. */
    resume: (token: string) => resumePage({ method: 'GET', query: { token } }),
    async stop() {
      await settled();
      await cognito.stop();
      rmSync(cognitoDir, { recursive: true, force: true });
      await emulator.stop();
      await secrets.stop();
      await table.drop();
    },
  };
}
