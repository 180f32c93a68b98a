/**
 * Keep-in-touch: after the thank-you, the updates the contact receives during the client's search,
 * each written by the client (reminded beforehand) — and what happens when none is written.
 */

import { ValidationError } from '../errors.ts';
import { addBusinessDays, ceilMinute, keepInTouchAt, nextSendMinute, toIso, toMillis } from '../timing.ts';
import type { CampaignPolicy, Contact, ContactEvent, ScheduledStep } from '../types.ts';
import {
  lastSent,
  latest,
  type Outcome,
  type Planned,
  refuse,
  removeFromPlan,
  replacePlan,
  requiredText,
} from './plan.ts';
import { parseStep } from './steps.ts';

/** The client's update for a keep-in-touch email: at most this long. */
export const MAX_UPDATE_LENGTH = 2000;
/** The client is reminded to write an update this many business days before a keep-in-touch email. */
export const UPDATE_REMINDER_BUSINESS_DAYS = 5;
/** No update written when keep-in-touch-N is due: retried this many business days later … */
export const UPDATE_RETRY_BUSINESS_DAYS = 5;
/**
 * … until it is this many business days past its nominal date, then dropped (the next one is
 * planned). With a retry every 5 business days that is two retries: the client is reminded at
 * most three times (the planned reminder plus one per retry) for each keep-in-touch email.
 */
export const UPDATE_GIVE_UP_BUSINESS_DAYS = 8;

/** keep-in-touch-`index` and the client's reminder to write the update before it (none past max). */
export function keepInTouchPlan(
  contact: Contact,
  index: number,
  now: Date,
  policy: CampaignPolicy,
): Planned[] {
  const zone = contact.timeZone;
  const thankYou = lastSent(contact, (s) => s === 'thank-you')?.at ?? now.toISOString();
  const nominal = keepInTouchAt(thankYou, index, zone, policy);
  if (nominal === undefined) return [];
  const at = latest(nominal, nextSendMinute(now, zone, policy));
  const planned: Planned[] = [{ step: `keep-in-touch-${index}`, at }];
  if (contact.pendingUpdate === undefined) {
    // Decision: UPDATE_REMINDER_BUSINESS_DAYS before, not in the send window (it goes to the client).
    const remindAt = latest(
      addBusinessDays(at, -UPDATE_REMINDER_BUSINESS_DAYS, zone),
      toIso(ceilMinute(now.getTime())),
    );
    planned.push({ step: `client-update-${index}`, at: remindAt });
  }
  return planned;
}

export function updateWritten(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'update_written' }>,
): Outcome {
  if (!contact.schedules.some((s) => s.step.startsWith('keep-in-touch-'))) {
    refuse(contact, event.type, 'no keep-in-touch email is planned');
  }
  const pendingUpdate = requiredText(event.text, MAX_UPDATE_LENGTH);
  const { contact: next, effects } = removeFromPlan(
    contact,
    (s) => s.step.startsWith('client-update-'),
    true,
  );
  return { to: contact.stage, contact: { ...next, pendingUpdate }, effects };
}

/**
 * keep-in-touch-N came due with no update written (DESIGN: no update → no email, the client gets a
 * reminder instead). Decision: the client is reminded now (send_now of client-update-N) and the
 * email is retried UPDATE_RETRY_BUSINESS_DAYS later; once it would be UPDATE_GIVE_UP_BUSINESS_DAYS
 * past its nominal date it is dropped and keep-in-touch-(N+1) is planned instead (if any).
 */
export function updateMissing(
  contact: Contact,
  event: Extract<ContactEvent, { type: 'update_missing' }>,
  now: Date,
  policy: CampaignPolicy,
): Outcome {
  const parsed = parseStep(event.step);
  if (parsed?.[0] !== 'keep-in-touch')
    throw ValidationError.of('step', `${event.step} is not a keep-in-touch step`);
  const index = parsed[1];
  if (!contact.schedules.some((s) => s.step === event.step))
    refuse(contact, event.type, `${event.step} is not planned`);
  if (contact.pendingUpdate !== undefined) refuse(contact, event.type, 'an update is written; send it');
  const zone = contact.timeZone;
  const thankYou = lastSent(contact, (s) => s === 'thank-you')?.at;
  const nominal =
    (thankYou && keepInTouchAt(thankYou, index, zone, policy)) ||
    (contact.schedules.find((s) => s.step === event.step) as ScheduledStep).at;
  // An immediate step still in flight keeps its own send; it is not re-planned.
  const others = contact.schedules
    .filter((s) => !s.immediate && s.step !== event.step && s.step !== `client-update-${index}`)
    .map((s) => ({ step: s.step, at: s.at }));
  if (now.getTime() >= toMillis(addBusinessDays(nominal, UPDATE_GIVE_UP_BUSINESS_DAYS, zone))) {
    const { contact: next, effects } = replacePlan(contact, [
      ...others,
      ...keepInTouchPlan(contact, index + 1, now, policy),
    ]);
    return { to: contact.stage, contact: next, effects, detail: `${event.step} dropped: no update written` };
  }
  const retryAt = nextSendMinute(
    addBusinessDays(now, UPDATE_RETRY_BUSINESS_DAYS, zone, policy.holidays),
    zone,
    policy,
  );
  const { contact: next, effects } = replacePlan(contact, [
    ...others,
    { step: event.step, at: retryAt },
    { step: `client-update-${index}`, at: toIso(ceilMinute(now.getTime())), immediate: true },
  ]);
  return {
    to: contact.stage,
    contact: next,
    effects,
    detail: `no update written for ${event.step}: client reminded, retry at ${retryAt}`,
  };
}
