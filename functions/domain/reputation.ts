/**
 * Sending reputation: when a campaign pauses itself, and when the whole consultancy stops sending,
 * from the counts of sends, hard bounces and complaints SES reported. Pure.
 *
 * SES reviews an account at 5 % bounces or 0.1 % complaints (and may pause its sending at 10 % /
 * 0.5 %). A campaign pauses itself well before that (hard bounces 2 %, complaints 0.1 %, once it has
 * 20 sends), so one bad list cannot harm the others; the consultancy stops everything before SES's
 * review (4 % / 0.08 % over its sends, once it has 500 — fewer are too few to be a rate).
 */

/** What SES reported for a campaign's (or the consultancy's) messages, each message counted once. */
export interface SendingCounts {
  sends: number;
  hardBounces: number;
  complaints: number;
}

/** A limit: rates in basis points (1 % = 100), applied once there are `minSends` sends. */
export interface ReputationLimits {
  minSends: number;
  hardBouncesBp: number;
  complaintsBp: number;
}

export const CAMPAIGN_LIMITS: ReputationLimits = { minSends: 20, hardBouncesBp: 200, complaintsBp: 10 };
export const CONSULTANCY_LIMITS: ReputationLimits = { minSends: 500, hardBouncesBp: 400, complaintsBp: 8 };

/** The kinds of SES feedback counted. */
export type FeedbackKind = 'send' | 'hardBounce' | 'complaint';

function percent(bp: number): string {
  return `${(bp / 100).toString()} %`;
}

function rate(count: number, sends: number): string {
  return `${((count / sends) * 100).toFixed(2)} %`;
}

/**
 * Why sending must stop for these counts under `limits`, or undefined. Integer arithmetic: the
 * limit is reached when count / sends ≥ bp / 10 000.
 */
export function reputationBreach(counts: SendingCounts, limits: ReputationLimits): string | undefined {
  const { sends, hardBounces, complaints } = counts;
  if (sends < limits.minSends) return undefined;
  if (hardBounces * 10_000 >= sends * limits.hardBouncesBp) {
    return `hard bounces ${hardBounces} of ${sends} sends (${rate(hardBounces, sends)}) reached the ${percent(limits.hardBouncesBp)} limit`;
  }
  if (complaints * 10_000 >= sends * limits.complaintsBp) {
    return `complaints ${complaints} of ${sends} sends (${rate(complaints, sends)}) reached the ${percent(limits.complaintsBp)} limit`;
  }
  return undefined;
}

/** The consultancy-wide stop: set once by the feedback path, cleared only by a person. */
export interface SendingStop {
  reason: string;
  at: string;
}
