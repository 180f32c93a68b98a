/**
 * The funnel: how far contacts got — contacted, replied, accepted, met, thanked — counted once per
 * contact per milestone (the first time it is reached), with the days to a reply and to the meeting
 * kept as small day histograms next to the counters, so a report is one read and never a scan.
 *
 * A contact records when it first reached each milestone (`Contact.funnel`, set by `markFunnel` in
 * every transition); the store adds `funnelCounts(before, after)` to the campaign's counters item in
 * the transaction that writes the contact on its version, so a duplicated or concurrent delivery of
 * the same event (which loses on the version, or finds the milestone already marked) never counts
 * twice. Pure.
 *
 * Decisions:
 * - A milestone implies the ones before it (a meeting booked by phone counts as a reply and an
 *   acceptance, at the booking): the funnel never widens downwards.
 * - replied: a human reply applied to the contact (it stopped the reminders, declined, accepted, or
 *   asked to unsubscribe); an out-of-office or a reply held for review is not one (until resolved).
 * - accepted: a reply read as `accepted`, or a meeting booked.
 * - met: the meeting held, at its start; thanked: the thank-you sent.
 * - Days to reply / to the meeting are whole days from the outreach, in the buckets DAY_BUCKETS.
 *   Contacts that reached milestones before the funnel existed (no `funnel` on them yet) are counted
 *   when they next move, but add nothing to the histograms (their reply time is unknown).
 */
import type { Contact, ContactEvent, ContactEventType, Stage } from './types.ts';

export const MILESTONES = ['contacted', 'replied', 'accepted', 'met', 'thanked'] as const;
export type Milestone = (typeof MILESTONES)[number];
/** When a contact first reached each milestone (UTC instants). */
export type FunnelMarks = Partial<Record<Milestone, string>>;

/** Lower bounds (days) of the histogram buckets; the last one is open (90 days or more). */
export const DAY_BUCKETS = [0, 1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 30, 60, 90] as const;
export const HISTOGRAMS = ['replyDays', 'meetingDays'] as const;
export type Histogram = (typeof HISTOGRAMS)[number];

/** The counters' names: `funnel.<milestone>` and `funnel.<histogram>.<bucket lower bound>`. */
export const milestoneCounter = (m: Milestone) => `funnel.${m}`;
export const bucketCounter = (h: Histogram, lowerDays: number) => `funnel.${h}.${lowerDays}`;
/** The counter set with the first count: when counting began (campaigns older than the funnel). */
export const COUNTED_SINCE = 'funnelCountedSince';

const DAY_MS = 86_400_000;
const AFTER_REPLY: readonly Stage[] = ['meeting_booked', 'confirmed', 'met', 'thanked', 'keeping_in_touch'];
const REPLIED: readonly Stage[] = ['replied', 'declined', ...AFTER_REPLY];
const MET: readonly Stage[] = ['met', 'thanked', 'keeping_in_touch'];
const THANKED: readonly Stage[] = ['thanked', 'keeping_in_touch'];

/** The bucket (its lower bound) of a whole number of days. */
export function dayBucket(days: number): number {
  let lower: number = DAY_BUCKETS[0];
  for (const b of DAY_BUCKETS) if (days >= b) lower = b;
  return lower;
}

/** `after` with the milestones it reached by this transition marked (the ones already marked kept). */
export function markFunnel(
  before: Contact,
  after: Contact,
  event: ContactEvent | ContactEventType,
  at: string,
): Contact {
  const stage = after.stage === 'paused' ? (after.pausedFrom ?? 'paused') : after.stage;
  const marks: FunnelMarks = { ...before.funnel };
  // A reply held for review is not taken as one until a person resolves it.
  const reply =
    typeof event !== 'string' && event.type === 'reply_received' && event.review?.action !== 'hold'
      ? event
      : undefined;
  // Milestones move with the stage or a reply; anything else (a late send record…) changes nothing.
  if (before.stage === after.stage && reply === undefined) return after;
  const replied = reply !== undefined && (REPLIED.includes(stage) || after.stage === 'unsubscribed');
  const reached: Record<Milestone, boolean> = {
    thanked: THANKED.includes(stage),
    met: MET.includes(stage),
    accepted: AFTER_REPLY.includes(stage) || (replied && reply?.intent === 'accepted'),
    replied,
    contacted: after.sent.some((s) => s.step === 'outreach'),
  };
  // From the last milestone back: each one reached implies the ones before it.
  let implied = false;
  for (const m of [...MILESTONES].reverse()) {
    implied ||= reached[m];
    const wanted = m === 'contacted' ? reached[m] : implied;
    if (marks[m] !== undefined || !wanted) continue;
    marks[m] =
      m === 'contacted'
        ? (after.sent.find((s) => s.step === 'outreach')?.at ?? at)
        : m === 'met'
          ? (after.meeting?.start ?? at)
          : at;
  }
  if (MILESTONES.every((m) => marks[m] === before.funnel?.[m])) return after;
  return { ...after, funnel: marks };
}

/** What the counters gain from a transition: +1 per milestone newly marked, and its histogram bucket. */
export function funnelCounts(before: Contact, after: Contact): Record<string, number> {
  const counts: Record<string, number> = {};
  const since = before.funnel?.contacted;
  for (const m of MILESTONES) {
    const at = after.funnel?.[m];
    if (at === undefined || before.funnel?.[m] !== undefined) continue;
    counts[milestoneCounter(m)] = 1;
    const histogram: Histogram | undefined =
      m === 'replied' ? 'replyDays' : m === 'met' ? 'meetingDays' : undefined;
    if (histogram && since !== undefined) {
      const days = Math.max(0, Math.floor((Date.parse(at) - Date.parse(since)) / DAY_MS));
      counts[bucketCounter(histogram, dayBucket(days))] = 1;
    }
  }
  return counts;
}
