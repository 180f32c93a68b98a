/**
 * `npm start`: the whole of rapport on loopback, data kept under `.rapport/` across restarts.
 *
 * The HTTP API (with the local-only control page and clock under /local) · DynamoDB Local (AWS's
 * jar, a child that dies with this process) · aws-ses-v2-local (its UI shows every email sent; the
 * outbox is kept under the data dir) · s3rver (resumes, raw mail) · the Scheduler emulator (fires
 * due schedules into the real dispatch code, on a clock that can be advanced) · an SMTP inbound MX ·
 * cognito-local (coach logins: the API checks every request's ID token, as API Gateway's JWT authorizer).
 *
 * Every port is checked before anything starts (a busy one is one line naming its variable);
 * SIGINT, SIGTERM, SIGHUP or the parent going away stop everything that was started.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { migratePlainSuppressions } from '#adapters/dynamo/suppression-migration.ts';
import { makeApi } from '#api/app.ts';
import type { ApiResponse } from '#api/http.ts';
import { makeApiHandler } from '#handlers/api.ts';
import { makeDispatchHandler } from '#handlers/dispatch.ts';
import {
  apiUseCase,
  type Deployment,
  dispatchUseCase,
  inboundUseCase,
  jobsUseCase,
  resumeLinkUseCase,
  sesFeedbackUseCase,
  unsubscribeUseCase,
  workflowUseCase,
} from '#handlers/setup.ts';
import { makeOutreachChecker } from '#mail/outreach-findings.ts';
import { makeAdapters, storeOptions, unsubscribeKeysOf } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { holidayCalendar } from '#shared/holiday-table.ts';
import { startLocalApiGateway } from './api-gateway-events.ts';
import { otherFunctionHandlers, routeToOtherFunctions } from './api-other-functions.ts';
import { LOCAL_USERS, passwordSignIn, startCognito } from './cognito.ts';
import { makeLocalRoutes, RESUME_PATH, UNSUBSCRIBE_PATH } from './control-page.ts';
import { createTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { makeInProcessJobRunner } from './in-process-job-runner.ts';
import { makeJwtAuthorizer } from './jwt-authorizer.ts';
import { localContext } from './lambda-context.ts';
import { type Lifetime, makeLifetime, onShutdown } from './lifetime.ts';
import {
  checkPortsFree,
  explainListenError,
  LOCAL_PORTS,
  type LocalPorts,
  resolvePorts,
  StartupError,
} from './ports.ts';
import { startS3Local } from './s3-local.ts';
import { startSchedulerEmulator } from './scheduler-emulator.ts';
import { ensureLocalKeyRing, LOCAL_KEYS_SECRET_ID, startLocalSecretsExtension } from './secrets-extension.ts';
import { seedDemo } from './seed-demo.ts';
import { withSesEventsPublisher } from './ses-events-publisher.ts';
import { startSesLocal } from './ses-local.ts';
import { inboundOutcomeLine, startSmtpInbound } from './smtp-inbound.ts';
import { dashboardUploadCors, makeWebAppRoutes, WEB_DIST } from './web-app.ts';

const DATA = process.env.RAPPORT_DATA_DIR ?? '.rapport';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

/** Starts the emulators side by side; each one that started is stopped later, even if another failed. */
async function startTogether<T extends Record<string, Promise<{ stop(): Promise<void> }>>>(
  lifetime: Lifetime,
  starting: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const names = Object.keys(starting);
  const settled = await Promise.allSettled(Object.values(starting));
  const started: Record<string, unknown> = {};
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      lifetime.add(names[i] as string, () => result.value.stop());
      started[names[i] as string] = result.value;
    }
  });
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return started as { [K in keyof T]: Awaited<T[K]> };
}

async function main(lifetime: Lifetime, ports: LocalPorts) {
  await checkPortsFree(ports);
  mkdirSync(join(DATA, 'dynamodb'), { recursive: true });
  mkdirSync(join(DATA, 's3'), { recursive: true });
  const apiUrl = `http://127.0.0.1:${ports.api}`;

  const { dynamo, ses, s3, scheduler, cognito, secrets } = await startTogether(lifetime, {
    dynamo: startDynamoDbLocal({ port: ports.dynamodb, dbPath: join(DATA, 'dynamodb') }),
    ses: startSesLocal({ port: ports.ses, outboxFile: join(DATA, 'ses-outbox.jsonl') }),
    s3: startS3Local({ port: ports.s3, directory: join(DATA, 's3') }),
    scheduler: startSchedulerEmulator({ port: ports.scheduler, stateFile: join(DATA, 'scheduler.json') }),
    cognito: startCognito({ port: ports.cognito, dataDir: DATA }),
    // The Parameters and Secrets extension, serving the key ring file (on a free port).
    secrets: startLocalSecretsExtension({ ring: { file: ensureLocalKeyRing(DATA) } }),
  });
  const env = {
    ...process.env,
    [ENV.tableName]: 'rapport',
    [ENV.bucketName]: 'rapport-local',
    [ENV.scheduleGroup]: 'rapport',
    [ENV.dispatchArn]: 'arn:aws:lambda:us-east-1:000000000000:function:rapport-dispatch',
    [ENV.schedulerRoleArn]: 'arn:aws:iam::000000000000:role/rapport-scheduler',
    [ENV.deadLetterArn]: 'arn:aws:sqs:us-east-1:000000000000:rapport-dispatch-dlq',
    [ENV.configurationSet]: 'rapport',
    [ENV.consultancyName]: 'Northwind Careers',
    [ENV.brandColor]: '#1a6b5c',
    [ENV.logoUrl]: 'https://northwind-careers.example/logo.png',
    [ENV.postalAddress]: '12 Harbour Street, Edinburgh EH6 6LP, United Kingdom',
    [ENV.senderDomain]: 'mail.northwind-careers.example',
    [ENV.inboundDomain]: 'in.northwind-careers.example',
    // The local gateway serves the unsubscribe page: the links in the local emails work.
    [ENV.unsubscribeBaseUrl]: `${apiUrl}${UNSUBSCRIBE_PATH}`,
    [ENV.unsubscribeKeysSecret]: LOCAL_KEYS_SECRET_ID,
    [ENV.secretsEndpoint]: secrets.endpoint,
    [ENV.sessionToken]: secrets.sessionToken,
    // The local gateway serves the resume links too (resume mode link).
    [ENV.resumeBaseUrl]: `${apiUrl}${RESUME_PATH}`,
    // The demo consultancy is in Edinburgh: no postal address in emails to contacts (see README).
    [ENV.consultancyCountry]: 'GB',
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.sesEndpoint]: ses.endpoint,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.schedulerEndpoint]: scheduler.endpoint,
    [ENV.userPoolId]: cognito.userPoolId,
    [ENV.cognitoEndpoint]: cognito.endpoint,
  };
  const config = loadConfig(env);

  const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint });
  const hasTable = await ddb
    .send(new DescribeTableCommand({ TableName: config.tableName }))
    .then(() => true)
    .catch(() => false);
  if (!hasTable) await createTable(ddb, config.tableName);
  await migratePlainSuppressions(storeOptions(config, unsubscribeKeysOf(config)));
  const s3Client = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3Client.send(new HeadBucketCommand({ Bucket: config.bucketName })).catch(async () => {
    await s3Client.send(new CreateBucketCommand({ Bucket: config.bucketName }));
  });
  // The dashboard (same origin as the API) PUTs the resume to its presigned URL: the bucket allows it.
  await s3Client.send(
    new PutBucketCorsCommand({
      Bucket: config.bucketName,
      CORSConfiguration: dashboardUploadCors(apiUrl, `http://localhost:${ports.api}`),
    }),
  );

  const adapters = makeAdapters(config, {
    s3Credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await adapters.scheduler.ensureScheduleGroup();
  // The emulator's clock is the local clock: advancing it moves time for everything.
  const clock = scheduler.clock;
  const mailer = withSesEventsPublisher(adapters.mailer, {
    configurationSet: config.configurationSet,
    clock,
  });
  // The functions' own setup (#handlers/setup.ts), with the local clock and SES event publishing.
  const local: Deployment = { config, adapters: { ...adapters, mailer, clock } };
  const dispatch = dispatchUseCase(local);
  const handle = makeDispatchHandler(() => dispatch);
  scheduler.registerTarget(config.scheduler.targetArn, async (input) => {
    try {
      await handle(JSON.parse(input), localContext('rapport-dispatch'));
    } finally {
      // SES feedback (delivery, bounce, complaint of the simulator addresses) after the invocation.
      await mailer.flush().catch((error: unknown) => console.error('SES event not processed:', error));
    }
  });
  const workflow = workflowUseCase(local);
  const sesFeedback = sesFeedbackUseCase(local);
  mailer.connect((event) => sesFeedback.handle(event));

  // The inbound MX: a reply sent to reply+<token>@<inbound domain> on this port is read and recorded.
  // The forward to the client is a schedule due now: the emulator's tick hands it to dispatch.
  const inbound = inboundUseCase(local);
  const smtp = await startSmtpInbound({
    port: ports.smtp,
    blobs: adapters.blobs,
    inbound,
    onHandled: (outcome) => console.log(inboundOutcomeLine(outcome)),
    onFailed: (error, key) => console.error(`inbound: not processed (kept as ${key}): ${String(error)}`),
  });
  lifetime.add('inbound MX', smtp.stop);

  const demo = await seedDemo({ ...adapters, workflow, clock });
  scheduler.startTicking(1000);
  lifetime.add('scheduler clock', async () => scheduler.stopTicking());

  // The HTTP API: the same handler as in AWS, fed payload v2 events converted from Node's requests;
  // the local-only control page, clock and unsubscribe page under /local.
  // Import and launch jobs run in this process, not awaited by the request (the jobs function in AWS).
  const jobRunner = makeInProcessJobRunner(() => jobs.run);
  const jobs = jobsUseCase(local, jobRunner, makeOutreachChecker(config.mail), holidayCalendar());
  // A launch's outreach check: the preview function's handler, invoked as the API function invokes it.
  const others = otherFunctionHandlers(local);
  const api = makeApi(
    apiUseCase(
      local,
      jobRunner,
      inbound,
      async (event) => (await others.preview(event as never, localContext('rapport-preview'))) as ApiResponse,
    ),
  );
  const sesUi = `${ses.endpoint}/`;
  const apiGateway = await startLocalApiGateway({
    port: ports.api,
    handler: makeApiHandler(() => api),
    otherFunction: routeToOtherFunctions(others),
    // Every API call needs a cognito-local ID token, checked as API Gateway's JWT authorizer does.
    authorizer: await makeJwtAuthorizer(cognito),
    // The dashboard under /app/ (web/dist, built by `npm run build:web`): same origin as the API.
    app: makeWebAppRoutes({
      root: WEB_DIST,
      config: { apiBase: '', auth: passwordSignIn(cognito), local: { sesOutboxUrl: sesUi } },
    }),
    local: makeLocalRoutes({
      store: adapters.store,
      scheduler,
      demo,
      unsubscribe: { useCase: unsubscribeUseCase(local), consultancyName: config.mail.consultancyName },
      resume: resumeLinkUseCase(local),
      links: [
        { label: 'sent emails', url: sesUi },
        { label: 'OpenAPI', url: `${apiUrl}/openapi.json` },
        { label: `sign-in keys (cognito-local, pool ${cognito.userPoolId})`, url: cognito.jwksUri },
      ],
    }),
  });
  lifetime.add('HTTP API', apiGateway.stop);

  const envOf = (name: keyof LocalPorts) => LOCAL_PORTS.find((p) => p.name === name)?.env ?? '';
  const rows: [string, string, string, string][] = [
    ['HTTP API', `${apiGateway.endpoint}/`, envOf('api'), 'GET /openapi.json lists the routes'],
    [
      'control & demo',
      `${apiGateway.endpoint}/local`,
      '',
      'POST /local/clock/advance?hours=24 moves the clock',
    ],
    ['dashboard', `${apiGateway.endpoint}/app/`, '', "the coach's dashboard (web/)"],
    ['unsubscribe page', `${apiGateway.endpoint}${UNSUBSCRIBE_PATH}?token=…`, '', ''],
    ['resume links', `${apiGateway.endpoint}${RESUME_PATH}?token=…`, '', ''],
    ['sent emails (UI)', sesUi, envOf('ses'), `kept in ${join(DATA, 'ses-outbox.jsonl')}`],
    [
      'inbound MX',
      `smtp://127.0.0.1:${smtp.port}`,
      envOf('smtp'),
      `reply+<token>@${config.mail.inboundDomain}`,
    ],
    ['DynamoDB Local', dynamo.endpoint, envOf('dynamodb'), `table "${config.tableName}"`],
    ['S3 (s3rver)', s3.endpoint, envOf('s3'), `bucket "${config.bucketName}"`],
    ['Scheduler', scheduler.endpoint, envOf('scheduler'), 'group "rapport"'],
    [
      'Cognito (local)',
      cognito.endpoint,
      envOf('cognito'),
      `pool ${cognito.userPoolId}, client ${cognito.clientId}`,
    ],
    ['data', `${DATA}/`, 'RAPPORT_DATA_DIR', ''],
  ];
  const width = (i: number) => Math.max(...rows.map((r) => r[i]?.length ?? 0)) + 2;
  const table = rows
    .map((r) => `  ${r.map((cell, i) => (i < 3 ? cell.padEnd(width(i)) : cell)).join('')}`.trimEnd())
    .join('\n');
  // The API URL first: the one line a script or a newcomer needs.
  console.log(`rapport API: ${apiGateway.endpoint}

${table}

  sign in           rapport login --email <user> (every API call needs a token; users, password):
${LOCAL_USERS.map((u) => `                      ${u.email.padEnd(22)}${u.password.padEnd(18)}${u.group}`).join('\n')}
  demo campaign     ${demo.campaignId} (${demo.created ? 'seeded now' : 'from an earlier start'})
  local time        ${clock.now().toISOString()}
  local data        AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws dynamodb scan --region us-east-1 --endpoint-url ${dynamo.endpoint} --table-name ${config.tableName}
${
  process.env.RAPPORT_CONTROL_PORT
    ? '\nRAPPORT_CONTROL_PORT is no longer used: the control page is on the API port, at /local.\n'
    : ''
}
Ctrl-C (or SIGTERM) stops everything.`);
}

const lifetime = makeLifetime();
let ports: LocalPorts | undefined;
onShutdown((reason) => {
  console.error(`rapport: stopping (${reason})`);
  void lifetime.stopAll().then(() => process.exit(0));
});
resolvePorts()
  .then((resolved) => {
    ports = resolved;
    return main(lifetime, resolved);
  })
  .catch(async (error: unknown) => {
    const explained = ports ? explainListenError(error, ports) : error;
    // A problem the user can fix is one line; anything else keeps its stack.
    if (explained instanceof StartupError) console.error(`rapport: ${explained.message}`);
    else console.error(explained);
    await lifetime.stopAll();
    process.exit(1);
  });
