import type { Campaign, Client, Contact, ReplyIntent, Step } from '../types.ts';

/** A composed MIME message, ready for `Mailer.sendRaw`. */
export interface ComposedEmail {
  raw: Buffer;
  /** Envelope recipients. */
  to: string[];
}

/** Whom and when an email is for: the contact as read, its client and campaign, and the send time. */
export interface EmailContext {
  contact: Contact;
  client: Client;
  campaign: Campaign;
  now: Date;
}

/** A contact's reply as it is forwarded to the client (classification on top). */
export interface ForwardedReply {
  intent: ReplyIntent;
  fromName: string;
  fromEmail: string;
  subject: string;
  /** The reply's new text (quoted history stripped). */
  text: string;
  /**
   * Said first in the forward: the reading is unsure (waits for review), the message failed DMARC, or
   * someone else at the contact's employer wrote (a reply from its domain matching no contact).
   */
  flag?: 'unsure' | 'dmarc_fail' | 'employer';
  /** One contact per employer: the employer's other contacts this reply paused (the client is told). */
  employerPaused?: { employer: string; paused: number };
}

/**
 * Renders and composes the emails rapport sends (`#mail/email-builder.ts`: precompiled templates,
 * Liquid, nodemailer's composer). Throws EmailRefused (a PermanentError) when an email cannot be
 * built from the data it was given.
 */
export interface EmailBuilder {
  /** The email of a planned step (outreach, follow-ups, meeting emails, client reminders). */
  step(input: EmailContext & { step: Step }): Promise<ComposedEmail>;
  /** A contact's reply, forwarded to the client. */
  replyForward(input: EmailContext & { reply: ForwardedReply }): Promise<ComposedEmail>;
  /** The METHOD:CANCEL of the contact's meeting at `sequence`. */
  cancellation(input: EmailContext & { sequence: number }): Promise<ComposedEmail>;
}
