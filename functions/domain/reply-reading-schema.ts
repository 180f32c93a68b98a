/**
 * The one schema a reply reading must satisfy — the rules reader's (`reply/read-reply.ts`) and the
 * model reader's JSON output (`ports/model-reader.ts`) alike: an intent, its details, a confidence.
 * A model answer that does not parse is not used (the rules reading stands).
 */
import * as z from 'zod/mini';
import { REPLY_INTENTS } from './types.ts';

/** The intents a reading may answer: the domain's one list (a model's `reschedule` included). */
export const READING_INTENTS = REPLY_INTENTS;

/** The fields a reading carries, checked (formats, bounds); a model's extra keys are dropped. */
export const replyReadingSchema = z.object({
  intent: z.enum(READING_INTENTS),
  /** out_of_office: the first day back (YYYY-MM-DD, the contact's zone). */
  returnDate: z.optional(z.iso.date()),
  /** accepted, reschedule: proposed meeting times, UTC ISO instants. */
  proposedTimes: z._default(z.array(z.iso.datetime({ offset: true })).check(z.maxLength(10)), []),
  /** referral: the people suggested. */
  referrals: z._default(
    z
      .array(z.object({ email: z.email(), name: z.optional(z.string().check(z.maxLength(200))) }))
      .check(z.maxLength(10)),
    [],
  ),
  /** 0 (a guess) … 1 (certain). */
  confidence: z.number().check(z.gte(0), z.lte(1)),
  /** Short evidence for the reading. */
  reasons: z._default(z.array(z.string().check(z.maxLength(300))).check(z.maxLength(10)), []),
});

export type CheckedReading = z.output<typeof replyReadingSchema>;
