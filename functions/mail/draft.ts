/**
 * What every email shares: the inputs of the builders, the contact's and the client's envelope and
 * layout data, and the last step — render, compose the MIME message, refuse it when too large.
 */
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { ClientReplyAsk, ForwardedReply } from '#domain/ports/email-builder.ts';
import type { Campaign, Client, Contact, Step } from '#domain/types.ts';

export type { ForwardedReply };

import { type Address, type Attachment, type ComposeInput, composeMessage } from './compose.ts';
import type { SigningMailConfig } from './config.ts';
import { EmailRefused } from './errors.ts';
import { clientAddress, newMessageId, notificationsAddress, replyAddress } from './headers.ts';
import { renderTemplate, type TemplateName } from './render.ts';
import { clientData, consultancyData, contactData, fullName, signatureLines } from './template-data.ts';
import { signUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token.ts';

/** SES SendRawEmail (v1) refuses messages over 10 MB. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface BuildEmailInput {
  step: Step;
  contact: Contact;
  client: Client;
  campaign: Campaign;
  config: SigningMailConfig;
  blobs: BlobStore;
  now: Date;
  /** Unused by buildContactEmail; see forwardReply. */
  reply?: ForwardedReply;
  /** A client reminder that asks for something: its reply address (issue 15). */
  clientReply?: ClientReplyAsk;
}

export type ForwardReplyInput = Omit<BuildEmailInput, 'step' | 'reply'> & { reply: ForwardedReply };
export type CancellationInput = Omit<BuildEmailInput, 'step' | 'reply'> & {
  /** SEQUENCE of the cancellation (the Effect's); defaults to contact.meeting.sequence. */
  sequence?: number;
};

export interface BuiltEmail {
  raw: Buffer;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  template: TemplateName;
  /** What was composed into `raw` (a preview shows it). */
  message: ComposeInput;
}

export interface Draft {
  template: TemplateName;
  data: Record<string, unknown>;
  from: Address;
  to: Address;
  replyTo?: Address;
  listUnsubscribeUrl?: string;
  inReplyTo?: string;
  references?: string[];
  autoSubmitted?: boolean;
  attachments?: Attachment[];
}

/** The context every builder reads: who, for which campaign, with which configuration, when. */
export type EmailContext = Omit<BuildEmailInput, 'step' | 'reply'>;

/** Renders the draft and composes the MIME message; refuses it over the SES size limit. */
export async function finish(
  draft: Draft,
  { config, now }: Pick<EmailContext, 'config' | 'now'>,
): Promise<BuiltEmail> {
  const rendered = renderTemplate(draft.template, draft.data);
  const message: ComposeInput = {
    from: draft.from,
    to: [draft.to],
    replyTo: draft.replyTo,
    subject: rendered.subject,
    date: now,
    messageId: newMessageId(config),
    inReplyTo: draft.inReplyTo,
    references: draft.references,
    text: rendered.text,
    html: rendered.html,
    listUnsubscribeUrl: draft.listUnsubscribeUrl,
    autoSubmitted: draft.autoSubmitted,
    attachments: draft.attachments,
  };
  const raw = await composeMessage(message);
  if (raw.length > MAX_MESSAGE_BYTES) {
    const mb = (raw.length / 1024 / 1024).toFixed(1);
    throw new EmailRefused(
      'MessageTooLarge',
      draft.template,
      `message is ${mb} MB (${raw.length} bytes), over the 10 MB SES limit`,
      { sizeBytes: raw.length },
    );
  }
  return { raw, to: [draft.to.address], subject: rendered.subject, template: draft.template, message };
}

/**
 * An email to the contact: From the client, Reply-To the contact's reply address, List-Unsubscribe,
 * and the layout data every contact template shares, with `data` on top.
 */
export function toContact(input: EmailContext, template: TemplateName, data: Record<string, unknown>): Draft {
  const { contact, client, config } = input;
  const token = signUnsubscribeToken(contact.id, config.unsubscribeKey);
  const url = unsubscribeUrl(config.unsubscribeBaseUrl, token);
  return {
    template,
    from: clientAddress(client, config),
    to: { name: fullName(contact.firstName, contact.lastName), address: contact.email },
    replyTo: replyAddress(contact, client, config),
    listUnsubscribeUrl: url,
    data: {
      consultancy: consultancyData(config),
      unsubscribeUrl: url,
      signature: signatureLines(client.signature),
      contact: contactData(contact),
      client: clientData(client),
      ...data,
    },
  };
}

/** An email to the client: from the consultancy's notifications address, auto-submitted, `data` on top. */
export function toClient(input: EmailContext, template: TemplateName, data: Record<string, unknown>): Draft {
  const { contact, client, config } = input;
  return {
    template,
    from: notificationsAddress(config),
    to: { name: fullName(client.firstName, client.lastName), address: client.email },
    autoSubmitted: true,
    data: {
      consultancy: consultancyData(config),
      client: { firstName: client.firstName },
      contact: contactData(contact),
      ...data,
    },
  };
}
