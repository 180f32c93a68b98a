/**
 * One contact per employer: a reply from anyone at an employer (the matched contact, or a colleague
 * writing from the same domain) pauses the rest of that employer's queue in the campaign — the
 * contacts still waiting for their outreach (`queued`) and those whose outreach went out with no
 * answer yet (`contacted`: their follow-ups stop). A referral is never held back, and the one who
 * replied goes on as the reply says. The client is told in the forwarded reply.
 */
import { employerName, employerOf, queuesByEmployer } from '#domain/employer.ts';
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
  const waiting: Contact[] = [];
  for (const stage of WAITING) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.listContactsByStage(replied.campaignId, stage, { limit: 1000, cursor });
      waiting.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
  }
  const colleagues = waiting.filter(
    (c) => c.id !== replied.id && queuesByEmployer(c) && employerOf(c) === employer,
  );
  let paused = 0;
  for (const colleague of colleagues) {
    try {
      await deps.workflow.pauseContact(colleague.id);
      paused++;
    } catch (error) {
      // Moved on meanwhile (replied, suppressed, paused): nothing to hold back.
      if (!(error instanceof TransitionRefused || error instanceof VersionConflict)) throw error;
    }
  }
  return paused === 0 ? undefined : { employer: employerName(replied), paused };
}
