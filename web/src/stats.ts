/**
 * A campaign's figures from its counters (`GET /campaigns/{id}/stats`: `total`, `byStage`), as the
 * dashboard shows them. The counters say where each contact is now, so "ever contacted" is every
 * contact past `queued`, "replied" every contact in a stage only a reply leads to. Pure.
 */
import type { Stage } from '#domain/types.ts';

export interface CampaignStats {
  total: number;
  byStage: Partial<Record<Stage, number>>;
}

const REPLIED: Stage[] = [
  'replied',
  'meeting_booked',
  'confirmed',
  'met',
  'thanked',
  'keeping_in_touch',
  'declined',
];
const MET: Stage[] = ['met', 'thanked', 'keeping_in_touch'];
const NOT_YET_SENT: Stage[] = ['prospect', 'queued'];

export interface CampaignFigures {
  contacted: number;
  replied: number;
  meetingsHeld: number;
  /** Shares of `contacted`, 0–1; undefined before anything went out. */
  replyRate?: number;
  bounceRate?: number;
  complaintRate?: number;
}

export function campaignFigures(stats: CampaignStats): CampaignFigures {
  const count = (stages: Stage[]) => stages.reduce((n, s) => n + (stats.byStage[s] ?? 0), 0);
  // Paused contacts may not have been contacted yet: they are left out of the base.
  const contacted = Math.max(0, stats.total - count(NOT_YET_SENT) - count(['paused']));
  const rate = (n: number) => (contacted > 0 ? n / contacted : undefined);
  const replied = count(REPLIED);
  return {
    contacted,
    replied,
    meetingsHeld: count(MET),
    replyRate: rate(replied),
    bounceRate: rate(count(['bounced'])),
    complaintRate: rate(count(['complained'])),
  };
}

export const percent = (share: number | undefined) =>
  share === undefined ? '—' : `${(share * 100).toFixed(share > 0 && share < 0.1 ? 1 : 0)}%`;
