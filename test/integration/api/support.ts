/**
 * The API function on the emulators: the real handler (`#handlers/api.ts`) driven by API Gateway
 * payload v2 events, with the workflow stack's store, Scheduler emulator and clock behind it.
 */

import type { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { expect, inject } from 'vitest';
import { makeDynamoIdempotencyRecords } from '#adapters/dynamo-idempotency.ts';
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { makeDynamoJobStore } from '#adapters/dynamo-jobs.ts';
import { makeDynamoReputation } from '#adapters/dynamo-reputation.ts';
import { makeDynamoReviewStore } from '#adapters/dynamo-review-store.ts';
import { makeS3BlobEraser } from '#adapters/s3-blob-store.ts';
import { makeS3Uploads } from '#adapters/s3-uploads.ts';
import { makeApi } from '#api/app.ts';
import type { ApiResponse } from '#api/http.ts';
import { outreachCheckVia } from '#api/outreach-check-call.ts';
import { makePreviewApi, makeReplyApi } from '#api/preview-app.ts';
import { functionFor } from '#api/separate-routes.ts';
import type { Coaches } from '#domain/ports/coaches.ts';
import type { JobStore } from '#domain/ports/jobs.ts';
import type { Uploads } from '#domain/ports/uploads.ts';
import { makeApiHandler } from '#handlers/api.ts';
import { DEMO_KEY_RING } from '#local/demo-data.ts';
import { makeInProcessJobRunner } from '#local/in-process-job-runner.ts';
import { localContext } from '#local/lambda-context.ts';
import { makeEmailPreviewer } from '#mail/email-preview.ts';
import { fixedKeyRing } from '#mail/key-ring.ts';
import { makeOutreachChecker } from '#mail/outreach-findings.ts';
import { makeEraseContact } from '#usecases/erase-contact.ts';
import { makeImportJob } from '#usecases/import-job.ts';
import type { InboundOutcome, InboundReceipt } from '#usecases/inbound.ts';
import { makeJobs } from '#usecases/jobs.ts';
import { makeLaunchCheck } from '#usecases/launch-check.ts';
import { makeReviewReplies } from '#usecases/review-replies.ts';
import { makeWorkflow } from '#usecases/workflow.ts';
import { TEST_SUPPRESSION_SECRET } from '../store-fixture.ts';
import { MAIL_CONFIG, startWorkflowStack, type WorkflowStack } from '../workflow/harness.ts';

export interface Call {
  body?: unknown;
  /** Sent as is (invalid JSON, a form…) instead of `body` serialised. */
  raw?: string;
  headers?: Record<string, string>;
  /** The query string's parameters. */
  query?: Record<string, string>;
  /**
   * `requestContext.authorizer`: by default the IAM API's (an IAM caller, admin rights); `{ jwt: {
   * claims } }` as the JWT API's authorizer passes a signed-in person; `null` for none.
   */
  authorizer?: unknown;
}

/** The IAM authorizer's context of a SigV4-signed call (the harness's default caller). */
export const IAM_AUTHORIZER = {
  iam: {
    accessKey: 'AKIATEST',
    accountId: '000000000000',
    callerId: 'AIDATEST',
    principalOrgId: null,
    userArn: 'arn:aws:iam::000000000000:user/rapport-automation',
    userId: 'AIDATEST',
  },
};

export interface Answer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON response the tests read field by field
  body: any;
}

/** A payload v2 event as API Gateway sends it (the body base64-encoded, like a binary-safe proxy). */
export function v2Event(method: string, pathAndQuery: string, call: Call = {}): APIGatewayProxyEventV2 {
  const [path = '', rawQueryString = ''] = pathAndQuery.split('?');
  const query = Object.fromEntries(new URLSearchParams(rawQueryString));
  const raw = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const headers: Record<string, string> = {
    ...(raw !== undefined ? { 'content-type': 'application/json' } : {}),
    ...call.headers,
  };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test',
      routeKey: '$default',
      stage: '$default',
      time: '01/Mar/2027:08:00:00 +0000',
      timeEpoch: 0,
      ...(call.authorizer === null ? {} : { authorizer: call.authorizer ?? IAM_AUTHORIZER }),
    } as APIGatewayProxyEventV2['requestContext'],
    ...(call.query
      ? { rawQueryString: new URLSearchParams(call.query).toString(), queryStringParameters: call.query }
      : {}),
    ...(raw !== undefined
      ? { body: Buffer.from(raw, 'utf8').toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

export interface ApiStackOptions {
  /** The S3 client erasure deletes objects through (one that records its calls, say). */
  s3Client?: S3Client;
  /** Wraps the job store the jobs use (e.g. to hold a job at its first progress). */
  jobStore?: (real: JobStore) => JobStore;
  /** The coaches' user pool (`POST /coaches`): cognito-local's, say. */
  coaches?: Coaches;
  /** The inbound function an attached unmatched reply is processed by (the review queue). */
  processInbound?: (receipt: InboundReceipt) => Promise<InboundOutcome>;
}

/** The API on a new workflow stack at `start`, or on `on` (a stack a test started itself). */
export async function startApiStack(start: string, on?: WorkflowStack, options: ApiStackOptions = {}) {
  const stack: WorkflowStack = on ?? (await startWorkflowStack({ start }));
  // Signed at the real time (the S3 emulator refuses a URL whose signature has expired by the real
  // clock: signed at the simulated START it would fail from START + 15 min on), expiring by the
  // simulated one (the API compares the upload's expiry with its clock).
  const signed = makeS3Uploads(stack.s3);
  const uploads: Uploads = {
    ...signed,
    async presignPut(key, options) {
      const { url } = await signed.presignPut(key, options);
      return { url, expiresAt: new Date(stack.clock.now().getTime() + options.expiresInSeconds * 1000) };
    },
  };
  const jobStore = makeDynamoJobStore({ tableName: stack.table.tableName, client: stack.table.client });
  // The jobs function, in process: started by the API, not awaited by the request.
  const runner = makeInProcessJobRunner(() => jobs.run);
  const jobs = makeJobs({
    jobs: options.jobStore ? options.jobStore(jobStore) : jobStore,
    runner,
    clock: stack.clock,
    runImport: makeImportJob({ store: stack.store, blobs: stack.blobs, workflow: stack.workflow }),
    // As the jobs function launches: the outreach check first (setup.ts `jobsUseCase`).
    launch: (campaignId, o) =>
      makeWorkflow({
        store: stack.store,
        scheduler: stack.scheduler,
        clock: stack.clock,
        checkOutreach: makeOutreachChecker(MAIL_CONFIG),
      }).launchCampaign(campaignId, o),
  });
  const api = makeApi({
    store: stack.store,
    workflow: stack.workflow,
    clock: stack.clock,
    eraseContact: makeEraseContact({
      store: stack.store,
      scheduler: stack.scheduler,
      blobs: makeS3BlobEraser({
        bucket: stack.bucket,
        endpoint: inject('s3Endpoint'),
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        ...(options.s3Client ? { client: options.s3Client } : {}),
      }),
      clock: stack.clock,
    }),
    uploads,
    jobs: jobStore,
    submitJob: jobs.submit,
    blobs: stack.blobs,
    idempotency: makeDynamoIdempotencyRecords({
      tableName: stack.table.tableName,
      client: stack.table.client,
    }),
    ...(options.coaches ? { coaches: options.coaches } : {}),
    reviewReplies: makeReviewReplies({
      ...stack.deps,
      reviews: makeDynamoReviewStore({ ...stack.table, suppressionSecret: TEST_SUPPRESSION_SECRET }),
      workflow: stack.workflow,
      inboundStore: makeDynamoInboundStore(stack.table),
      inboundDomain: MAIL_CONFIG.inboundDomain,
      processInbound:
        options.processInbound ?? (() => Promise.reject(new Error('no inbound function in this test stack'))),
    }),
    reputation: makeDynamoReputation({ tableName: stack.table.tableName, client: stack.table.client }),
    // The launch's outreach check: the preview function's handler, invoked as the API function invokes it.
    outreachCheck: outreachCheckVia(
      async (event) => (await handlers.preview(event, localContext('rapport-preview'))) as ApiResponse,
    ),
  });
  const handler = makeApiHandler(() => api);
  // The routes API Gateway sends to the preview and classify functions (`#api/separate-routes.ts`).
  const handlers = {
    api: handler,
    preview: makeApiHandler(() =>
      makePreviewApi({
        store: stack.store,
        previews: makeEmailPreviewer(MAIL_CONFIG, stack.blobs, fixedKeyRing(DEMO_KEY_RING)),
        clock: stack.clock,
        launchCheck: makeLaunchCheck({
          store: stack.store,
          checkOutreach: makeOutreachChecker(MAIL_CONFIG),
          clock: stack.clock,
        }),
      }),
    ),
    classify: makeApiHandler(() => makeReplyApi({ clock: stack.clock })),
  };

  async function call(method: string, path: string, options: Call = {}): Promise<Answer> {
    const fn = functionFor(method, path.split('?')[0] ?? '');
    const out = (await handlers[fn](v2Event(method, path, options), localContext(`rapport-${fn}`))) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    return {
      status: out.statusCode,
      headers: out.headers,
      // Text answers (a CSV report) as they are; the rest is JSON.
      body: !out.body
        ? undefined
        : /^text\//.test(out.headers['content-type'] ?? '')
          ? out.body
          : JSON.parse(out.body),
    };
  }

  /** Every item of the table, sorted by key: compared before and after a refused request. */
  async function dump(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    const doc = DynamoDBDocumentClient.from(stack.table.client);
    do {
      const out = await doc.send(
        new ScanCommand({ TableName: stack.table.tableName, ConsistentRead: true, ExclusiveStartKey }),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => `${a.PK} ${a.SK}`.localeCompare(`${b.PK} ${b.SK}`));
  }

  /** Waits for every job started so far, then answers the job as `GET /jobs/{jobId}` shows it. */
  async function finished(jobId: string): Promise<Answer> {
    await runner.settled();
    return call('GET', `/jobs/${jobId}`);
  }

  return { stack, handler, handlers, call, dump, jobs, jobStore, runner, finished };
}

export type ApiStack = Awaited<ReturnType<typeof startApiStack>>;

/** A client as `POST /clients` takes it; `tag` keeps addresses unique. */
export function aClientBody(tag: string, overrides: Record<string, unknown> = {}) {
  return {
    firstName: 'Sam',
    lastName: 'Okafor',
    email: `sam.${tag}@client.example`,
    senderLocalPart: 'sam.okafor',
    timeZone: 'Europe/London',
    field: 'UX research',
    introduction: 'I am moving from hospital nursing into UX research.',
    ...overrides,
  };
}

/** Uploads `content` as the client's resume through the API (presigned PUT to s3rver), then confirms it. */
export async function uploadResume(
  t: Pick<ApiStack, 'call'>,
  clientId: string,
  content: Buffer = Buffer.from('%PDF-1.4\n% a resume\n%%EOF\n'),
): Promise<{ key: string; confirmed: Answer }> {
  const upload = await t.call('POST', `/clients/${clientId}/resume`);
  if (upload.status !== 200) throw new Error(`resume upload URL refused: ${JSON.stringify(upload.body)}`);
  const put = await fetch(upload.body.uploadUrl, {
    method: 'PUT',
    headers: { 'content-type': upload.body.contentType },
    body: content,
  });
  if (!put.ok) throw new Error(`PUT to the presigned URL failed: ${put.status} ${await put.text()}`);
  const confirmed = await t.call('POST', `/clients/${clientId}/resume/confirm`, {
    body: { key: upload.body.key },
  });
  return { key: upload.body.key, confirmed };
}

/**
 * A campaign of a new client whose `introduction` the outreach carries (a resume uploaded), with one
 * prospect imported: Priya Raman, referred by Dana Whitfield. Returns the campaign's id.
 */
export async function campaignWithIntroduction(
  t: ApiStack,
  introduction: string,
  names: { tag: string; campaign: string } = { tag: 'check', campaign: 'check' },
): Promise<string> {
  const client = await t.call('POST', '/clients', { body: aClientBody(names.tag, { introduction }) });
  const clientId = client.body.id as string;
  expect((await uploadResume(t, clientId)).confirmed.status).toBe(200);
  const campaign = await t.call('POST', `/clients/${clientId}/campaigns`, { body: { name: names.campaign } });
  const campaignId = campaign.body.id as string;
  const imported = await t.call('POST', `/campaigns/${campaignId}/imports`, {
    body: {
      contacts: [
        {
          email: 'priya.raman@lumen-health.example',
          firstName: 'Priya',
          company: 'Lumen Health',
          timeZone: 'America/New_York',
          foundVia: { kind: 'referral', name: 'Dana Whitfield' },
        },
      ],
    },
  });
  await t.finished(imported.body.job.id);
  return campaignId;
}
