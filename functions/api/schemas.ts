/**
 * The input of every operation, as zod/mini schemas: the types and the sizes here, then the domain's
 * own parsers (`parseClient`, `parseCampaignFields` → `parsePolicy`) for everything they know.
 * Unknown keys are refused: a misspelt field silently ignored is worse than an error.
 */
import * as z from 'zod/mini';
// zod's default messages have one home: domain/validation.ts sets them.
import '#domain/validation.ts';

const text = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));

export const clientFields = {
  firstName: text(100),
  lastName: text(100),
  email: text(254),
  /** The part before the @ of the sending address on the consultancy's domain. */
  senderLocalPart: text(64),
  timeZone: text(64),
  /** The field the client is exploring ("UX research"). */
  field: text(200),
  /** The background line: one or two sentences the outreach introduces the client with. */
  introduction: text(1000),
};

/** The client's sign-off (optional; line breaks allowed, other control characters refused by parseClient). */
const signature = text(500);

/** How the outreach offers the client's resume: attached (default), as a signed link, or not at all. */
const resumeMode = z.enum(['attach', 'link', 'none'], { error: 'must be attach, link or none' });
/** The assigned coach's sign-in email: set by an admin (a coach creating a client is assigned to it). */
const coach = text(254);

export const createClientInput = z.strictObject({
  ...clientFields,
  signature: z.optional(signature),
  resumeMode: z.optional(resumeMode),
  coach: z.optional(coach),
});
export const updateClientInput = z.partial(z.strictObject({ ...clientFields, signature, resumeMode, coach }));

/** A policy (or part of one): its fields are checked by parsePolicy, which names each one. */
const policy = z.record(z.string(), z.unknown());
const question = z.strictObject({ domain: text(40), text: text(300), tiara: z.optional(text(40)) });
const questionBank = z.array(question).check(z.maxLength(50, 'must have at most 50 questions'));
/** `seed` or `tiara` (checked by parseCampaignFields, which names it). */
const questionFramework = text(40);

export const createCampaignInput = z.strictObject({
  name: text(200),
  policy: z.optional(policy),
  questionBank: z.optional(questionBank),
  questionFramework: z.optional(questionFramework),
});

export const updateCampaignInput = z.strictObject({
  name: z.optional(text(200)),
  /** Merged over the campaign's current policy (one level deep), then checked as a whole. */
  policy: z.optional(policy),
  /** Replaces the bank; it must still fill the campaign's framework. */
  questionBank: z.optional(questionBank),
  questionFramework: z.optional(questionFramework),
});

export type CreateClientInput = z.infer<typeof createClientInput>;
export type UpdateClientInput = z.infer<typeof updateClientInput>;
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;
export type UpdateCampaignInput = z.infer<typeof updateCampaignInput>;

/** An import as JSON: the contacts themselves (checked row by row by the job), or an uploaded file. */
export const importInput = z.strictObject({
  contacts: z.optional(z.array(z.unknown())),
  uploadKey: z.optional(text(300)),
});
export type ImportInput = z.infer<typeof importInput>;

/** A launch: no body, or the coach's override of the outreach check with a reason (recorded on the campaign). */
export const launchInput = z.optional(
  z.strictObject({
    override: z.optional(
      z.strictObject({
        reason: z.string().check(
          z.refine((v) => v.trim().length > 0, 'is required: why the outreach goes out despite the check'),
          z.maxLength(500, 'must be at most 500 characters'),
        ),
      }),
    ),
  }),
);
export type LaunchInput = z.infer<typeof launchInput>;
