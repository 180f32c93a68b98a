/**
 * When a reading waits for a person (`needsReview`): its confidence is below the threshold — the
 * reader's default, or a campaign's `policy.reviewThreshold`. Apart from the reader so that the
 * functions deciding it (inbound) need not bundle the reader for it.
 */

/** Below this confidence a reading is flagged `needsReview` (a campaign's policy may set its own). */
export const NEEDS_REVIEW_BELOW = 0.6;

/** Whether a reading of `confidence` waits for a person, under a campaign's `policy.reviewThreshold`. */
export function needsReviewUnder(confidence: number, reviewThreshold: number = NEEDS_REVIEW_BELOW): boolean {
  return confidence < reviewThreshold;
}
