/**
 * Auto-pause on reputation (issue 13 item 5), driven by the SES feedback path: every Send, hard
 * bounce and complaint is counted once per message (atomic ADDs, `ReputationStore`); when a
 * campaign's counts reach CAMPAIGN_LIMITS it pauses itself with the reason stored on it, the
 * operations address is told, and its contacts are paused — only a person resumes it
 * (`POST /campaigns/{id}/resume` clears the reason). When the consultancy's counts reach
 * CONSULTANCY_LIMITS the stop flag every send claim checks is set, and the operations address told.
 *
 * Idempotent: a repeated event counts nothing but is checked again, so a delivery that failed after
 * the count still pauses. Only the request that changed the status tells the operations address.
 */
import type { Clock } from '#domain/ports/clock.ts';
import type { OperationsNotices, ReputationStore } from '#domain/ports/reputation.ts';
import type { Store } from '#domain/ports/store.ts';
import {
  CAMPAIGN_LIMITS,
  CONSULTANCY_LIMITS,
  type FeedbackKind,
  reputationBreach,
} from '#domain/reputation.ts';

export interface ReputationGuardDeps {
  counters: ReputationStore;
  store: Pick<Store, 'getCampaign' | 'changeCampaignStatus'>;
  /** The workflow's campaign pause: pauses every contact in motion (the status is paused already). */
  pauseCampaign(campaignId: string): Promise<unknown>;
  notices: OperationsNotices;
  clock: Clock;
}

export type GuardOutcome = {
  counted: boolean;
  /** Set when this event paused the campaign (or completed a pause an earlier delivery began). */
  campaignPaused?: string;
  /** Set when this event stopped the consultancy's sending. */
  sendingStopped?: string;
};

export function makeReputationGuard(deps: ReputationGuardDeps) {
  async function pauseCampaign(campaignId: string, reason: string, repeat: boolean): Promise<boolean> {
    const campaign = await deps.store.getCampaign(campaignId);
    if (!campaign) return false;
    if (campaign.status === 'paused') {
      // A redelivery: the first delivery may have failed after the status, before the contacts.
      if (repeat && campaign.pausedReason !== undefined) await deps.pauseCampaign(campaignId);
      return false;
    }
    if (campaign.status !== 'active') return false;
    const change = await deps.store.changeCampaignStatus(
      campaignId,
      'paused',
      campaign.statusVersion ?? 0,
      reason,
    );
    if (change.outcome !== 'changed') return false; // someone else changed it meanwhile
    await deps.notices.notify({
      subject: `rapport: campaign "${campaign.name}" paused itself`,
      text: [
        `The campaign "${campaign.name}" (${campaignId}) paused itself: ${reason}.`,
        'Nothing more is sent for it until a person resumes it (POST /campaigns/{id}/resume,',
        `or: rapport campaigns resume ${campaignId}). Check the list before resuming.`,
      ].join('\n'),
    });
    await deps.pauseCampaign(campaignId);
    return true;
  }

  async function stopSending(reason: string): Promise<boolean> {
    const stopped = await deps.counters.stopSending({ reason, at: deps.clock.now().toISOString() });
    if (!stopped) return false;
    await deps.notices.notify({
      subject: 'rapport: all sending stopped',
      text: [
        `Every send of the consultancy is stopped: ${reason}, close to the rates at which SES`,
        'reviews the account (5 % bounces, 0.1 % complaints). Nothing is sent until a person clears',
        'the stop (POST /sending/resume).',
      ].join('\n'),
    });
    return true;
  }

  /** Counts one feedback event and pauses or stops what it must. */
  async function record(
    kind: FeedbackKind,
    messageId: string,
    campaignId: string | undefined,
  ): Promise<GuardOutcome> {
    const { repeat } = await deps.counters.countFeedback(kind, messageId, campaignId);
    const outcome: GuardOutcome = { counted: !repeat };
    // A send only lowers the rates: a bounce or complaint is what reaches a limit (decision: a bounce
    // that came before the 20th send is acted on by the next bounce or complaint).
    if (kind === 'send') return outcome;
    const counts = await deps.counters.counts(campaignId);
    const forCampaign = counts.campaign && reputationBreach(counts.campaign, CAMPAIGN_LIMITS);
    if (campaignId !== undefined && forCampaign && (await pauseCampaign(campaignId, forCampaign, repeat)))
      outcome.campaignPaused = forCampaign;
    const forAll = reputationBreach(counts.consultancy, CONSULTANCY_LIMITS);
    if (forAll && (await stopSending(forAll))) outcome.sendingStopped = forAll;
    return outcome;
  }

  return { record };
}

export type ReputationGuard = ReturnType<typeof makeReputationGuard>;
