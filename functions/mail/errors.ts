import { PermanentError } from '#domain/errors.ts';

export type EmailRefusalReason =
  | 'MissingVariable'
  | 'MissingAttachment'
  | 'MessageTooLarge'
  | 'NotAnEmail'
  | 'MissingMeeting';

/**
 * An email that cannot be built, refused before SES is called. Permanent for this step: the
 * dispatch records it on the timeline; sending again needs a change of data (not a retry).
 * The message names the template and what is wrong, e.g.
 * `template outreach: missing variable contact.firstName`.
 */
export class EmailRefused extends PermanentError {
  constructor(
    readonly reason: EmailRefusalReason,
    readonly template: string,
    message: string,
    readonly details: { variables?: string[]; attachment?: string; sizeBytes?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(`template ${template}: ${message}`, reason, false, options);
    this.name = 'EmailRefused';
  }
}
