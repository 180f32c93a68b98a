import type { Finding } from '../outreach-check.ts';
import type { Step } from '../types.ts';
import type { EmailContext } from './email-builder.ts';

/** The email of a step as its recipient gets it (`GET /contacts/{contactId}/preview/{step}`). */
export interface EmailPreview {
  step: Step;
  subject: string;
  text: string;
  html: string;
  /** File names, in the message's order. */
  attachments: string[];
  /** The headers a person or a mail client acts on; absent ones are left out. */
  headers: {
    from: string;
    to: string;
    replyTo?: string;
    listUnsubscribe?: string;
    listUnsubscribePost?: string;
    inReplyTo?: string;
    references?: string;
    autoSubmitted?: string;
  };
  /** The outreach only: the outreach check's findings (`#domain/outreach-check.ts`), errors first. */
  check?: { findings: Finding[] };
}

/**
 * The email a step would send, built by the same builder as the send (`#mail/email-preview.ts`);
 * nothing is sent. Throws EmailRefused, like the send, when the step cannot be built from the data.
 */
export interface EmailPreviewer {
  step(input: EmailContext & { step: Step }): Promise<EmailPreview>;
}
