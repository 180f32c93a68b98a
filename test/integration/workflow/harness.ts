/**
 * The whole send path on the emulators: DynamoDB Local (store), aws-ses-v2-local behind a
 * recording proxy (mailer), s3rver (resumes), and an in-process Scheduler emulator whose virtual
 * clock is everyone's clock and whose target is the real dispatch handler.
 */

import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type ParsedMail, simpleParser } from 'mailparser';
import { inject } from 'vitest';
import { makeDynamoClientReplies } from '#adapters/dynamo-client-replies.ts';
import { makeDynamoReputation } from '#adapters/dynamo-reputation.ts';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { makeS3BlobStore } from '#adapters/s3-blob-store.ts';
import { makeSesMailer } from '#adapters/ses-mailer.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import type { Mailer } from '#domain/ports/mailer.ts';
import type { Store } from '#domain/ports/store.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet } from '#domain/questions.ts';
import type { CampaignPolicy, Client } from '#domain/types.ts';
import { makeDispatchHandler } from '#handlers/dispatch.ts';
import { DEMO_KEY_RING, DEMO_MAIL_CONFIG, demoCampaign, demoClient } from '#local/demo-data.ts';
import { localContext } from '#local/lambda-context.ts';
import { type SchedulerEmulator, startSchedulerEmulator } from '#local/scheduler-emulator.ts';
import { withSesEventsPublisher } from '#local/ses-events-publisher.ts';
import type { SigningMailConfig } from '#mail/config.ts';
import { makeEmailBuilder } from '#mail/email-builder.ts';
import { fixedKeyRing } from '#mail/key-ring.ts';
import { makeOperationsNotices } from '#mail/operations-notice.ts';
import { holidayCalendar } from '#shared/holiday-table.ts';
import { type DispatchDeps, makeDispatch } from '#usecases/dispatch.ts';
import { makeReputationGuard } from '#usecases/reputation-guard.ts';
import { makeSesFeedback } from '#usecases/ses-feedback.ts';
import { makeWorkflow } from '#usecases/workflow.ts';
import { type RecordingProxy, startRecordingProxy } from '../mail/helpers.ts';
import { createTestTable } from '../store-fixture.ts';

export const DISPATCH_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:rapport-dispatch';

export const MAIL_CONFIG: SigningMailConfig = DEMO_MAIL_CONFIG;

export interface SentMessage {
  messageId: string;
  mail: ParsedMail;
  to: string;
  subject: string;
  header(name: string): string | undefined;
}

/** A send SES accepted whose commit is about to be written. */
export interface AcceptedSend {
  contactId: string;
  step: string;
  key: string;
  messageId: string;
}

export interface WorkflowStackOptions {
  start: string;
  /** Wraps the real SES mailer (fault injection). */
  mailer?: (real: Mailer) => Mailer;
  dispatch?: Partial<Pick<DispatchDeps, 'leaseMs' | 'maxSendAttempts'>>;
  /**
   * Crash injection: runs in the dispatch function after SES accepted a message and before the commit
   * that records it; throwing here is the function dying in between (the claim stays pending).
   */
  afterSend?: (sent: AcceptedSend) => Promise<void>;
  /** Wraps the dispatch function's store (to watch its requests, e.g. the send claims). */
  dispatchStore?: (store: Store) => Store;
  /** The SES feedback counts sends, bounces and complaints and pauses on reputation (`reputation-guard.ts`). */
  reputation?: { operationsEmail: string };
  /** Launches put the contacts' public holidays on the campaign, as the jobs function's do. */
  holidays?: boolean;
}

/** The dispatch function's store, with `afterSend` run before each commit of a send. */
function withCrashHook(store: Store, afterSend: WorkflowStackOptions['afterSend']): Store {
  if (!afterSend) return store;
  const seen = new Set<string>();
  return {
    ...store,
    async applyTransition(before, result, extras) {
      // Once per accepted send (as dispatch did it): not again on a conflict retry or a recovery.
      if (extras?.sendCommit && !seen.has(extras.sendCommit.key)) {
        seen.add(extras.sendCommit.key);
        const step = result.contact.sent.at(-1)?.step ?? '';
        await afterSend({ contactId: before.id, step, ...extras.sendCommit });
      }
      return store.applyTransition(before, result, extras);
    },
  };
}

export async function startWorkflowStack(options: WorkflowStackOptions) {
  const table = await createTestTable('workflow');
  /** `commands`: DynamoDB commands the rapport code sent (not counting SES's emulated Send events). */
  const { store, commands } = table;
  // SES's own event publishing (emulated) writes through a client of its own.
  const sesEventsStore = table.storeOn();

  const emulator: SchedulerEmulator = await startSchedulerEmulator({ clock: new Date(options.start) });
  const scheduler = makeEventBridgeScheduler({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    groupName: 'rapport',
    targetArn: DISPATCH_ARN,
    roleArn: 'arn:aws:iam::000000000000:role/rapport-scheduler',
    deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:rapport-dispatch-dlq',
    retry: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86_400 },
  });
  await scheduler.ensureScheduleGroup();

  const proxy: RecordingProxy = await startRecordingProxy(inject('sesEndpoint'));
  const ses = makeSesMailer({ endpoint: proxy.endpoint, configurationSet: 'rapport' });
  const clock = emulator.clock;
  // SES's event publishing, emulated: connected to the feedback use case below.
  const mailer = withSesEventsPublisher(options.mailer ? options.mailer(ses) : ses, {
    configurationSet: 'rapport',
    clock,
  });

  const bucket = `wf-${randomUUID()}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const s3 = new S3Client({
    endpoint: inject('s3Endpoint'),
    forcePathStyle: true,
    credentials,
    region: 'us-east-1',
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const blobs = makeS3BlobStore({ bucket, endpoint: inject('s3Endpoint'), credentials });

  const dispatch = makeDispatch({
    store: withCrashHook(options.dispatchStore ? options.dispatchStore(store) : store, options.afterSend),
    mailer,
    scheduler,
    clock,
    emails: makeEmailBuilder(MAIL_CONFIG, blobs, fixedKeyRing(DEMO_KEY_RING)),
    clientReplies: makeDynamoClientReplies({ tableName: table.tableName, client: table.client }),
    ...options.dispatch,
  });
  const handle = makeDispatchHandler(() => dispatch);
  /** One invocation of the dispatch function with a schedule's input (the emulator's target). */
  const invokeDispatch = async (input: string) => {
    try {
      await handle(JSON.parse(input), localContext('rapport-dispatch'));
    } finally {
      // The recipient's feedback (delivery, bounce, complaint) arrives after the send's invocation.
      await mailer.flush();
    }
  };
  emulator.registerTarget(DISPATCH_ARN, invokeDispatch);
  const workflow = makeWorkflow({
    store,
    scheduler,
    clock,
    ...(options.holidays ? { holidayCalendar: holidayCalendar() } : {}),
  });
  // The ses-events function, in-process, on its own DynamoDB client (like its own Lambda).
  const sesEventsWorkflow = makeWorkflow({ store: sesEventsStore, scheduler, clock });
  // Auto-pause on reputation (the ses-events function's guard), when the test asks for it.
  const reputation = options.reputation
    ? makeDynamoReputation({ tableName: table.tableName, client: table.client }, () => clock.now())
    : undefined;
  const sesFeedback = makeSesFeedback({
    store: sesEventsStore,
    workflow: sesEventsWorkflow,
    ...(reputation && options.reputation
      ? {
          guard: makeReputationGuard({
            counters: reputation,
            store: sesEventsStore,
            pauseCampaign: (campaignId) => sesEventsWorkflow.pauseCampaign(campaignId),
            notices: makeOperationsNotices({
              mailer,
              config: MAIL_CONFIG,
              to: options.reputation.operationsEmail,
              now: () => clock.now(),
            }),
            clock,
          }),
        }
      : {}),
  });
  mailer.connect((event) => sesFeedback.handle(event));
  const deps = { store, scheduler, clock, dispatch, mailer, blobs };

  const parsed = new Map<string, SentMessage>();
  async function sent(): Promise<SentMessage[]> {
    for (const [messageId, wire] of proxy.sends) {
      if (parsed.has(messageId)) continue;
      const mail = await simpleParser(wire.raw);
      const to = Array.isArray(mail.to) ? mail.to[0]?.value[0]?.address : mail.to?.value[0]?.address;
      parsed.set(messageId, {
        messageId,
        mail,
        to: to ?? '',
        subject: mail.subject ?? '',
        header: (name) => {
          const value = mail.headers.get(name.toLowerCase());
          if (value === undefined) return undefined;
          return typeof value === 'string' ? value : JSON.stringify(value);
        },
      });
    }
    return [...parsed.values()];
  }

  /** Message ids the SES emulator holds (what "landed" there). */
  async function inSesEmulator(): Promise<Set<string>> {
    const res = await fetch(`${inject('sesEndpoint')}/store`);
    const body = (await res.json()) as { emails: { messageId: string }[] };
    return new Set(body.emails.map((e) => e.messageId));
  }

  async function seed(options: { policy?: Partial<CampaignPolicy>; client?: Partial<Client> } = {}) {
    const now = clock.now().toISOString();
    const client = demoClient({
      id: randomUUID(),
      email: `sam.${randomUUID().slice(0, 8)}@client.example`,
      resumeKey: `resumes/${randomUUID()}.pdf`,
      createdAt: now,
      ...options.client,
    });
    if (client.resumeKey) {
      await blobs.put(
        client.resumeKey,
        Buffer.from('%PDF-1.4\n% Sam Okafor resume\n%%EOF\n'),
        'application/pdf',
      );
    }
    await store.putClient(client);
    const campaign = demoCampaign({
      id: randomUUID(),
      clientId: client.id,
      policy: { ...DEFAULT_POLICY, ...options.policy },
      createdAt: now,
    });
    await store.putCampaign(campaign);
    return { client, campaign };
  }

  /** A seeded campaign with one imported prospect (`row` overrides its fields), launched. */
  async function launched(row: Record<string, unknown> = {}) {
    const { campaign, client } = await seed();
    const prospect = aProspect(row);
    const { created } = await workflow.importContacts(campaign.id, [prospect]);
    await workflow.launchCampaign(campaign.id);
    return { contactId: created[0]?.id as string, campaign, client, email: prospect.email };
  }

  /** As `launched`, with the clock moved a minute past the outreach's schedule (so it went out). */
  async function contacted(row: Record<string, unknown> = {}) {
    const c = await launched(row);
    const at = (await store.getContact(c.contactId))?.schedules[0]?.at as string;
    await emulator.advanceTo(new Date(Date.parse(at) + 60_000));
    return c;
  }

  return {
    store,
    /** The table and the client the store uses (for the other ports on the same table). */
    table: { tableName: table.tableName, client: table.client },
    deps,
    commands,
    emulator,
    scheduler,
    workflow,
    dispatch,
    invokeDispatch,
    clock,
    blobs,
    /** The s3rver bucket `blobs` writes to. */
    bucket,
    /** The bucket `blobs` writes to, on s3rver (for the other S3 adapters). */
    s3: { bucket, endpoint: inject('s3Endpoint'), credentials },
    sent,
    inSesEmulator,
    seed,
    launched,
    contacted,
    /** SES events published so far; `flushSesEvents` delivers the queued ones now. */
    sesEvents: mailer.published,
    sesFeedback,
    /** The reputation counters (with `reputation`). */
    reputation,
    flushSesEvents: () => mailer.flush(),
    async stop() {
      await emulator.stop();
      await proxy.close();
      await table.drop();
    },
  };
}

export type WorkflowStack = Awaited<ReturnType<typeof startWorkflowStack>>;

/** A remote meeting booking in New York at `start` (`overrides` replace its fields). */
export function remoteMeeting(start: Date, overrides: Record<string, unknown> = {}) {
  return {
    start: start.toISOString(),
    durationMinutes: 20,
    timeZone: 'America/New_York',
    mode: 'remote',
    videoLink: 'https://meet.example/abc-defg-hij',
    questions: pickDefaultSet(DEFAULT_QUESTION_BANK),
    ...overrides,
  };
}

/** A contact row as the import takes it; unique address and employer per test. */
export function aProspect(overrides: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `priya.${tag}@lumen.example`,
    firstName: 'Priya',
    lastName: 'Raman',
    // A different employer each (one contact per employer would space same-employer outreach days apart).
    company: `Lumen Health ${tag}`,
    role: 'Senior UX Researcher',
    timeZone: 'America/New_York',
    foundVia: { kind: 'association', name: 'the UX Professionals Association' },
    ...overrides,
  };
}
