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
  const paused = await pauseAll(deps, colleagues);
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
async function pauseAll(deps: Pick<EmployerQueueDeps, 'workflow'>, contacts: Contact[]): Promise<number> {
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

export interface EmployerDomainDeps {
  store: Pick<Store, 'listClients' | 'listCampaigns' | 'listContactsByStage'>;
  workflow: Pick<Workflow, 'pauseContact'>;
}

/** In one campaign, what a reply from the employer's domain paused, and the contact the client is told about. */
export interface DomainReplyPause {
  /** The contact at the employer the client's forward names (the one contacted, else the first waiting). */
  contact: Contact;
  employerPaused: EmployerPaused;
}

/**
 * A reply from someone at an employer's domain that matches no contact (a colleague, an assistant):
 * in every active campaign keeping one contact per employer, the employer's waiting contacts —
 * those at that domain and their colleagues at the same company — are paused, as a matched reply
 * pauses the rest of the queue (`from`: the sender's address). Campaigns are found client by client (no index by domain: a
 * consultancy has hundreds of clients, and unmatched replies are rare). Webmail domains match nothing.
 */
export async function pauseEmployerQueuesOfDomain(
  deps: EmployerDomainDeps,
  from: string,
): Promise<DomainReplyPause[]> {
  const domain = employerDomainOf(from);
  if (domain === undefined) return [];
  const pauses: DomainReplyPause[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listClients({ limit: 1000, cursor });
    for (const client of page.items) {
      for (const campaign of await deps.store.listCampaigns(client.id)) {
        if (campaign.status !== 'active' || campaign.policy.onePerEmployer === false) continue;
        // The sender's own contact (writing outside the thread) waits in the inbox to be attached.
        const concerned = colleaguesAtDomain(await waitingIn(deps, campaign.id), domain).filter(
          (c) => c.email.toLowerCase() !== from.trim().toLowerCase(),
        );
        const told = concerned.find((c) => c.stage === 'contacted') ?? concerned[0];
        if (!told) continue;
        const paused = await pauseAll(deps, concerned);
        if (paused > 0)
          pauses.push({ contact: told, employerPaused: { employer: employerName(told), paused } });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return pauses;
}
