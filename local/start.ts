/**
 * `npm start`: the whole of rapport on loopback, data kept under `.rapport/` across restarts.
 *
 * DynamoDB Local (AWS's jar) · aws-ses-v2-local (its UI shows every email sent) · s3rver (resumes,
 * raw mail) · the Scheduler emulator (fires due schedules into the real dispatch code, on a clock
 * that can be advanced) · a small control server to see the demo and move the clock.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { makeS3Uploads } from '#adapters/s3-uploads.ts';
import { makeApi } from '#api/app.ts';
import { makeApiHandler } from '#handlers/api.ts';
import { makeDispatchHandler } from '#handlers/dispatch.ts';
import {
  apiUseCase,
  type Deployment,
  dispatchUseCase,
  inboundUseCase,
  jobsUseCase,
  sesFeedbackUseCase,
  unsubscribeUseCase,
  workflowUseCase,
} from '#handlers/setup.ts';
import { makeAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { startLocalApiGateway } from './api-gateway-events.ts';
import { startControlServer } from './control-server.ts';
import { createTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { makeInProcessJobRunner } from './in-process-job-runner.ts';
import { localContext } from './lambda-context.ts';
import { startS3Local } from './s3-local.ts';
import { startSchedulerEmulator } from './scheduler-emulator.ts';
import { seedDemo } from './seed-demo.ts';
import { withSesEventsPublisher } from './ses-events-publisher.ts';
import { startSesLocal } from './ses-local.ts';
import { startSmtpInbound } from './smtp-inbound.ts';

const DATA = process.env.RAPPORT_DATA_DIR ?? '.rapport';
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

function localSecret(): string {
  const file = join(DATA, 'unsubscribe-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  mkdirSync(join(DATA, 'dynamodb'), { recursive: true });
  mkdirSync(join(DATA, 's3'), { recursive: true });

  const [dynamo, ses, s3] = await Promise.all([
    startDynamoDbLocal({ port: port('RAPPORT_DYNAMODB_PORT', 8000), dbPath: join(DATA, 'dynamodb') }),
    startSesLocal({ port: port('RAPPORT_SES_PORT', 8005) }),
    startS3Local({ port: port('RAPPORT_S3_PORT', 4569), directory: join(DATA, 's3') }),
  ]);
  const scheduler = await startSchedulerEmulator({
    port: port('RAPPORT_SCHEDULER_PORT', 4580),
    stateFile: join(DATA, 'scheduler.json'),
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
    // The control server serves the unsubscribe page: the links in the local emails work.
    [ENV.unsubscribeBaseUrl]: `http://127.0.0.1:${port('RAPPORT_CONTROL_PORT', 4590)}/u`,
    [ENV.unsubscribeSecret]: localSecret(),
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.sesEndpoint]: ses.endpoint,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.schedulerEndpoint]: scheduler.endpoint,
  };
  const config = loadConfig(env);

  const ddb = new DynamoDBClient({ endpoint: dynamo.endpoint });
  const hasTable = await ddb
    .send(new DescribeTableCommand({ TableName: config.tableName }))
    .then(() => true)
    .catch(() => false);
  if (!hasTable) await createTable(ddb, config.tableName);
  const s3Client = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await s3Client.send(new HeadBucketCommand({ Bucket: config.bucketName })).catch(async () => {
    await s3Client.send(new CreateBucketCommand({ Bucket: config.bucketName }));
  });

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
    port: port('RAPPORT_SMTP_PORT', 2525),
    blobs: adapters.blobs,
    inbound,
  });

  const demo = await seedDemo({ ...adapters, workflow, clock });
  scheduler.startTicking(1000);
  const control = await startControlServer({
    port: port('RAPPORT_CONTROL_PORT', 4590),
    store: adapters.store,
    scheduler,
    demo,
    unsubscribe: {
      useCase: unsubscribeUseCase(local),
      consultancyName: config.mail.consultancyName,
    },
  });

  // The HTTP API: the same handler as in AWS, fed payload v2 events converted from Node's requests.
  // Import and launch jobs run in this process, not awaited by the request (the jobs function in AWS).
  const jobs = jobsUseCase(
    local,
    makeInProcessJobRunner(() => jobs.run),
  );
  const api = makeApi({
    ...apiUseCase(
      local,
      makeInProcessJobRunner(() => jobs.run),
    ),
    uploads: makeS3Uploads({
      bucket: config.bucketName,
      endpoint: s3.endpoint,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
  });
  const apiGateway = await startLocalApiGateway({
    port: port('RAPPORT_API_PORT', 4591),
    handler: makeApiHandler(() => api),
  });

  console.log(`
rapport is running (data in ${DATA}/)

  HTTP API           ${apiGateway.endpoint}/     (e.g. POST /clients; see README "HTTP API")
  control & demo     ${control.endpoint}/            (GET: pipeline; POST /advance?hours=24 moves the clock)
  unsubscribe page   ${control.endpoint}/u?token=…   (the List-Unsubscribe link of every email)
  sent emails (UI)   ${ses.endpoint}/
  inbound MX (SMTP)  127.0.0.1:${smtp.port}   (replies to reply+<token>@${config.mail.inboundDomain})
  DynamoDB Local     ${dynamo.endpoint}   table "${config.tableName}"
  S3 (s3rver)        ${s3.endpoint}       bucket "${config.bucketName}"
  Scheduler          ${scheduler.endpoint}   group "rapport"

  demo campaign      ${demo.campaignId} (${demo.created ? 'seeded now' : 'from an earlier start'})
  local time         ${clock.now().toISOString()}

Ctrl-C stops everything.`);

  const stop = async () => {
    scheduler.stopTicking();
    await apiGateway.stop();
    await control.stop();
    await smtp.stop();
    await scheduler.stop();
    await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
