/**
 * The inbound path on the emulators: the workflow stack plus the local SMTP inbound MX in front of
 * the real inbound handler and use case, a nodemailer client to send to it, and the fixtures.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { makeDynamoClientReplies } from '#adapters/dynamo-client-replies.ts';
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { makeDynamoReviewStore } from '#adapters/dynamo-review-store.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { startSmtpInbound } from '#local/smtp-inbound.ts';
import { type InboundDeps, type InboundOutcome, makeInbound } from '#usecases/inbound.ts';
import { TEST_SUPPRESSION_SECRET } from '../store-fixture.ts';
import { MAIL_CONFIG, startWorkflowStack, type WorkflowStack } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/inbound');

export interface FixtureChanges {
  messageId?: string;
  inReplyTo?: string;
  /** Replaces the From address (keeps the display name). */
  from?: string;
}

/** A fixture reply with a fresh (or given) Message-ID, thread headers and From. */
export function fixture(name: string, changes: FixtureChanges = {}): Buffer {
  let text = readFileSync(join(FIXTURES, name), 'latin1');
  const messageId = changes.messageId ?? `${randomUUID()}@mail.example.net`;
  text = text.replace(/^Message-ID: .*$/im, `Message-ID: <${messageId}>`);
  if (changes.inReplyTo !== undefined) {
    text = text.replace(/^In-Reply-To: .*$/im, `In-Reply-To: <${changes.inReplyTo}>`);
    text = text.replace(/^References: .*$/im, `References: <${changes.inReplyTo}>`);
  }
  if (changes.from !== undefined) text = text.replace(/^(From: .*<)[^>]*(>)/im, `$1${changes.from}$2`);
  return Buffer.from(text, 'latin1');
}

export const replyAddress = (token: string) => `reply+${token}@${MAIL_CONFIG.inboundDomain}`;

export async function startInboundStack(options: {
  start: string;
  /** The inbound use case's deps replaced (given the stack: e.g. the operations notices on its mailer). */
  inbound?: Partial<InboundDeps> | ((stack: WorkflowStack) => Partial<InboundDeps>);
}) {
  const stack = await startWorkflowStack({ start: options.start });
  const inboundStore = makeDynamoInboundStore(stack.table);
  const reviews = makeDynamoReviewStore({ ...stack.table, suppressionSecret: TEST_SUPPRESSION_SECRET });
  const inbound = makeInbound({
    store: stack.store,
    inboundStore,
    blobs: stack.blobs,
    workflow: stack.workflow,
    scheduler: stack.scheduler,
    clock: stack.clock,
    inboundDomain: MAIL_CONFIG.inboundDomain,
    readReply,
    reviews,
    clientReplies: makeDynamoClientReplies(stack.table),
    consultancyName: MAIL_CONFIG.consultancyName,
    ...(typeof options.inbound === 'function' ? options.inbound(stack) : options.inbound),
  });
  const outcomes: InboundOutcome[] = [];
  const failures: { error: unknown; objectKey: string }[] = [];
  const smtp = await startSmtpInbound({
    blobs: stack.blobs,
    inbound,
    onHandled: (o) => outcomes.push(o),
    onFailed: (error, objectKey) => failures.push({ error, objectKey }),
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
  });

  /** A contact whose outreach went out (so follow-ups are planned). */
  async function contacted(row: Record<string, unknown> = {}) {
    const { contactId, campaign, client } = await stack.contacted(row);
    const contact = await stack.store.getContact(contactId);
    if (contact?.stage !== 'contacted') throw new Error('outreach did not go out');
    return { contact, client, campaign };
  }

  /** Sends `raw` over SMTP; answers the inbound outcome (the MX said 250, or sendMail throws). */
  async function deliver(raw: Buffer, to: string): Promise<InboundOutcome> {
    const before = outcomes.length;
    await transport.sendMail({ envelope: { from: 'someone@elsewhere.example', to: [to] }, raw });
    const outcome = outcomes[before];
    if (!outcome)
      throw new Error(`the MX accepted the message but no outcome was recorded: ${failures.at(-1)?.error}`);
    return outcome;
  }

  return {
    stack,
    inboundStore,
    reviews,
    inbound,
    smtp,
    transport,
    outcomes,
    failures,
    contacted,
    deliver,
    async stop() {
      transport.close();
      await smtp.stop();
      await stack.stop();
    },
  };
}

export type InboundStack = Awaited<ReturnType<typeof startInboundStack>>;

/**
 * A contacted contact (its client coached by `coach`, when given) whose unsure reply ("thanks for
 * your note": read as `other` below the review threshold) was delivered and waits in the queue.
 */
export async function deliverUnsureReply(world: InboundStack, coach?: string) {
  const { contact, client } = await world.contacted();
  if (coach) await world.stack.store.putClient({ ...client, coach });
  const outcome = await world.deliver(
    fixture('unsure-noted.eml', { from: contact.email }),
    replyAddress(contact.replyToken),
  );
  if (outcome.outcome !== 'recorded') throw new Error(`the unsure reply was ${outcome.outcome}`);
  return { contact, client, outcome };
}
