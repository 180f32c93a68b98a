/**
 * The email for a step: picks the template, builds its data from the contact, client, campaign and
 * configuration, renders (Liquid only), fetches and makes the attachments, and composes the MIME
 * message the dispatch handler hands to the Mailer. Everything that can be wrong with the email is
 * refused here, before SES is called, with an EmailRefused naming what is wrong.
 *
 * Decisions:
 * - The outreach requires the client's resume (DESIGN: "the client's resume attached"); a client
 *   without `resumeKey` is refused rather than sent without it.
 * - A follow-up requires the outreach's Message-ID ("my note below" must have a note below).
 * - The .ics ORGANIZER is the client by name with the contact's reply address, so a calendar
 *   RSVP comes back through rapport's inbound instead of bouncing off the send-only domain.
 * - Emails to the client come from `<notificationsLocalPart>@<senderDomain>` under the
 *   consultancy's name, carry `Auto-Submitted: auto-generated` and no List-Unsubscribe.
 *
 * This module routes a step to the builder of its family; what the emails share lives in draft.ts
 * (inputs, envelope, assembly), template-data.ts, headers.ts and attachments.ts.
 */
import {
  meetingTomorrowDraft,
  personalLineDraft,
  thankReferrerDraft,
  updateReminderDraft,
} from './client-reminders.ts';
import { followUpDraft, keepInTouchDraft, numbered, outreachDraft, thankYouDraft } from './contact-emails.ts';
import { type BuildEmailInput, type BuiltEmail, type Draft, finish } from './draft.ts';
import { EmailRefused } from './errors.ts';
import { buildCancellation, confirmationDraft } from './meeting-emails.ts';
import { forwardReply } from './reply-forward.ts';

export {
  type BuildEmailInput,
  type BuiltEmail,
  type CancellationInput,
  type ForwardedReply,
  type ForwardReplyInput,
  MAX_MESSAGE_BYTES,
} from './draft.ts';
export { messageIdHeader } from './headers.ts';
export { buildCancellation, forwardReply };

/** The email for `step` (see types.ts Step), ready for Mailer.sendRaw. Throws EmailRefused. */
export async function buildContactEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  return finish(await draftFor(input), input);
}

function draftFor(input: BuildEmailInput): Draft | Promise<Draft> {
  const { step } = input;
  if (step === 'outreach') return outreachDraft(input);
  const followUpNumber = numbered(step, 'follow-up');
  if (followUpNumber !== undefined) return followUpDraft(input, followUpNumber);
  if (step === 'confirmation') return confirmationDraft(input);
  if (step === 'thank-you') return thankYouDraft(input);
  if (numbered(step, 'keep-in-touch') !== undefined) return keepInTouchDraft(input);
  if (step === 'client-meeting-tomorrow') return meetingTomorrowDraft(input);
  if (step === 'client-personal-line') return personalLineDraft(input);
  if (step === 'client-thank-referrer') return thankReferrerDraft(input);
  const updateNumber = numbered(step, 'client-update');
  if (updateNumber !== undefined) return updateReminderDraft(input, updateNumber);
  throw new EmailRefused('NotAnEmail', step, `step ${step} is not an email`);
}
