/**
 * Carrying out a transition, in one place: the schedules a dispatch receives (`DispatchPayload` and
 * the two kinds outside the plan), the commit with its optimistic retry (`commitTransition`), and the
 * effects around it.
 *
 * "Send now" is one mechanism for every caller: a one-time schedule due now, run by the dispatch
 * function — a confirmation booked inside the lead time, a client reminder, a meeting cancellation,
 * a reply forwarded to the client. No other function sends or renders email (their bundles carry no
 * templates, and they need no SES permission), and the send gets the schedule's retry policy and
 * dead-letter queue like any other. The cost is latency: `at()` has minute precision, so the email
 * leaves at the next whole minute — up to 60 s later, plus the Scheduler's delivery delay (seconds).
 * Acceptable: the earliest of these is a confirmation for a meeting more than 2 h away (nearer ones
 * are skipped), a cancellation, or a reminder to the client; none is read within a minute of the
 * action that caused it.
 */

import { NotFound } from '#domain/errors.ts';
import { contactPolicy } from '#domain/holiday-rules.ts';
import { scheduleName, transition } from '#domain/lifecycle.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { ClientAnswerWords, ForwardedReply } from '#domain/ports/email-builder.ts';
import type { OneTimeSchedule, Scheduler } from '#domain/ports/scheduler.ts';
import type { SendingStore, TransitionExtras } from '#domain/ports/store.ts';
import { retryOnConflict } from '#domain/retry-on-conflict.ts';
import { cancellationScheduleName } from '#domain/schedule-name.ts';
import type {
  Campaign,
  Contact,
  ContactEvent,
  Effect,
  ScheduledStep,
  Step,
  TransitionResult,
} from '#domain/types.ts';

/** What a schedule hands the dispatch function. `at` lets dispatch tell an orphaned schedule from the plan. */
export interface DispatchPayload {
  contactId: string;
  clientId: string;
  campaignId: string;
  step: Step;
  planVersion: number;
  at: string;
  /** Retry of a throttled send: 1, 2, … (absent on the first delivery). */
  attempt?: number;
}

/**
 * What the inbound function's one-time schedule hands the dispatch function: a contact's reply to
 * forward to the client (rendered and sent there, exactly once per (contact, replyKey)).
 */
export interface ReplyForwardPayload {
  kind: 'reply-forward';
  contactId: string;
  replyKey: string;
  reply: ForwardedReply;
}

/** The inbound function's answer to a client's reply (issue 15), sent once per (contact, replyKey). */
export interface ClientAnswerPayload {
  kind: 'client-answer';
  contactId: string;
  replyKey: string;
  answer: ClientAnswerWords;
}

/** A cancelled meeting's METHOD:CANCEL, sent by the dispatch function once per (meeting, sequence). */
export interface CancellationPayload {
  kind: 'meeting-cancellation';
  contactId: string;
  meetingId: string;
  sequence: number;
}

export function payloadFor(contact: Contact, planned: Pick<ScheduledStep, 'step' | 'planVersion' | 'at'>) {
  return {
    contactId: contact.id,
    clientId: contact.clientId,
    campaignId: contact.campaignId,
    step: planned.step,
    planVersion: planned.planVersion,
    at: planned.at,
  } satisfies DispatchPayload;
}

export interface ScheduleDeps {
  scheduler: Scheduler;
}

/** The schedules a transition asks for: timed steps, and steps sent now (due at their planned minute). */
function plannedSchedules(contact: Contact, effects: Effect[]) {
  return effects.flatMap((e) => {
    if (e.type === 'schedule') return [e];
    if (e.type !== 'send_now') return [];
    const planned = contact.schedules.find((s) => s.step === e.step);
    return planned ? [planned] : [];
  });
}

/**
 * Creates the schedules a transition asks for. Idempotent (a schedule that exists is fine), so it
 * runs before the commit in API use cases — a failure leaves the contact untouched — and again as a
 * repair when a dispatch retry finds its work already committed. Answers the ones that existed.
 */
export async function createSchedules(
  contact: Contact,
  effects: Effect[],
  deps: ScheduleDeps,
): Promise<OneTimeSchedule[]> {
  const existed: OneTimeSchedule[] = [];
  await Promise.all(
    plannedSchedules(contact, effects).map(async (s) => {
      const schedule: OneTimeSchedule = {
        name: scheduleName(contact.id, s.step, s.planVersion),
        at: s.at,
        timeZone: contact.timeZone,
        payload: payloadFor(contact, s),
      };
      if ((await deps.scheduler.create(schedule)) === 'exists') existed.push(schedule);
    }),
  );
  return existed;
}

/**
 * After a schedules-first commit, the schedules of ours that already existed: one made by a
 * concurrent request that lost the race for the same plan version (two bookings of one contact at
 * once plan the same steps under the same version, at different times) would fire instead of ours
 * and be dropped as stale — the email lost. Ours committed, so ours replaces any that differs.
 * (The loser never touches them again: its retry is refused or plans under a newer version.)
 */
async function claimSchedules(existed: OneTimeSchedule[], deps: ScheduleDeps): Promise<void> {
  await Promise.all(
    existed.map(async (schedule) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const found = await deps.scheduler.get(schedule.name);
        if (found && JSON.stringify(found.payload) === JSON.stringify(schedule.payload)) return;
        if (found) await deps.scheduler.delete(schedule.name);
        if ((await deps.scheduler.create(schedule)) === 'created') return;
      }
    }),
  );
}

/** Re-creates every timed schedule the contact's plan holds (repair path; idempotent). */
export async function ensurePlannedSchedules(contact: Contact, deps: ScheduleDeps): Promise<void> {
  const effects: Effect[] = contact.schedules
    .filter((s) => !s.immediate)
    .map((s) => ({ type: 'schedule', step: s.step, at: s.at, planVersion: s.planVersion }));
  await createSchedules(contact, effects, deps);
}

/**
 * After the commit: deletes the schedules a transition replaced, puts suppressed addresses on the
 * list, and schedules the cancellation of a cancelled meeting (due now; only once the cancellation
 * is committed, so a refused or lost commit never cancels a meeting that stands).
 */
export async function finishEffects(
  contact: Contact,
  effects: Effect[],
  deps: ScheduleDeps & { store: SendingStore; now: Date },
): Promise<void> {
  await Promise.all(
    effects.map(async (e) => {
      if (e.type === 'unschedule')
        await deps.scheduler.delete(scheduleName(contact.id, e.step, e.planVersion));
      else if (e.type === 'suppress') await deps.store.suppress(e.email, e.reason, deps.now.toISOString());
      else if (e.type === 'send_cancellation')
        await deps.scheduler.create({
          name: cancellationScheduleName(contact.id, e.meetingId, e.sequence),
          at: deps.now.toISOString(),
          timeZone: 'UTC',
          payload: {
            kind: 'meeting-cancellation',
            contactId: contact.id,
            meetingId: e.meetingId,
            sequence: e.sequence,
          } satisfies CancellationPayload,
        });
    }),
  );
}

/**
 * When the new schedules are created, relative to the commit:
 * - `schedules-first` (API and inbound use cases): a scheduler failure leaves the contact where it
 *   was; the schedules made so far carry a plan version and time the contact does not have, and
 *   dispatch drops them as stale.
 * - `commit-first` (dispatch): the commit decides whether this delivery's work counts at all; a
 *   redelivery that finds the step already sent re-creates the plan's schedules (repair).
 */
export type CommitOrder = 'schedules-first' | 'commit-first';

export interface CommitDeps extends ScheduleDeps {
  store: SendingStore;
  clock: Clock;
}

export interface TransitionRequest {
  contactId: string;
  order: CommitOrder;
  /** The event, or how to choose it from the contact as read. */
  event: ContactEvent | ((contact: Contact, campaign: Campaign) => ContactEvent);
  /** What the caller has already read: the first attempt uses it; after a conflict the contact is read again. */
  known?: { contact: Contact; campaign?: Campaign };
  extras?: TransitionExtras;
  /** How the event is applied: `transition`, unless the caller names another (`reviewTransition` for replies). */
  transition?: typeof transition;
}

/**
 * Applies an event to a contact and commits it — the new contact, its timeline entry, counters and
 * `extras` in one transaction — then carries out its effects. A concurrent change of the contact
 * (VersionConflict 'contact') re-reads it and decides again (`retryOnConflict`). Refusals and bad
 * input throw before anything is written.
 */
export async function commitTransition(
  deps: CommitDeps,
  request: TransitionRequest,
): Promise<TransitionResult> {
  let campaign = request.known?.campaign;
  return retryOnConflict('contact', async (attempt) => {
    const contact =
      attempt === 1 && request.known ? request.known.contact : await deps.store.getContact(request.contactId);
    if (!contact) throw new NotFound('contact', request.contactId);
    const now = deps.clock.now();
    campaign ??= await deps.store.getCampaign(contact.campaignId);
    if (!campaign) throw new NotFound('campaign', contact.campaignId);
    const event = typeof request.event === 'function' ? request.event(contact, campaign) : request.event;
    const policy = contactPolicy(campaign, contact);
    const result = (request.transition ?? transition)(contact, event, now, policy);
    const existed =
      request.order === 'schedules-first' ? await createSchedules(result.contact, result.effects, deps) : [];
    await deps.store.applyTransition(contact, result, request.extras);
    await claimSchedules(existed, deps);
    if (request.order === 'commit-first') await createSchedules(result.contact, result.effects, deps);
    await finishEffects(result.contact, result.effects, { ...deps, now });
    return result;
  });
}
