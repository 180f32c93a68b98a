/**
 * One contact per employer: a reply from anyone at an employer (the matched contact, or a colleague
 * writing from the same domain) pauses the rest of that employer's queue in the campaign — the
 * contacts still waiting for their outreach (`queued`) and those whose outreach went out with no
 * answer yet (`contacted`: their follow-ups stop). A referral is never held back, and the one who
 * replied goes on as the reply says. The client is told in the forwarded reply.
 */
import {
  colleaguesAtDomain,
  employerDomainOf,
  employerName,
  employerOf,
  queuesByEmployer,
} from '#domain/employer.ts';
import { TransitionRefused, VersionConflict } from '#domain/errors.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Contact, ReplyIntent } from '#domain/types.ts';
import type { Workflow } from './workflow.ts';

export interface EmployerQueueDeps {
  store: Pick<Store, 'getCampaign' | 'listContactsByStage'>;
  workflow: Pick<Workflow, 'pauseContact'>;
}

/** What the client is told: the employer, and how many of its contacts were paused. */
export interface EmployerPaused {
  employer: string;
  paused: number;
}

const WAITING = ['queued', 'contacted'] as const;

/** An automatic reply says nothing about the employer's interest: it pauses nobody. */
export function pausesEmployer(intent: ReplyIntent): boolean {
  return intent !== 'out_of_office';
}

export async function pauseEmployerQueue(
  deps: EmployerQueueDeps,
  replied: Contact,
): Promise<EmployerPaused | undefined> {
  const employer = employerOf(replied);
  if (employer === undefined) return undefined;
  const campaign = await deps.store.getCampaign(replied.campaignId);
  if (!campaign || campaign.policy.onePerEmployer === false) return undefined;
  const waiting = await waitingIn(deps, replied.campaignId);
  const colleagues = waiting.filter(
    (c) => c.id !== replied.id && queuesByEmployer(c) && employerOf(c) === employer,
  );
  const paused = await pauseContacts(deps, colleagues);
  return paused === 0 ? undefined : { employer: employerName(replied), paused };
}

/** The contacts of a campaign still waiting for their outreach or an answer to it. */
async function waitingIn(
  deps: { store: Pick<Store, 'listContactsByStage'> },
  campaignId: string,
): Promise<Contact[]> {
  const waiting: Contact[] = [];
  for (const stage of WAITING) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listContactsByStage(campaignId, stage, { limit: 1000, cursor });
      waiting.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  return waiting;
}

/** Pauses each contact that still can be: how many were. */
export async function pauseContacts(
  deps: Pick<EmployerQueueDeps, 'workflow'>,
  contacts: Contact[],
): Promise<number> {
  let paused = 0;
  for (const contact of contacts) {
    try {
      await deps.workflow.pauseContact(contact.id);
      paused++;
    } catch (error) {
      // Moved on meanwhile (replied, suppressed, paused): nothing to hold back.
      if (!(error instanceof TransitionRefused || error instanceof VersionConflict)) throw error;
    }
  }
  return paused;
}

/** In one campaign, the contacts a reply from the employer's domain concerns, and the one the client is told about. */
export interface DomainReplyQueue {
  /** The contact at the employer the client's forward names (the one contacted, else the first waiting). */
  contact: Contact;
  /** What the client is told: the employer, and how many contacts there are paused. */
  employerPaused: EmployerPaused;
  /** The employer's waiting contacts: to pause. */
  waiting: Contact[];
}

/**
 * A reply from someone at an employer's domain that matches no contact (a colleague, an assistant):
 * in every active campaign keeping one contact per employer, the employer's waiting contacts —
 * those at that domain and their colleagues at the same company (`from`: the sender's address).
 * Campaigns are found client by client (no index by domain: a consultancy has hundreds of clients,
 * and unmatched replies are rare). Webmail domains concern no one. Pause them with `pauseContacts`
 * after the client's forward is scheduled: a retry finds what is still waiting, the forward once.
 */
export async function employerQueuesOfDomain(
  deps: {
    store: Pick<Store, 'listClients' | 'listCampaigns' | 'listContactsByStage' | 'findContactByEmail'>;
  },
  from: string,
): Promise<DomainReplyQueue[]> {
  const domain = employerDomainOf(from);
  if (domain === undefined) return [];
  const sender = from.trim().toLowerCase();
  const queues: DomainReplyQueue[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listClients({ limit: 1000, cursor });
    for (const client of page.items) {
      for (const campaign of await deps.store.listCampaigns(client.id)) {
        if (campaign.status !== 'active' || campaign.policy.onePerEmployer === false) continue;
        // A contact writing outside the thread is no one else: attached, it acts as that contact's reply.
        if (await deps.store.findContactByEmail(campaign.id, sender)) continue;
        const concerned = colleaguesAtDomain(await waitingIn(deps, campaign.id), domain);
        const told = concerned.find((c) => c.stage === 'contacted') ?? concerned[0];
        if (!told) continue;
        queues.push({
          contact: told,
          employerPaused: { employer: employerName(told), paused: concerned.length },
          waiting: concerned,
        });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return queues;
}
