/**
 * Contacts: reads by id and by lookup (email, reply token,
 * Message-ID) and the timeline.
 */
import { normaliseEmail } from '#domain/email.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Campaign, Client, Contact, TimelineEntry } from '#domain/types.ts';
import { keys, TABLE } from '#shared/table-definition.ts';
import { bareMessageId, type Key, strip } from './items.ts';
import type { Table } from './table.ts';

type ContactMethods =
  | 'getContact'
  | 'getContactContext'
  | 'findContactByEmail'
  | 'findContactByReplyToken'
  | 'findContactByMessageId'
  | 'listTimeline';

export function makeContacts(table: Table): Pick<Store, ContactMethods> {
  const getContact = (contactId: string) => table.read<Contact>(keys.contact(contactId));

  async function contactFromLookup(key: Key): Promise<Contact | undefined> {
    const lookup = await table.get(key);
    const contactId = lookup?.contactId;
    return typeof contactId === 'string' ? getContact(contactId) : undefined;
  }

  return {
    getContact,

    async getContactContext({ contactId, clientId, campaignId }) {
      const wanted = [keys.contact(contactId), keys.client(clientId), keys.campaign(campaignId)] as const;
      const found = await table.batchGet(`get context of ${contactId}`, [...wanted]);
      const pick = <T>(key: Key) => {
        const item = found.find((i) => i.PK === key.PK && i.SK === key.SK);
        return item ? strip<T>(item) : undefined;
      };
      return {
        contact: pick<Contact>(wanted[0]),
        client: pick<Client>(wanted[1]),
        campaign: pick<Campaign>(wanted[2]),
      };
    },

    findContactByEmail(campaignId, email) {
      return contactFromLookup(keys.dedupe(campaignId, normaliseEmail(email)));
    },

    findContactByReplyToken(token) {
      return contactFromLookup(keys.replyToken(token));
    },

    findContactByMessageId(messageId) {
      return contactFromLookup(keys.messageId(bareMessageId(messageId)));
    },

    async listTimeline(contactId) {
      const items = await table.queryAll({
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExpressionAttributeValues: {
          ':pk': keys.contactPartition(contactId),
          ':prefix': keys.timelinePrefix,
        },
        ConsistentRead: true,
      });
      return items.map(strip<TimelineEntry>);
    },
  };
}
