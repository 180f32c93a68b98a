/**
 * Contacts: reads by id and by lookup (email, reply token,
 * Message-ID), the pipeline board and the timeline.
 */
import { normaliseEmail } from '#domain/email.ts';
import { ValidationError } from '#domain/errors.ts';
import type { Page, Store } from '#domain/ports/store.ts';
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
  | 'listContactsByStage'
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

    async listContactsByStage(campaignId, stage, page = {}) {
      const limit = page.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw ValidationError.of('limit', 'must be an integer from 1 to 1000');
      }
      return indexPage<Contact>(table, 'list contacts by stage', keys.stageOfCampaign(campaignId, stage), {
        limit,
        cursor: page.cursor,
      });
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

/**
 * One page of the GSI1 partition `partition`, in sort order (newest first with `backwards`); the
 * opaque cursor of the next page when there may be one. A cursor of another list is refused.
 */
export async function indexPage<T>(
  table: Table,
  what: string,
  partition: string,
  page: { limit: number; cursor?: string | undefined },
  backwards = false,
): Promise<Page<T>> {
  const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, partition);
  const out = await table.query(what, {
    IndexName: TABLE.gsi1.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
    ExpressionAttributeValues: { ':pk': partition },
    Limit: page.limit,
    ...(backwards ? { ScanIndexForward: false } : {}),
    ...(start ? { ExclusiveStartKey: start } : {}),
  });
  const result: Page<T> = { items: (out.Items ?? []).map(strip<T>) };
  if (out.LastEvaluatedKey) result.cursor = encodeCursor(out.LastEvaluatedKey);
  return result;
}

function encodeCursor(lastEvaluatedKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url');
}

function decodeCursor(cursor: string, partition: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.values(parsed).every((v) => typeof v === 'string') &&
    (parsed as Record<string, string>)[TABLE.gsi1.partitionKey] === partition;
  if (!valid) throw ValidationError.of('cursor', 'is not a cursor of this list');
  return parsed as Record<string, string>;
}
