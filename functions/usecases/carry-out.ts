import { scheduleName } from '#domain/lifecycle.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Contact, Effect, ScheduledStep, Step } from '#domain/types.ts';
import type { ForwardedReply } from '#mail/build-email.ts';

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

function createEffects(effects: Effect[]) {
  return effects.filter((e): e is Extract<Effect, { type: 'schedule' }> => e.type === 'schedule');
}

/**
 * Creates the schedules a transition asks for. Idempotent (a schedule that exists is fine), so it
 * runs before the commit in API use cases — a failure leaves the contact untouched — and again as a
 * repair when a dispatch retry finds its work already committed.
 */
export async function createSchedules(
  contact: Contact,
  effects: Effect[],
  deps: ScheduleDeps,
): Promise<void> {
  await Promise.all(
    createEffects(effects).map((e) =>
      deps.scheduler.create({
        name: scheduleName(contact.id, e.step, e.planVersion),
        at: e.at,
        timeZone: contact.timeZone,
        payload: { ...payloadFor(contact, e) },
      }),
    ),
  );
}

/** Re-creates every schedule the contact's plan holds (repair path; idempotent). */
export async function ensurePlannedSchedules(contact: Contact, deps: ScheduleDeps): Promise<void> {
  const effects: Effect[] = contact.schedules
    .filter((s) => !s.immediate)
    .map((s) => ({ type: 'schedule', step: s.step, at: s.at, planVersion: s.planVersion }));
  await createSchedules(contact, effects, deps);
}

/** Deletes the schedules a transition replaced and puts suppressed addresses on the list. */
export async function finishEffects(
  contact: Contact,
  effects: Effect[],
  deps: ScheduleDeps & { store: Store; now: Date },
): Promise<void> {
  await Promise.all(
    effects.map(async (e) => {
      if (e.type === 'unschedule')
        await deps.scheduler.delete(scheduleName(contact.id, e.step, e.planVersion));
      else if (e.type === 'suppress') await deps.store.suppress(e.email, e.reason, deps.now.toISOString());
    }),
  );
}
