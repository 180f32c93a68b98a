/**
 * The client's reply to a reminder that asked for something (issue 15), received at
 * `client+<token>@<inbound domain>`: the thank-you's personal line, "moved" / "didn't happen" (the
 * thank-you held for the coach), or the update of the keep-in-touch emails the reminder listed.
 *
 * Only the client's own address (and, in AWS, a DMARC pass) is taken; anything else is kept in the
 * bucket, logged with the reason, and changes nothing. Each contact's change is recorded with the
 * reply's key in its transaction (a second delivery changes nothing), and the answer to the client is
 * a one-time schedule due now named after the reply (a repeat finds it), which the dispatch function
 * sends once per (contact, reply) — like a contact's reply forwarded.
 */
import { type ClientReplyToken, readMeetingAnswer, readUpdate } from '#domain/client-reply.ts';
import { TransitionRefused, VersionConflict } from '#domain/errors.ts';
import type { ClientReplies } from '#domain/ports/client-replies.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { ClientAnswer } from '#domain/ports/email-builder.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { Store } from '#domain/ports/store.ts';
import { clientAnswerScheduleName } from '#domain/schedule-name.ts';
import type { Client, Contact, ContactEvent } from '#domain/types.ts';
import { clientAnswerWords } from '#mail/client-answer-words.ts';
import type { ClientAnswerPayload } from './carry-out.ts';
import type { Workflow } from './workflow.ts';

export interface ClientReplyDeps {
  store: Pick<Store, 'getClient' | 'getContact'>;
  clientReplies: Pick<ClientReplies, 'find'>;
  workflow: Pick<Workflow, 'applyClientReply'>;
  scheduler: Pick<Scheduler, 'create'>;
  clock: Clock;
  /** Named in the answers ("Your coach at …"). */
  consultancyName: string;
}

/** What the inbound function read from the message (the text: new text only, quotes stripped). */
export interface ClientMessage {
  token: string;
  /** The From address. */
  from: string;
  replyKey: string;
  newText: string;
  /** SES's DMARC verdict; none locally (the SMTP MX computes none). */
  dmarcVerdict?: string;
}

export type ClientReplyOutcome =
  /** Applied to `contactIds` (a repeat delivery: `duplicate`), and the client answered (`answer`). */
  | { outcome: 'client_reply'; contactIds: string[]; answer: ClientAnswer['kind']; duplicate: boolean }
  /** Not taken (unknown or expired address, another sender, DMARC): kept, logged, nothing changed. */
  | { outcome: 'client_ignored'; reason: string };

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function makeClientReply(deps: ClientReplyDeps) {
  /**
   * One contact's change, recorded with the reply's key: `duplicate` on a repeat, `refused` when too
   * late; the contact as it is after (the transition's own when applied, else read once).
   */
  async function applyTo(contactId: string, event: ContactEvent, replyKey: string) {
    try {
      const { contact } = await deps.workflow.applyClientReply(
        contactId,
        event,
        `client-${replyKey}-${contactId}`,
      );
      return { result: 'applied' as const, after: contact };
    } catch (error) {
      const result =
        error instanceof VersionConflict && error.entity === 'inbound'
          ? ('duplicate' as const)
          : error instanceof TransitionRefused
            ? ('refused' as const)
            : undefined;
      if (!result) throw error;
      return { result, after: await deps.store.getContact(contactId) };
    }
  }

  /** The answer to the client, sent once per (contact, reply) by a schedule due now. */
  async function answer(
    contact: Contact,
    client: Client,
    replyKey: string,
    what: ClientAnswer,
  ): Promise<void> {
    const words = clientAnswerWords(what, { contact, client, consultancyName: deps.consultancyName });
    await deps.scheduler.create({
      name: clientAnswerScheduleName(contact.id, replyKey),
      at: deps.clock.now().toISOString(),
      timeZone: 'UTC',
      payload: {
        kind: 'client-answer',
        contactId: contact.id,
        replyKey,
        answer: words,
      } satisfies ClientAnswerPayload,
    });
  }

  /** "How did it go with Rory?": a personal line, or moved / didn't happen. */
  async function meetingAnswer(contact: Contact, client: Client, message: ClientMessage) {
    const read = readMeetingAnswer(message.newText, `${client.firstName} ${client.lastName}`);
    const { replyKey } = message;
    let what: ClientAnswer;
    let result: Awaited<ReturnType<typeof applyTo>>['result'] | undefined;
    if (read.kind === 'refused') what = { kind: 'refused', reason: read.reason };
    else if (read.kind === 'hold') {
      const reason = `the client replied "${read.said}"`;
      const applied = await applyTo(contact.id, { type: 'thank_you_held', by: 'client', reason }, replyKey);
      result = applied.result;
      const after = applied.after ?? contact;
      const sent = after.sent.some((s) => s.step === 'thank-you');
      what = after.meeting?.thankYouHold
        ? { kind: 'held' }
        : {
            kind: 'refused',
            reason: sent
              ? `your thank-you to ${contact.firstName} already went out`
              : `no thank-you to ${contact.firstName} is planned`,
          };
    } else {
      const applied = await applyTo(contact.id, { type: 'personal_line_added', text: read.line }, replyKey);
      result = applied.result;
      const after = applied.after ?? contact;
      const planned = after.schedules.find((s) => s.step === 'thank-you')?.at;
      const heldAt = after.meeting?.thankYouHold?.thankYouAt;
      const sent = after.sent.findLast((s) => s.step === 'thank-you')?.at;
      what =
        result === 'refused'
          ? { kind: 'line_too_late', ...(sent ? { at: sent } : {}) }
          : {
              kind: 'line_added',
              text: read.line,
              ...((planned ?? heldAt) ? { at: planned ?? heldAt } : {}),
            };
    }
    await answer(contact, client, replyKey, what);
    return done([contact.id], what, result === 'duplicate');
  }

  /** "Write an update for …": one reply serves every contact the reminder listed. */
  async function updateAnswer(record: ClientReplyToken, client: Client, message: ClientMessage) {
    const read = readUpdate(message.newText, `${client.firstName} ${client.lastName}`);
    const { replyKey } = message;
    const first = record.contactIds[0] as string;
    const answerFirst = async (what: ClientAnswer, duplicate: boolean) => {
      const contact = await deps.store.getContact(first);
      if (contact) await answer(contact, client, replyKey, what);
      return done([first], what, duplicate);
    };
    if ('refused' in read) return answerFirst({ kind: 'refused', reason: read.refused }, false);
    const served: Contact[] = [];
    let duplicate = false;
    for (const id of record.contactIds) {
      const event: ContactEvent = { type: 'update_written', text: read.update, nextWindow: true };
      const { result, after } = await applyTo(id, event, replyKey);
      duplicate ||= result === 'duplicate';
      if (result !== 'refused' && after) served.push(after);
    }
    const firstServed = served[0];
    if (!firstServed) {
      return answerFirst(
        { kind: 'refused', reason: 'no keep-in-touch email waits for an update now' },
        duplicate,
      );
    }
    const times = served.flatMap((c) =>
      c.schedules.filter((s) => s.step.startsWith('keep-in-touch-')).map((s) => s.at),
    );
    const what: ClientAnswer = {
      kind: 'update_added',
      text: read.update,
      names: served.map((c) => [c.firstName, c.lastName].filter(Boolean).join(' ')),
      ...(times.length > 0 ? { at: times.sort()[0] } : {}),
    };
    await answer(firstServed, client, replyKey, what);
    return done(
      served.map((c) => c.id),
      what,
      duplicate,
    );
  }

  function done(contactIds: string[], what: ClientAnswer, duplicate: boolean): ClientReplyOutcome {
    return { outcome: 'client_reply', contactIds, answer: what.kind, duplicate };
  }

  return async function handleClientReply(message: ClientMessage): Promise<ClientReplyOutcome> {
    const record = await deps.clientReplies.find(message.token, deps.clock.now());
    if (!record) return { outcome: 'client_ignored', reason: 'unknown or expired client reply address' };
    const client = await deps.store.getClient(record.clientId);
    if (!client || !sameAddress(message.from, client.email)) {
      return {
        outcome: 'client_ignored',
        reason: `sent from ${message.from || 'no address'}, not the client's own address`,
      };
    }
    // In AWS, SES's DMARC verdict must be PASS: a From the client's own address is easy to forge.
    if (message.dmarcVerdict !== undefined && message.dmarcVerdict !== 'PASS') {
      return { outcome: 'client_ignored', reason: `DMARC verdict ${message.dmarcVerdict}` };
    }
    if (record.asks === 'update') return updateAnswer(record, client, message);
    const contact = await deps.store.getContact(record.contactIds[0] as string);
    if (!contact) return { outcome: 'client_ignored', reason: 'the contact no longer exists' };
    return meetingAnswer(contact, client, message);
  };
}

export type ClientReply = ReturnType<typeof makeClientReply>;
