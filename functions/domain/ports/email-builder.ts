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
 * A reminder that asks the client for something (issue 15): its reply address's token, and the other
 * contacts an update reminder lists (one reply serves all).
 */
export interface ClientReplyAsk {
  token: string;
  others?: Contact[];
}

/** What rapport answers a client's reply to a reminder (issue 15). */
export interface ClientAnswer {
  kind: 'line_added' | 'line_too_late' | 'held' | 'update_added' | 'refused';
  /** The personal line or the update, as it will appear. */
  text?: string;
  /** When the thank-you or the update goes (or went): UTC. */
  at?: string;
  /** The contacts the update goes to (first names and last names). */
  names?: string[];
  /** Why nothing changed (`refused`). */
  reason?: string;
}

/** The answer's words, made by the inbound function (`#mail/client-answer-words.ts`): the dispatch function only lays them out. */
export interface ClientAnswerWords {
  kind: ClientAnswer['kind'];
  subject: string;
  lead: string;
  /** Quoted under the lead: the line or the update's paragraphs. */
  paragraphs: string[];
  after: string;
}

/**
 * Renders and composes the emails rapport sends (`#mail/email-builder.ts`: precompiled templates,
 * Liquid, nodemailer's composer). Throws EmailRefused (a PermanentError) when an email cannot be
 * built from the data it was given.
 */
export interface EmailBuilder {
  /** The email of a planned step (outreach, follow-ups, meeting emails, client reminders). */
  step(input: EmailContext & { step: Step; clientReply?: ClientReplyAsk }): Promise<ComposedEmail>;
  /** The answer to a client's reply to a reminder (issue 15). */
  clientAnswer(input: EmailContext & { answer: ClientAnswerWords }): Promise<ComposedEmail>;
  /** A contact's reply, forwarded to the client. */
  replyForward(input: EmailContext & { reply: ForwardedReply }): Promise<ComposedEmail>;
  /** The METHOD:CANCEL of the contact's meeting at `sequence`. */
  cancellation(input: EmailContext & { sequence: number }): Promise<ComposedEmail>;
}
