import type { CheckedReading } from '../reply-reading-schema.ts';

/** What the model reads: the reply's new text (quoted history and signature stripped) and its context. */
export interface ModelReadInput {
  subject: string;
  /** The new text only, as the rules reader cut it. */
  text: string;
  receivedAt: Date;
  contactTimeZone: string;
  /** A meeting is booked with the contact: only then can a reply ask to move it (`reschedule`). */
  hasMeeting?: boolean;
}

/**
 * A second reader of replies (Amazon Bedrock in AWS, off by default): answers a reading checked
 * against `replyReadingSchema`, or throws (error, throttling, timeout, invalid output) — the rules
 * reading then stands.
 */
export interface ModelReader {
  /** The model's name, for the reading's reasons and the logs. */
  readonly model: string;
  read(input: ModelReadInput): Promise<CheckedReading>;
}
