import { normaliseEmail } from '#domain/email.ts';
import { ValidationError } from '#domain/errors.ts';
import type { InboundStore } from '#domain/ports/inbound-store.ts';
import type { Store } from '#domain/ports/store.ts';
import { MAX_REFERRALS_PER_CONTACT, MAX_REFERRALS_PER_REPLY } from '#domain/referrals.ts';
import type { Referral } from '#domain/reply/read-reply.ts';
import type { Client, Contact } from '#domain/types.ts';
import type { Workflow } from './workflow.ts';

export interface AddReferralsDeps {
  store: Pick<Store, 'findContactByEmail'>;
  inboundStore: Pick<InboundStore, 'countReferral'>;
  workflow: Pick<Workflow, 'importContacts'>;
  /** Our own reply addresses live here: never a referral. */
  inboundDomain: string;
}

/**
 * Adds the people a contact's reply referred as prospects of the contact's campaign, linked to the
 * contact (`foundVia.contactId`) — which keeps them out of every launch until a person approves
 * them. Bounded: the first `MAX_REFERRALS_PER_REPLY` usable addresses of the reply, and at most
 * `MAX_REFERRALS_PER_CONTACT` people from all of the contact's replies (an atomic count in the
 * store, so concurrent replies cannot overshoot). Never the contact, the client or one of our own
 * reply addresses; someone already in the campaign is skipped without counting. Answers how many
 * were added. The caller decides whether the message may refer at all (only the contact's own address).
 */
export async function addReferrals(
  deps: AddReferralsDeps,
  contact: Contact,
  client: Client | undefined,
  referrals: Referral[],
): Promise<number> {
  const never = new Set([contact.email, client?.email].filter(Boolean).map((a) => String(a).toLowerCase()));
  const inbound = `@${deps.inboundDomain.toLowerCase()}`;
  const usable = referrals
    .flatMap((referral) => {
      try {
        return [{ ...referral, email: normaliseEmail(referral.email) }];
      } catch (error) {
        if (error instanceof ValidationError) return []; // an unusable address is skipped
        throw error;
      }
    })
    .filter(({ email }) => !never.has(email.toLowerCase()) && !email.toLowerCase().endsWith(inbound))
    .slice(0, MAX_REFERRALS_PER_REPLY);

  const referrer = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  let added = 0;
  for (const referral of usable) {
    if (await deps.store.findContactByEmail(contact.campaignId, referral.email)) continue;
    if (!(await deps.inboundStore.countReferral(contact.id, MAX_REFERRALS_PER_CONTACT))) break;
    const [first, ...rest] = (referral.name ?? '').trim().split(/\s+/).filter(Boolean);
    const localPart = referral.email.split('@')[0] ?? referral.email;
    const firstName = first ?? localPart.split(/[._-]/)[0] ?? localPart;
    try {
      const report = await deps.workflow.importContacts(contact.campaignId, [
        {
          email: referral.email,
          firstName: firstName.charAt(0).toUpperCase() + firstName.slice(1),
          ...(rest.length > 0 ? { lastName: rest.join(' ') } : {}),
          timeZone: contact.timeZone || client?.timeZone,
          foundVia: { kind: 'referral', name: referrer, contactId: contact.id },
        },
      ]);
      added += report.created.length;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error; // an unusable address is skipped
    }
  }
  return added;
}
