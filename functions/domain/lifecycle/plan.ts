/**
 * The plan of a contact and the vocabulary every phase of the lifecycle shares: what a handler
 * returns (Outcome), how it refuses, and the three ways the plan changes — replaced (planVersion
 * bumps), added to (next step of a sequence), consumed or withdrawn (a step removed). See
 * ../lifecycle.ts for the rules of the plan.
 */

import { TransitionRefused, ValidationError } from '../errors.ts';
import { toIso, toMillis } from '../timing.ts';
import type {
  Contact,
  ContactEventType,
  Effect,
  ScheduledStep,
  Stage,
  Step,
  SuppressionReason,
} from '../types.ts';

/** A step to plan: due `at` (UTC), or sent at once (`immediate`). */
export type Planned = { step: Step; at: string; immediate?: true };

/** What an event handler decides: the next stage, the contact, the effects and a timeline note. */
export interface Outcome {
  to: Stage;
  contact: Contact;
  effects: Effect[];
  detail?: string;
}

export function refuse(contact: Contact, event: ContactEventType, reason: string): never {
  throw new TransitionRefused(contact.stage, event, reason);
}

/** Replace the whole plan: bump planVersion, unschedule all outstanding, schedule `planned`. */
export function replacePlan(contact: Contact, planned: Planned[]): { contact: Contact; effects: Effect[] } {
  if (contact.schedules.length === 0 && planned.length === 0) return { contact, effects: [] };
  const planVersion = contact.planVersion + 1;
  const effects: Effect[] = contact.schedules
    .filter((s) => !s.immediate)
    .map((s) => ({ type: 'unschedule', step: s.step, planVersion: s.planVersion }));
  const schedules: ScheduledStep[] = planned.map((p) => ({
    step: p.step,
    at: p.at,
    planVersion,
    ...(p.immediate ? { immediate: true } : {}),
  }));
  for (const s of schedules) {
    effects.push(
      s.immediate
        ? { type: 'send_now', step: s.step }
        : { type: 'schedule', step: s.step, at: s.at, planVersion },
    );
  }
  return { contact: { ...contact, planVersion, schedules }, effects };
}

/** Add steps to the current plan (the next step of a sequence), under the current planVersion. */
export function addToPlan(contact: Contact, planned: Planned[]): { contact: Contact; effects: Effect[] } {
  const { planVersion } = contact;
  for (const p of planned) {
    if (contact.schedules.some((s) => s.step === p.step)) {
      throw new Error(`bug: ${p.step} is already planned for contact ${contact.id}`);
    }
  }
  const added: ScheduledStep[] = planned.map((p) => ({
    step: p.step,
    at: p.at,
    planVersion,
    ...(p.immediate ? { immediate: true } : {}),
  }));
  return {
    contact: { ...contact, schedules: [...contact.schedules, ...added] },
    effects: added.map((s) =>
      s.immediate
        ? { type: 'send_now', step: s.step }
        : { type: 'schedule', step: s.step, at: s.at, planVersion },
    ),
  };
}

/**
 * Remove the planned steps matching `which`. `unschedule` emits the deletes (the schedule is still
 * out there); a consumed step (it fired) needs none.
 */
export function removeFromPlan(
  contact: Contact,
  which: (s: ScheduledStep) => boolean,
  unschedule: boolean,
): { contact: Contact; effects: Effect[] } {
  const removed = contact.schedules.filter(which);
  const effects: Effect[] = unschedule
    ? removed
        .filter((s) => !s.immediate)
        .map((s) => ({ type: 'unschedule', step: s.step, planVersion: s.planVersion }))
    : [];
  return { contact: { ...contact, schedules: contact.schedules.filter((s) => !which(s)) }, effects };
}

export function latest(...isoTimes: string[]): string {
  return toIso(Math.max(...isoTimes.map((t) => toMillis(t))));
}

export function lastSent(contact: Contact, predicate: (step: Step) => boolean) {
  return contact.sent.filter((s) => predicate(s.step)).at(-1);
}

export function requiredText(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') throw ValidationError.of('text', 'is empty');
  if (text.length > max)
    throw ValidationError.of('text', `is ${text.length} characters long; at most ${max}`);
  return text;
}

/** Suppression (bounce, complaint, unsubscribe): nothing planned any more, the address suppressed. */
export function suppress(contact: Contact, reason: SuppressionReason): Outcome {
  const { contact: next, effects } = replacePlan(contact, []);
  const { pausedFrom: _dropped, ...rest } = next;
  effects.push({ type: 'suppress', email: contact.email, reason });
  return { to: reason, contact: { ...rest, stage: reason }, effects };
}
