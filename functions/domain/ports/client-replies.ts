import type { ClientReplyToken } from '../client-reply.ts';
import type { Contact } from '../types.ts';

/**
 * The client's reply addresses (issue 15) and the contacts an update reminder may list. DynamoDB in
 * the one table (`#adapters/dynamo-client-replies.ts`): a port of its own, so that only the dispatch
 * function (which creates them) and the inbound function (which reads them) carry it.
 */
export interface ClientReplies {
  /** Records a new reply address (a random token: never taken). */
  create(token: ClientReplyToken): Promise<void>;
  /** The record of a token; undefined when unknown or expired. */
  find(token: string, now: Date): Promise<ClientReplyToken | undefined>;
  /** The campaign's contacts after the thank-you (thanked, keeping_in_touch): who else may be due an update. */
  keepingInTouch(campaignId: string): Promise<Contact[]>;
}
