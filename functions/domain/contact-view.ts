/**
 * How a contact is shown to the coach: its next emails in time order, its summary on the board, the
 * meeting times its last reply proposed in its own zone. Pure.
 */
import { DateTime } from 'luxon';
import type { Contact, Stage, Step } from './types.ts';

export interface NextEmail {
  step: Step;
  /** UTC instant the email is due. */
  at: string;
}

/** A contact on the board. */
export interface ContactSummary {
  id: string;
  name: string;
  email: string;
  company?: string;
  stage: Stage;
  /** The contact's IANA zone: the board shows the next email at the contact's time and the viewer's. */
  timeZone: string;
  /** The first email planned, if any. */
  nextEmail?: NextEmail;
  updatedAt: string;
}

/**
 * The emails planned for the contact (to the contact, and the reminders to the client about them),
 * earliest first. The `no-response` timer sends nothing, so it is not among them.
 */
export function nextEmails(contact: Pick<Contact, 'schedules'>): NextEmail[] {
  return contact.schedules
    .filter((s) => s.step !== 'no-response')
    .map((s) => ({ step: s.step, at: s.at }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.step.localeCompare(b.step)));
}

export function contactSummary(contact: Contact): ContactSummary {
  const next = nextEmails(contact)[0];
  return {
    id: contact.id,
    name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
    email: contact.email,
    ...(contact.company ? { company: contact.company } : {}),
    stage: contact.stage,
    timeZone: contact.timeZone,
    ...(next ? { nextEmail: next } : {}),
    updatedAt: contact.updatedAt,
  };
}

/** The times the contact's last reply proposed, as ISO instants with the contact's UTC offset at each. */
export function proposedTimesInZone(contact: Pick<Contact, 'proposedTimes' | 'timeZone'>): string[] {
  return (contact.proposedTimes ?? []).flatMap((instant) => {
    const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(contact.timeZone);
    return local.isValid ? [local.toISO({ suppressMilliseconds: true }) as string] : [];
  });
}
