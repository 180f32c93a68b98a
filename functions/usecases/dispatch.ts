import { randomBytes } from 'node:crypto';
import { PermanentError, RetryableError, TransitionRefused, VersionConflict } from '#domain/errors.ts';
import type { ClientReplies } from '#domain/ports/client-replies.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type {
  ClientAnswerWords,
  ClientReplyAsk,
  ComposedEmail,
  EmailBuilder,
  EmailContext,
  ForwardedReply,
} from '#domain/ports/email-builder.ts';
import type { Mailer } from '#domain/ports/mailer.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { SendingStore, TransitionExtras } from '#domain/ports/store.ts';
import { base32, CLIENT_REPLY_TOKEN_DAYS, REPLY_TOKEN_BYTES } from '#domain/reply-token.ts';
import { retryScheduleName } from '#domain/schedule-name.ts';
import { sendKey } from '#domain/send-key.ts';
import type {
  Campaign,
  Contact,
  ContactEvent,
  Step,
  SuppressionReason,
  TransitionResult,
} from '#domain/types.ts';
import { commitTransition, type DispatchPayload, ensurePlannedSchedules } from './carry-out.ts';

export interface DispatchDeps {
  store: SendingStore;
  mailer: Mailer;
  scheduler: Scheduler;
  clock: Clock;
  emails: EmailBuilder;
  /** How long a claim protects a send in progress. Longer than the function's timeout. */
  leaseMs?: number;
  /** Throttled sends are rescheduled this many times, with growing delays, before giving up. */
  maxSendAttempts?: number;
  /** The client's reply addresses (issue 15); absent, the reminders carry none. */
  clientReplies?: ClientReplies;
}

export type DispatchOutcome =
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'recovered'; messageId: string }
  | { outcome: 'already_sent' }
  | { outcome: 'stale'; reason: string }
  | { outcome: 'timer' }
  | { outcome: 'update_missing' }
  | { outcome: 'suppressed' }
  /** The campaign was paused before the claim: nothing sent, the contact paused (resume re-plans it). */
  | { outcome: 'paused' }
  | { outcome: 'rejected'; reason: string; operatorAlert: boolean }
  | { outcome: 'retry_scheduled'; attempt: number; reason: string };

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 8;
const CLIENT_STEP = /^client-/;

function isClientStep(step: Step): boolean {
  return CLIENT_STEP.test(step);
}

/** Backoff for a throttled send: 1, 2, 4 … minutes, capped at one hour. */
function retryDelayMs(attempt: number): number {
  return Math.min(60, 2 ** (attempt - 1)) * 60_000;
}

/**
 * The dispatch use case: one due schedule → at most one email, exactly once.
 *
 * Round trips to DynamoDB for a sent email: load (contact, client, campaign), claim (with the
 * campaign's pause and the suppression list checked in the same request), commit (contact + timeline + counters + send record +
 * Message-ID lookup in one transaction).
 */
export function makeDispatch(deps: DispatchDeps) {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const maxAttempts = deps.maxSendAttempts ?? DEFAULT_MAX_ATTEMPTS;

  async function load(payload: DispatchPayload) {
    const { contact, client, campaign } = await deps.store.getContactContext(payload);
    if (!contact || !client || !campaign) return undefined;
    return { contact, client, campaign };
  }

  /** Applies an event and commits it (commit first), retrying on a concurrent change; then carries out its effects. */
  function commitEvent(
    contact: Contact,
    campaign: Campaign,
    event: ContactEvent,
    extras?: TransitionExtras,
  ): Promise<TransitionResult> {
    return commitTransition(deps, {
      contactId: contact.id,
      known: { contact, campaign },
      event,
      extras,
      order: 'commit-first',
    });
  }

  async function dispatch(payload: DispatchPayload): Promise<DispatchOutcome> {
    const loaded = await load(payload);
    if (!loaded) return { outcome: 'stale', reason: 'contact, client or campaign no longer exists' };
    const { contact, client, campaign } = loaded;
    const planned = contact.schedules.find(
      (s) => s.step === payload.step && s.planVersion === payload.planVersion && s.at === payload.at,
    );
    if (!planned || contact.planVersion !== payload.planVersion) {
      const key = sendKey(contact, payload.step);
      const record = await deps.store.getSendRecord(key);
      // The step went out and committed, but the next schedules may not have been created: repair.
      if (record?.state === 'sent') {
        await ensurePlannedSchedules(contact, deps);
        return { outcome: 'already_sent' };
      }
      return {
        outcome: 'stale',
        reason: `step ${payload.step} v${payload.planVersion} is no longer planned`,
      };
    }

    if (payload.step === 'no-response') {
      await commitEvent(contact, campaign, { type: 'no_response_due' });
      return { outcome: 'timer' };
    }
    if (payload.step.startsWith('keep-in-touch-') && !contact.pendingUpdate?.trim()) {
      await commitEvent(contact, campaign, {
        type: 'update_missing',
        step: payload.step as `keep-in-touch-${number}`,
      });
      return { outcome: 'update_missing' };
    }

    const now = deps.clock.now();
    // Update reminders due together go as one, sent by the first (issue 15): the others wait a minute.
    const listed = await updateCompanions(contact, payload.step, now);
    const leader = listed?.find(
      (o) => Date.parse(o.at) < Date.parse(planned.at) || (o.at === planned.at && o.contact.id < contact.id),
    );
    if (leader) {
      const reason = `listed in the update reminder of contact ${leader.contact.id}`;
      return retryLater(contact, campaign, payload, new RetryableError(reason));
    }
    const key = sendKey(contact, payload.step);
    const claim = await claimSend(key, contact.id, payload.step, {
      email: isClientStep(payload.step) ? undefined : contact.email,
      campaignId: campaign.id,
    });
    switch (claim.outcome) {
      case 'campaign_paused':
        // A pause landed after this schedule fired: the contact is paused like the campaign's others.
        await commitEvent(contact, campaign, { type: 'pause' }).catch((error: unknown) => {
          if (!(error instanceof TransitionRefused)) throw error; // already paused, or not pausable
        });
        return { outcome: 'paused' };
      case 'suppressed':
        await commitEvent(contact, campaign, { type: claim.reason });
        return { outcome: 'suppressed' };
      case 'already_sent':
        // Sent under an earlier plan (e.g. while paused) but planned again: record it, never resend.
        await commitEvent(contact, campaign, {
          type: 'email_sent',
          step: payload.step,
          messageId: claim.messageId,
        }).catch((error: unknown) => {
          if (!(error instanceof TransitionRefused)) throw error;
        });
        return { outcome: 'already_sent' };
      case 'went_out':
        // SES reported the send: it went out before the worker died. Commit, never resend.
        await commitSent(contact, campaign, payload, key, claim.messageId);
        return { outcome: 'recovered', messageId: claim.messageId };
      case 'go':
        break;
    }

    let messageId: string;
    let covered: Companion[] = [];
    const build = async () => {
      const asked = await askClient(contact, payload.step, now, listed ?? []);
      covered = asked?.covered ?? [];
      const clientReply = asked?.ask;
      return deps.emails.step({
        step: payload.step,
        contact,
        client,
        campaign,
        now,
        ...(clientReply && { clientReply }),
      });
    };
    try {
      messageId = await send(key, contact.id, payload.step, build(), campaign.id);
    } catch (error) {
      for (const other of covered) await deps.store.releaseSend(other.key);
      if (error instanceof RetryableError) return retryLater(contact, campaign, payload, error);
      return reject(contact, campaign, payload, error);
    }

    await commitSent(contact, campaign, payload, key, messageId);
    // The other contacts the update reminder listed: their own reminders (claimed) went out in this one.
    for (const other of covered) {
      await commitSent(other.contact, campaign, { ...payload, step: other.step }, other.key, messageId);
    }
    return { outcome: 'sent', messageId };
  }

  /**
   * A reminder that asks the client for something gets a reply address (issue 15): a random token
   * recorded with what it asks and for whom. An update reminder lists every contact of the campaign
   * whose own update reminder is due within UPDATE_COMPANION_MS (no update written): one reply serves all.
   */
  /** The campaign's other contacts whose update reminder is due within UPDATE_COMPANION_MS (no update written). */
  async function updateCompanions(contact: Contact, step: Step, now: Date) {
    if (!deps.clientReplies || !step.startsWith('client-update-')) return undefined;
    const horizon = now.getTime() + UPDATE_COMPANION_MS;
    return (await deps.clientReplies.keepingInTouch(contact.campaignId)).flatMap((other) => {
      const due = other.schedules.find(
        (s) => s.step.startsWith('client-update-') && Date.parse(s.at) <= horizon,
      );
      return other.id !== contact.id && other.pendingUpdate === undefined && due
        ? [{ contact: other, step: due.step, at: due.at }]
        : [];
    });
  }

  async function askClient(
    contact: Contact,
    step: Step,
    now: Date,
    listed: Omit<Companion, 'key'>[],
  ): Promise<{ ask: ClientReplyAsk; covered: Companion[] } | undefined> {
    const update = step.startsWith('client-update-');
    if (!deps.clientReplies || (step !== 'client-personal-line' && !update)) return undefined;
    const covered: Companion[] = [];
    for (const other of listed) {
      // Its own reminder is claimed like a send: never listed twice, even by two reminders at once.
      const otherKey = sendKey(other.contact, other.step);
      const claim = await deps.store.claimSend(otherKey, {
        contactId: other.contact.id,
        step: other.step,
        now: now.toISOString(),
        leaseMs,
      });
      if (claim.outcome === 'claimed') covered.push({ ...other, key: otherKey });
    }
    const token = base32(randomBytes(REPLY_TOKEN_BYTES));
    await deps.clientReplies.create({
      token,
      clientId: contact.clientId,
      campaignId: contact.campaignId,
      contactIds: [contact.id, ...covered.map((c) => c.contact.id)],
      asks: update ? 'update' : 'personal-line',
      validUntil: new Date(now.getTime() + CLIENT_REPLY_TOKEN_DAYS * 86_400_000).toISOString(),
    });
    return { ask: { token, others: covered.map((c) => c.contact) }, covered };
  }

  /**
   * Claims the one send of `key`. `go`: this worker sends. `went_out`: an earlier worker's claim
   * expired, but SES reported accepting its message — commit that, never resend. A live claim of
   * another worker, or losing the race to take over an expired one, is retryable.
   */
  async function claimSend(
    key: string,
    contactId: string,
    step: Step,
    checks: { email?: string | undefined; campaignId?: string | undefined },
  ): Promise<
    | { outcome: 'go' }
    | { outcome: 'campaign_paused' }
    | { outcome: 'suppressed'; reason: SuppressionReason }
    | { outcome: 'already_sent'; messageId: string }
    | { outcome: 'went_out'; messageId: string }
  > {
    const now = deps.clock.now().toISOString();
    const claim = await deps.store.claimSend(key, { contactId, step, now, leaseMs, ...checks });
    switch (claim.outcome) {
      case 'claimed':
        return { outcome: 'go' };
      case 'campaign_paused':
      case 'suppressed':
      case 'already_sent':
        return claim;
      case 'in_progress':
        throw new RetryableError(`send ${key} is in progress until ${claim.leaseUntil}`);
      case 'expired': {
        if (claim.record.sesMessageId) return { outcome: 'went_out', messageId: claim.record.sesMessageId };
        const previous = claim.record.leaseUntil ?? claim.record.claimedAt;
        const reclaim = await deps.store.reclaimExpired(key, previous, now, leaseMs);
        if (reclaim.outcome === 'lost')
          throw new RetryableError(`send ${key} was taken over by another worker`);
        return { outcome: 'go' };
      }
    }
  }

  /**
   * Builds and sends a claimed email; anything failing before SES accepted it releases the claim
   * (and its place in `campaignId`'s in-flight sends, when the claim took one).
   */
  async function send(
    key: string,
    contactId: string,
    step: Step,
    built: Promise<ComposedEmail>,
    campaignId?: string,
  ): Promise<string> {
    try {
      const email = await built;
      const { messageId } = await deps.mailer.sendRaw({
        raw: email.raw,
        destinations: email.to,
        tags: { contact: contactId, step, key, ...(campaignId ? { campaign: campaignId } : {}) },
      });
      return messageId;
    } catch (error) {
      await deps.store.releaseSend(key, campaignId);
      throw error;
    }
  }

  async function commitSent(
    contact: Contact,
    campaign: Campaign,
    payload: DispatchPayload,
    key: string,
    messageId: string,
  ): Promise<void> {
    // Planned steps are claimed with the campaign check: the commit ends their place in flight.
    const sendCommit = { key, messageId, campaignId: campaign.id };
    try {
      await commitEvent(
        contact,
        campaign,
        { type: 'email_sent', step: payload.step, messageId },
        { sendCommit },
      );
    } catch (error) {
      if (error instanceof VersionConflict && error.entity === 'send') return; // another worker committed it
      if (error instanceof TransitionRefused) {
        // The plan changed while the email was on its way (a reply, a pause): it still went out.
        await commitTransition(deps, {
          contactId: contact.id,
          event: { type: 'sent_outside_plan', step: payload.step, messageId },
          extras: { sendCommit },
          order: 'commit-first',
        });
        return;
      }
      throw error;
    }
  }

  async function retryLater(
    contact: Contact,
    campaign: Campaign,
    payload: DispatchPayload,
    error: RetryableError,
  ) {
    const attempt = (payload.attempt ?? 0) + 1;
    if (attempt >= maxAttempts) {
      // Never retried forever: the step is given up on the timeline, where the coach sees it.
      const reason = `gave up after ${attempt} attempts: ${error.message}`;
      return reject(
        contact,
        campaign,
        payload,
        new PermanentError(reason, 'RetriesExhausted', true, { cause: error }),
      );
    }
    const at = new Date(deps.clock.now().getTime() + retryDelayMs(attempt)).toISOString();
    await deps.scheduler.create({
      name: retryScheduleName(contact.id, payload.step, payload.planVersion, attempt),
      at,
      timeZone: contact.timeZone,
      payload: { ...payload, attempt },
    });
    return { outcome: 'retry_scheduled', attempt, reason: error.message } as const;
  }

  async function reject(contact: Contact, campaign: Campaign, payload: DispatchPayload, error: unknown) {
    if (!(error instanceof PermanentError) && !(error instanceof Error && 'issues' in error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await commitEvent(contact, campaign, { type: 'send_rejected', step: payload.step, reason });
    const operatorAlert = error instanceof PermanentError && error.operatorAlert;
    return { outcome: 'rejected', reason, operatorAlert } as const;
  }

  /**
   * Sends an email that is not a planned step (a meeting cancellation, a reply forwarded to the
   * client) exactly once per `key`: claimed like any send, then recorded in the contact's `sent`
   * list and timeline (stage unchanged) together with the send record.
   */
  async function sendOutsidePlan(input: {
    contactId: string;
    key: string;
    step: Step;
    /** The address the suppression list is checked for (the contact); none for mail to the client. */
    suppressionCheck?: string;
    detail: string;
    build: (context: EmailContext) => Promise<ComposedEmail>;
  }) {
    const contact = await deps.store.getContact(input.contactId);
    if (!contact) return { outcome: 'stale', reason: 'contact no longer exists' } as const;
    const { client, campaign } = await deps.store.getContactContext({ ...contact, contactId: contact.id });
    if (!client || !campaign)
      return { outcome: 'stale', reason: 'client or campaign no longer exists' } as const;
    // Not checked against a pause: a meeting cancellation and a reply forwarded still go.
    const claim = await claimSend(input.key, contact.id, input.step, { email: input.suppressionCheck });
    if (claim.outcome === 'already_sent') return { outcome: 'already_sent' } as const;
    if (claim.outcome === 'suppressed') return { outcome: 'suppressed' } as const;
    const messageId =
      claim.outcome === 'went_out'
        ? claim.messageId
        : await send(
            input.key,
            contact.id,
            input.step,
            input.build({ contact, client, campaign, now: deps.clock.now() }),
          );
    try {
      await commitTransition(deps, {
        contactId: contact.id,
        known: { contact, campaign },
        event: { type: 'sent_outside_plan', step: input.step, messageId, detail: input.detail },
        extras: { sendCommit: { key: input.key, messageId } },
        order: 'commit-first',
      });
      return { outcome: 'sent', messageId } as const;
    } catch (error) {
      if (error instanceof VersionConflict && error.entity === 'send')
        return { outcome: 'already_sent' } as const;
      throw error;
    }
  }

  /** The METHOD:CANCEL of a meeting whose invitation went out, once per (meeting, sequence). */
  function sendCancellation(contactId: string, meetingId: string, sequence: number) {
    return sendOutsidePlan({
      contactId,
      key: `${contactId}_cancel_${meetingId}_s${sequence}`,
      step: CANCELLATION_STEP,
      detail: 'meeting cancellation sent',
      build: (context) => deps.emails.cancellation({ ...context, sequence }),
    });
  }

  /** A contact's reply, forwarded to the client with its classification on top, once per reply. */
  function forwardReply(contactId: string, replyKey: string, reply: ForwardedReply) {
    return sendOutsidePlan({
      contactId,
      key: `${contactId}_reply_${replyKey}`,
      step: REPLY_FORWARD_STEP,
      detail: `reply (${reply.intent}) forwarded to the client`,
      build: (context) => deps.emails.replyForward({ ...context, reply }),
    });
  }

  /** The answer to a client's reply (issue 15), once per (contact, reply). */
  function answerClient(contactId: string, replyKey: string, answer: ClientAnswerWords) {
    return sendOutsidePlan({
      contactId,
      key: `${contactId}_answer_${replyKey}`,
      step: CLIENT_ANSWER_STEP,
      detail: `client's reply answered (${answer.kind})`,
      build: (context) => deps.emails.clientAnswer({ ...context, answer }),
    });
  }

  return Object.assign(dispatch, { sendCancellation, forwardReply, answerClient });
}

/** Another contact an update reminder lists, and its own reminder step. */
type Companion = { contact: Contact; step: Step; key: string };

/** An update reminder lists the contacts whose own reminder is due within this (one reply serves all). */
const UPDATE_COMPANION_MS = 24 * 3_600_000;

const CLIENT_ANSWER_STEP = 'client-answer' as Step;

/** Emails outside the plan are not steps; their send records and `sent` entries use these names. */
const CANCELLATION_STEP = 'meeting-cancellation' as Step;
const REPLY_FORWARD_STEP = 'reply-forward' as Step;

export type Dispatch = ReturnType<typeof makeDispatch>;
