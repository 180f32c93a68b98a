/**
 * People a contact's reply suggested ("please talk to my colleague mei@…"). Anyone can write to a
 * reply address, so what a reply may add is bounded, and nobody it adds is written to before a
 * person (the coach or the client) says so.
 */
import type { Contact } from './types.ts';

/** Referrals taken from one reply; the rest are ignored (first mentioned first). */
export const MAX_REFERRALS_PER_REPLY = 3;
/** Referrals taken from all of one contact's replies together. */
export const MAX_REFERRALS_PER_CONTACT = 10;

/**
 * A prospect added from a contact's reply (`foundVia.contactId`: the referring contact) stays in
 * `prospect` until a person approves it: launching a campaign skips it. Prospects a coach imported,
 * referred or not, are their say already. Approving (the `approve` event) sets `approvedAt`.
 */
export function awaitsApproval(contact: Pick<Contact, 'stage' | 'foundVia' | 'approvedAt'>): boolean {
  return (
    contact.stage === 'prospect' &&
    contact.approvedAt === undefined &&
    contact.foundVia.kind === 'referral' &&
    contact.foundVia.contactId !== undefined
  );
}
