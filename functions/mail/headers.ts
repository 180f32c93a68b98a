/** Addresses and Message-IDs of the emails rapport sends. */

import { randomUUID } from 'node:crypto';
import { bareMessageId } from '#domain/message-id.ts';
import type { Client, Contact } from '#domain/types.ts';
import type { Address } from './compose.ts';
import type { MailConfig } from './config.ts';
import { fullName } from './template-data.ts';

export function clientAddress(client: Client, config: MailConfig): Address {
  return {
    name: fullName(client.firstName, client.lastName),
    address: `${client.senderLocalPart}@${config.senderDomain}`,
  };
}

export function replyAddress(contact: Contact, client: Client, config: MailConfig): Address {
  return {
    name: fullName(client.firstName, client.lastName),
    address: `reply+${contact.replyToken}@${config.inboundDomain}`,
  };
}

/** The client's reply address of a reminder that asks for something (issue 15). */
export function clientReplyAddress(
  token: string,
  config: Pick<MailConfig, 'consultancyName' | 'inboundDomain'>,
): Address {
  return { name: config.consultancyName, address: `client+${token}@${config.inboundDomain}` };
}

export function notificationsAddress(
  config: Pick<MailConfig, 'consultancyName' | 'senderDomain' | 'notificationsLocalPart'>,
): Address {
  return {
    name: config.consultancyName,
    address: `${config.notificationsLocalPart ?? 'rapport'}@${config.senderDomain}`,
  };
}

/** The stored SES MessageId as a header value `<id@domain>`. */
export function messageIdHeader(id: string, config: Pick<MailConfig, 'sesMessageIdDomain'>): string {
  const bare = bareMessageId(id);
  return bare.includes('@') ? `<${bare}>` : `<${bare}@${config.sesMessageIdDomain ?? 'email.amazonses.com'}>`;
}

export function newMessageId(config: MailConfig): string {
  return `<${randomUUID()}@${config.senderDomain}>`;
}
