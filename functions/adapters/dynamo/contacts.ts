/**
 * Contacts: import (with dedupe per campaign), reads by id and by lookup (email, reply token,
 * Message-ID), the pipeline board and the timeline.
 */
import { normaliseEmail } from '#domain/email.ts';
import { PermanentError, ValidationError, VersionConflict } from '#domain/errors.ts';
import type { ImportReport, Page, Store } from '#domain/ports/store.ts';
import type { Campaign, Client, Contact, TimelineEntry } from '#domain/types.ts';
import { keys, TABLE } from '../table-definition.ts';
import {
  bareMessageId,
  contactItem,
  countersUpdate,
  IS_NEW,
  IS_NEW_OR_OLD,
  type Key,
  owned,
  strip,
  TOTAL,
  timelineItem,
} from './items.ts';
import type { Table } from './table.ts';

type ContactMethods =
  | 'importContacts'
  | 'getContact'
  | 'getContactContext'
  | 'findContactByEmail'
  | 'findContactByReplyToken'
  | 'findContactByMessageId'
  | 'listContactsByStage'
  | 'listTimeline';

export function makeContacts(table: Table, importConcurrency: number): Pick<Store, ContactMethods> {
  const { TableName } = table;
  const getContact = (contactId: string) => table.read<Contact>(keys.contact(contactId));

  async function contactFromLookup(key: Key): Promise<Contact | undefined> {
    const lookup = await table.get(key);
    const contactId = lookup?.contactId;
    return typeof contactId === 'string' ? getContact(contactId) : undefined;
  }

  /** One contact with its dedupe, reply-token, timeline and counters items; a duplicate is a value. */
  function importOne(campaignId: string, contact: Contact) {
    const entry: TimelineEntry = {
      contactId: contact.id,
      at: contact.createdAt,
      event: 'imported',
      from: contact.stage,
      to: contact.stage,
    };
    const dedupe = owned(keys.dedupe(campaignId, contact.email), contact.id, 'dedupe', {
      campaignId,
      email: contact.email,
    });
    return table.transact<{ existingContactId: string | undefined }>(
      `import contact ${contact.id}`,
      [
        { Put: { TableName, Item: contactItem(contact), ...IS_NEW } },
        {
          Put: {
            TableName,
            Item: dedupe,
            ...IS_NEW_OR_OLD,
          },
        },
        {
          Put: {
            TableName,
            Item: owned(keys.replyToken(contact.replyToken), contact.id, 'reply-token', { campaignId }),
            ...IS_NEW,
          },
        },
        { Put: { TableName, Item: timelineItem(entry, contact.version) } },
        countersUpdate(TableName, campaignId, { [contact.stage]: 1, [TOTAL]: 1 }),
      ],
      (failed) => {
        const duplicate = failed(1);
        if (duplicate) return { existingContactId: duplicate.Item?.contactId?.S };
        if (failed(0)) return new VersionConflict('contact', contact.id);
        if (failed(2)) {
          return new PermanentError(`reply token of contact ${contact.id} is taken`, 'ReplyTokenTaken');
        }
        return undefined;
      },
    );
  }

  return {
    async importContacts(campaignId, contacts) {
      // Validate everything before writing anything.
      const prepared = contacts.map((raw, index) => {
        if (raw.campaignId !== campaignId) {
          throw ValidationError.of(`contacts[${index}].campaignId`, `must be ${campaignId}`);
        }
        return { index, contact: { ...raw, email: normaliseEmail(raw.email, `contacts[${index}].email`) } };
      });

      const report: ImportReport = { created: [], duplicates: [] };
      const firstOfEmail = new Map<string, string>();
      const toWrite: typeof prepared = [];
      for (const entry of prepared) {
        const earlier = firstOfEmail.get(entry.contact.email);
        if (earlier !== undefined) {
          report.duplicates.push({
            index: entry.index,
            email: entry.contact.email,
            existingContactId: earlier,
          });
        } else {
          firstOfEmail.set(entry.contact.email, entry.contact.id);
          toWrite.push(entry);
        }
      }

      const outcomes = await mapPool(toWrite, importConcurrency, async ({ index, contact }) => ({
        index,
        contact,
        duplicate: await importOne(campaignId, contact),
      }));

      for (const outcome of outcomes) {
        if (outcome.duplicate) {
          const { existingContactId } = outcome.duplicate;
          report.duplicates.push({
            index: outcome.index,
            email: outcome.contact.email,
            ...(existingContactId ? { existingContactId } : {}),
          });
        } else {
          report.created.push(outcome.contact);
        }
      }
      report.duplicates.sort((a, b) => a.index - b.index);
      return report;
    },

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
      const partition = keys.stageOfCampaign(campaignId, stage);
      const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, partition);
      const out = await table.query('list contacts by stage', {
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': partition },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      const result: Page<Contact> = { items: (out.Items ?? []).map(strip<Contact>) };
      if (out.LastEvaluatedKey) result.cursor = encodeCursor(out.LastEvaluatedKey);
      return result;
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

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. Waits for all before throwing. */
async function mapPool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
  return results;
}
