import type { FeedbackKind, SendingCounts, SendingStop } from '../reputation.ts';

/** The reputation counters and the consultancy's stop flag (see `#domain/reputation.ts`). */
export interface ReputationStore {
  /**
   * Counts feedback `kind` of message `messageId` for its campaign (when known) and for the
   * consultancy, in one atomic write, once per message and kind: a repeated delivery counts nothing
   * and answers `repeat: true`.
   */
  countFeedback(
    kind: FeedbackKind,
    messageId: string,
    campaignId: string | undefined,
  ): Promise<{ repeat: boolean }>;
  /** The consultancy's counts and, with `campaignId`, the campaign's (all zero before any feedback), in one read. */
  counts(campaignId?: string): Promise<{ campaign?: SendingCounts; consultancy: SendingCounts }>;
  /** Sets the consultancy's stop flag; `false` when it was set already (the first reason stays). */
  stopSending(stop: SendingStop): Promise<boolean>;
  sendingStop(): Promise<SendingStop | undefined>;
  /** A person clears the stop flag. */
  resumeSending(): Promise<void>;
}

/** Notices to the consultancy's operations address (plain text; not about one contact). */
export interface OperationsNotices {
  notify(notice: { subject: string; text: string }): Promise<void>;
}
