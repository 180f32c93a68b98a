/**
 * The Store port on DynamoDB (one table, see `#shared/table-definition.ts` for the key design).
 *
 * Round trips of a dispatched email: getContact (GetItem), claimSend (PutItem, or one
 * TransactWriteItems when it also checks the suppression list), applyTransition (one
 * TransactWriteItems). Campaign stats: one GetItem.
 *
 * SDK errors are translated here and nowhere else: failed conditions become VersionConflict (or the
 * outcome value a method documents), throttling / 5xx / network become RetryableError, the rest
 * PermanentError. A transaction cancelled only because another transaction touched the same item
 * (`TransactionConflict`) is retried here a few times with jitter: it is safe, every transaction
 * carries its own conditions, and it lets concurrent writers see the real outcome (a version
 * conflict) instead of a spurious retryable error.
 */
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '#domain/email.ts';
import {
  NotFound,
  PermanentError,
  RetryableError,
  ValidationError,
  VersionConflict,
} from '#domain/errors.ts';
import { bareMessageId } from '#domain/message-id.ts';
import type {
  CampaignPatch,
  CampaignStats,
  ClaimOutcome,
  ImportReport,
  Page,
  ReclaimOutcome,
  SendRecord,
  Store,
  Suppression,
} from '#domain/ports/store.ts';
import {
  type Campaign,
  type Client,
  type Contact,
  STAGES,
  type Stage,
  type SuppressionReason,
  type TimelineEntry,
} from '#domain/types.ts';
import { keys, TABLE } from '#shared/table-definition.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export interface DynamoStoreOptions {
  tableName: string;
  /** DynamoDB Local, e.g. `http://127.0.0.1:8000`. */
  endpoint?: string;
  region?: string;
  /** A ready client (tests pass one with a middleware that counts requests). Wins over endpoint/region. */
  client?: DynamoDBClient;
  /** Contacts written in parallel by importContacts (default 16). */
  importConcurrency?: number;
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;
interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

/** Attributes of the table that are not part of the domain objects. */
const INTERNAL = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity', TABLE.ttlAttribute]);
const TOTAL = 'total';
const MAX_TRANSACT_ATTEMPTS = 8;

export function makeDynamoStore(options: DynamoStoreOptions): Store {
  const TableName = options.tableName;
  const client =
    options.client ??
    new DynamoDBClient({
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.region ? { region: options.region } : {}),
    });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const importConcurrency = Math.max(1, options.importConcurrency ?? 16);

  // ---- plumbing ---------------------------------------------------------------------------

  async function send<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translate(error, what);
    }
  }

  async function get(key: { PK: string; SK: string }): Promise<Item | undefined> {
    const out = await send(`get ${key.PK}`, () =>
      doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true })),
    );
    return out.Item;
  }

  async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await send('query', () =>
        doc.send(
          new QueryCommand({ TableName, ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }),
        ),
      );
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /**
   * One TransactWriteItems. `onCancel` turns the cancellation reasons into the error (or value) the
   * caller wants; reasons it does not claim fall through to the generic translation.
   */
  async function transact(
    what: string,
    items: TransactItem[],
    onCancel: (reasons: CancellationReason[]) => Error | undefined,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw translate(error, what);
        const claimed = onCancel(reasons);
        if (claimed) throw claimed;
        const conflictOnly = reasons.every((r) => r.Code === 'None' || r.Code === 'TransactionConflict');
        if (conflictOnly && attempt < MAX_TRANSACT_ATTEMPTS) {
          await sleep(Math.random() * Math.min(200, 10 * 2 ** attempt));
          continue;
        }
        throw translate(error, what);
      }
    }
  }

  async function batchDelete(itemKeys: { PK: string; SK: string }[]): Promise<void> {
    for (let i = 0; i < itemKeys.length; i += 25) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] =
        itemKeys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > 8) throw new RetryableError(`batch delete: ${requests.length} items left unprocessed`);
        const out = await send('batch delete', () =>
          doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } })),
        );
        requests = out.UnprocessedItems?.[TableName] ?? [];
        if (requests.length > 0) await sleep(Math.random() * Math.min(1000, 25 * 2 ** attempt));
      }
    }
  }

  // ---- items --------------------------------------------------------------------------------

  function contactItem(contact: Contact): Item {
    return {
      ...contact,
      ...keys.contact(contact.id),
      GSI1PK: keys.stageOfCampaign(contact.campaignId, contact.stage),
      GSI1SK: keys.boardSort(contact.createdAt, contact.id),
      entity: 'contact',
    };
  }

  function timelineItem(entry: TimelineEntry, version: number): Item {
    return { ...entry, ...keys.timeline(entry.contactId, entry.at, version), entity: 'timeline' };
  }

  /** An item a contact owns outside its partition: findable by GSI1 for erasure. */
  function owned(key: { PK: string; SK: string }, contactId: string, entity: string, rest: Item): Item {
    return { ...rest, ...key, GSI1PK: keys.ownedBy(contactId), GSI1SK: key.PK, entity, contactId };
  }

  function messageIdLookupPut(contact: Contact, messageId: string, sendKey?: string): TransactItem {
    const key = keys.messageId(bareMessageId(messageId));
    return {
      Put: {
        TableName,
        Item: owned(key, contact.id, 'message-id', {
          campaignId: contact.campaignId,
          ...(sendKey ? { sendKey } : {}),
        }),
      },
    };
  }

  function countersUpdate(
    campaignId: string,
    delta: Partial<Record<Stage | typeof TOTAL, number>>,
  ): TransactItem {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const parts = Object.entries(delta).map(([attribute, by], i) => {
      names[`#c${i}`] = attribute;
      values[`:c${i}`] = by;
      return `#c${i} :c${i}`;
    });
    return {
      Update: {
        TableName,
        Key: keys.counters(campaignId),
        UpdateExpression: `ADD ${parts.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  async function contactFromLookup(key: { PK: string; SK: string }): Promise<Contact | undefined> {
    const lookup = await get(key);
    const contactId = lookup?.contactId;
    return typeof contactId === 'string' ? getContact(contactId) : undefined;
  }

  async function getContact(contactId: string): Promise<Contact | undefined> {
    const item = await get(keys.contact(contactId));
    return item ? strip<Contact>(item) : undefined;
  }

  // ---- the store ----------------------------------------------------------------------------

  return {
    async putClient(clientRecord: Client) {
      await send('put client', () =>
        doc.send(
          new PutCommand({
            TableName,
            Item: { ...clientRecord, ...keys.client(clientRecord.id), entity: 'client' },
          }),
        ),
      );
    },

    async getContactContext({ contactId, clientId, campaignId }) {
      const wanted = [keys.contact(contactId), keys.client(clientId), keys.campaign(campaignId)];
      const found: Item[] = [];
      let requested: Record<string, unknown>[] = wanted;
      for (let attempt = 1; requested.length > 0; attempt++) {
        if (attempt > 8) throw new RetryableError(`batch get: ${requested.length} keys left unprocessed`);
        const out = await send(`get context of ${contactId}`, () =>
          doc.send(
            new BatchGetCommand({ RequestItems: { [TableName]: { Keys: requested, ConsistentRead: true } } }),
          ),
        );
        found.push(...(out.Responses?.[TableName] ?? []));
        requested = out.UnprocessedKeys?.[TableName]?.Keys ?? [];
        if (requested.length > 0) await sleep(Math.random() * Math.min(1000, 25 * 2 ** attempt));
      }
      const pick = <T>(key: { PK: string; SK: string }) => {
        const item = found.find((i) => i.PK === key.PK && i.SK === key.SK);
        return item ? strip<T>(item) : undefined;
      };
      return {
        contact: pick<Contact>(wanted[0] as { PK: string; SK: string }),
        client: pick<Client>(wanted[1] as { PK: string; SK: string }),
        campaign: pick<Campaign>(wanted[2] as { PK: string; SK: string }),
      };
    },

    async getClient(clientId) {
      const item = await get(keys.client(clientId));
      return item ? strip<Client>(item) : undefined;
    },

    async putCampaign(campaign: Campaign) {
      const names: Record<string, string> = { '#campaignId': 'campaignId', '#entity': 'entity' };
      const sets = ['#campaignId = :id', '#entity = :entity'];
      [...STAGES, TOTAL].forEach((attribute, i) => {
        names[`#c${i}`] = attribute;
        sets.push(`#c${i} = if_not_exists(#c${i}, :zero)`);
      });
      await transact(
        `put campaign ${campaign.id}`,
        [
          {
            Put: {
              TableName,
              Item: {
                ...campaign,
                ...keys.campaign(campaign.id),
                GSI1PK: keys.campaignsOfClient(campaign.clientId),
                GSI1SK: keys.boardSort(campaign.createdAt, campaign.id),
                entity: 'campaign',
              },
            },
          },
          {
            Update: {
              TableName,
              Key: keys.counters(campaign.id),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: { ':id': campaign.id, ':entity': 'counters', ':zero': 0 },
            },
          },
        ],
        () => undefined,
      );
    },

    async getCampaign(campaignId) {
      const item = await get(keys.campaign(campaignId));
      return item ? strip<Campaign>(item) : undefined;
    },

    async listCampaigns(clientId) {
      const items = await queryAll({
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.campaignsOfClient(clientId) },
      });
      return items.map((item) => strip<Campaign>(item));
    },

    async updateCampaign(campaignId, patch: CampaignPatch) {
      const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
      if (fields.length === 0) {
        const current = await get(keys.campaign(campaignId));
        if (!current) throw new NotFound('campaign', campaignId);
        return strip<Campaign>(current);
      }
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = fields.map(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:f${i}`] = value;
        return `#f${i} = :f${i}`;
      });
      try {
        const out = await doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.campaign(campaignId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        );
        return strip<Campaign>(out.Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFound('campaign', campaignId);
        throw translate(error, `update campaign ${campaignId}`);
      }
    },

    async getCampaignStats(campaignId) {
      const item = await get(keys.counters(campaignId));
      if (!item) return undefined;
      const byStage = Object.fromEntries(STAGES.map((stage) => [stage, Number(item[stage] ?? 0)])) as Record<
        Stage,
        number
      >;
      return { campaignId, total: Number(item[TOTAL] ?? 0), byStage } satisfies CampaignStats;
    },

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

      const outcomes = await mapPool(toWrite, importConcurrency, async ({ index, contact }) => {
        const dedupeKey = keys.dedupe(campaignId, contact.email);
        const entry: TimelineEntry = {
          contactId: contact.id,
          at: contact.createdAt,
          event: 'imported',
          from: contact.stage,
          to: contact.stage,
        };
        const duplicate = await transact(
          `import contact ${contact.id}`,
          [
            {
              Put: {
                TableName,
                Item: contactItem(contact),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Put: {
                TableName,
                Item: owned(dedupeKey, contact.id, 'dedupe', { campaignId, email: contact.email }),
                ConditionExpression: 'attribute_not_exists(PK)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            {
              Put: {
                TableName,
                Item: owned(keys.replyToken(contact.replyToken), contact.id, 'reply-token', { campaignId }),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            { Put: { TableName, Item: timelineItem(entry, contact.version) } },
            countersUpdate(campaignId, { [contact.stage]: 1, [TOTAL]: 1 }),
          ],
          (reasons) => {
            if (reasons[1]?.Code === 'ConditionalCheckFailed') {
              return new Decided({ existingContactId: reasons[1].Item?.contactId?.S });
            }
            if (reasons[0]?.Code === 'ConditionalCheckFailed')
              return new VersionConflict('contact', contact.id);
            if (reasons[2]?.Code === 'ConditionalCheckFailed') {
              return new PermanentError(`reply token of contact ${contact.id} is taken`, 'ReplyTokenTaken');
            }
            return undefined;
          },
        ).then(() => undefined, decided<{ existingContactId: string | undefined }>);
        return { index, contact, duplicate };
      });

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

    async findContactByEmail(campaignId, email) {
      return contactFromLookup(keys.dedupe(campaignId, normaliseEmail(email)));
    },

    async findContactByReplyToken(token) {
      return contactFromLookup(keys.replyToken(token));
    },

    async findContactByMessageId(messageId) {
      return contactFromLookup(keys.messageId(bareMessageId(messageId)));
    },

    async listContactsByStage(campaignId, stage, page = {}) {
      const limit = page.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        throw ValidationError.of('limit', 'must be an integer from 1 to 1000');
      }
      const partition = keys.stageOfCampaign(campaignId, stage);
      const start = page.cursor === undefined ? undefined : decodeCursor(page.cursor, partition);
      const out = await send('list contacts by stage', () =>
        doc.send(
          new QueryCommand({
            TableName,
            IndexName: TABLE.gsi1.indexName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
            ExpressionAttributeValues: { ':pk': partition },
            Limit: limit,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      const result: Page<Contact> = { items: (out.Items ?? []).map((item) => strip<Contact>(item)) };
      if (out.LastEvaluatedKey) result.cursor = encodeCursor(out.LastEvaluatedKey);
      return result;
    },

    async applyTransition(before, result, extras = {}) {
      const after = result.contact;
      assertSameIdentity(before, after);
      if (result.timeline.contactId !== after.id) {
        throw new Error(`timeline entry of ${result.timeline.contactId} given for contact ${after.id}`);
      }
      const items: TransactItem[] = [
        {
          Put: {
            TableName,
            Item: contactItem(after),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': before.version },
          },
        },
        { Put: { TableName, Item: timelineItem(result.timeline, after.version) } },
      ];
      if (before.stage !== after.stage) {
        items.push(countersUpdate(after.campaignId, { [before.stage]: -1, [after.stage]: 1 }));
      }
      let sendIndex = -1;
      const { sendCommit, messageIdLookup } = extras;
      if (sendCommit) {
        sendIndex = items.length;
        items.push({
          Update: {
            TableName,
            Key: keys.send(sendCommit.key),
            UpdateExpression: 'SET #state = :sent, #messageId = :messageId, #sentAt = :at REMOVE #leaseUntil',
            ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: {
              '#state': 'state',
              '#messageId': 'messageId',
              '#sentAt': 'sentAt',
              '#leaseUntil': 'leaseUntil',
            },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':pending': 'pending',
              ':messageId': bareMessageId(sendCommit.messageId),
              ':at': after.updatedAt,
            },
          },
        });
        items.push(messageIdLookupPut(after, sendCommit.messageId, sendCommit.key));
      }
      if (messageIdLookup && bareMessageId(messageIdLookup) !== bareMessageId(sendCommit?.messageId ?? '')) {
        items.push(messageIdLookupPut(after, messageIdLookup));
      }
      let inboundIndex = -1;
      const inboundMessageId = extras.inboundMessageId ? bareMessageId(extras.inboundMessageId) : undefined;
      if (inboundMessageId) {
        inboundIndex = items.length;
        items.push({
          Put: {
            TableName,
            Item: owned(keys.inbound(inboundMessageId), after.id, 'inbound', { at: after.updatedAt }),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          },
        });
      }
      await transact(`apply transition to ${after.id}`, items, (reasons) => {
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return new VersionConflict('contact', after.id);
        if (sendCommit && reasons[sendIndex]?.Code === 'ConditionalCheckFailed') {
          return new VersionConflict('send', sendCommit.key);
        }
        if (inboundMessageId && reasons[inboundIndex]?.Code === 'ConditionalCheckFailed') {
          return new VersionConflict('inbound', inboundMessageId);
        }
        return undefined;
      });
    },

    async listTimeline(contactId) {
      const items = await queryAll({
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': TABLE.partitionKey, '#sk': TABLE.sortKey },
        ExpressionAttributeValues: {
          ':pk': keys.contactPartition(contactId),
          ':prefix': keys.timelinePrefix,
        },
        ConsistentRead: true,
      });
      return items.map((item) => strip<TimelineEntry>(item));
    },

    async eraseContact(contactId) {
      let erased = false;
      let itemsDeleted = 0;
      for (let attempt = 1; !erased; attempt++) {
        const contact = await getContact(contactId);
        if (!contact) break;
        const ownIt = {
          ConditionExpression: 'attribute_not_exists(PK) OR #contactId = :id',
          ExpressionAttributeNames: { '#contactId': 'contactId' },
          ExpressionAttributeValues: { ':id': contactId },
        };
        try {
          await transact(
            `erase contact ${contactId}`,
            [
              {
                Delete: {
                  TableName,
                  Key: keys.contact(contactId),
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': contact.version },
                },
              },
              countersUpdate(contact.campaignId, { [contact.stage]: -1, [TOTAL]: -1 }),
              { Delete: { TableName, Key: keys.dedupe(contact.campaignId, contact.email), ...ownIt } },
              { Delete: { TableName, Key: keys.replyToken(contact.replyToken), ...ownIt } },
            ],
            (reasons) =>
              reasons[0]?.Code === 'ConditionalCheckFailed'
                ? new VersionConflict('contact', contactId)
                : undefined,
          );
          erased = true;
          itemsDeleted += 3;
        } catch (error) {
          // Changed between our read and the delete: read again (the counters must see the stage we delete).
          if (!(error instanceof VersionConflict) || attempt >= 5) throw error;
        }
      }
      // The rest: timeline (its own partition) and everything the contact owns elsewhere (GSI1).
      const rest = [
        ...(await queryAll({
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId) },
          ConsistentRead: true,
        })),
        ...(await queryAll({
          IndexName: TABLE.gsi1.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.ownedBy(contactId) },
        })),
      ].map((item) => ({ PK: String(item.PK), SK: String(item.SK) }));
      await batchDelete(rest);
      itemsDeleted += rest.length;
      return { erased, itemsDeleted };
    },

    async isSuppressed(email) {
      return (await get(keys.suppression(normaliseEmail(email)))) !== undefined;
    },

    async getSuppression(email) {
      const item = await get(keys.suppression(normaliseEmail(email)));
      return item ? strip<Suppression>(item) : undefined;
    },

    async suppress(email, reason: SuppressionReason, at) {
      const normalised = normaliseEmail(email);
      try {
        await doc.send(
          new PutCommand({
            TableName,
            Item: { ...keys.suppression(normalised), entity: 'suppression', email: normalised, reason, at },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return 'suppressed';
      } catch (error) {
        if (isConditionFailure(error)) return 'already_suppressed';
        throw translate(error, 'suppress');
      }
    },

    async claimSend(key, claim): Promise<ClaimOutcome> {
      const leaseUntil = new Date(Date.parse(claim.now) + claim.leaseMs).toISOString();
      const sendKey = keys.send(key);
      const record = owned(sendKey, claim.contactId, 'send', {
        key,
        step: claim.step,
        state: 'pending',
        claimedAt: claim.now,
        leaseUntil,
        attempts: 1,
      });
      const fromExisting = (old: Record<string, AttributeValue> | undefined): ClaimOutcome => {
        const existing = toSendRecord(decodeFlat(old));
        // A record deleted between our write and the failure report: treat as someone else's claim.
        if (!existing) return { outcome: 'in_progress', leaseUntil };
        if (existing.state === 'sent')
          return { outcome: 'already_sent', messageId: existing.messageId ?? '' };
        if (existing.leaseUntil && Date.parse(existing.leaseUntil) > Date.parse(claim.now)) {
          return { outcome: 'in_progress', leaseUntil: existing.leaseUntil };
        }
        return { outcome: 'expired', record: existing };
      };

      if (claim.email === undefined) {
        try {
          await doc.send(
            new PutCommand({
              TableName,
              Item: record,
              ConditionExpression: 'attribute_not_exists(PK)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          );
          return { outcome: 'claimed', leaseUntil };
        } catch (error) {
          if (isConditionFailure(error))
            return fromExisting((error as { Item?: Record<string, AttributeValue> }).Item);
          throw translate(error, `claim send ${key}`);
        }
      }

      const suppressionKey = keys.suppression(normaliseEmail(claim.email));
      const refused = await transact(
        `claim send ${key}`,
        [
          {
            ConditionCheck: {
              TableName,
              Key: suppressionKey,
              ConditionExpression: 'attribute_not_exists(PK)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Put: {
              TableName,
              Item: record,
              ConditionExpression: 'attribute_not_exists(PK)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
        ],
        (reasons) => {
          const [suppression, send] = reasons;
          if (send?.Code === 'ConditionalCheckFailed') {
            const existing = fromExisting(send.Item);
            if (existing.outcome === 'already_sent' || suppression?.Code !== 'ConditionalCheckFailed') {
              return new Decided(existing);
            }
          }
          if (suppression?.Code === 'ConditionalCheckFailed') {
            const reason = suppression.Item?.reason?.S as SuppressionReason | undefined;
            return new Decided<ClaimOutcome>({ outcome: 'suppressed', reason: reason ?? 'unsubscribed' });
          }
          return undefined;
        },
      ).then(() => undefined, decided<ClaimOutcome>);
      return refused ?? { outcome: 'claimed', leaseUntil };
    },

    async reclaimExpired(key, previousLeaseUntil, now, leaseMs): Promise<ReclaimOutcome> {
      if (Date.parse(previousLeaseUntil) > Date.parse(now)) {
        throw ValidationError.of('previousLeaseUntil', 'the lease has not expired yet');
      }
      const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.send(key),
            UpdateExpression: 'SET #leaseUntil = :lease, #claimedAt = :now ADD #attempts :one',
            ConditionExpression: '#state = :pending AND #leaseUntil = :previous',
            ExpressionAttributeNames: {
              '#leaseUntil': 'leaseUntil',
              '#claimedAt': 'claimedAt',
              '#attempts': 'attempts',
              '#state': 'state',
            },
            ExpressionAttributeValues: {
              ':lease': leaseUntil,
              ':now': now,
              ':one': 1,
              ':pending': 'pending',
              ':previous': previousLeaseUntil,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { outcome: 'reclaimed', leaseUntil };
      } catch (error) {
        if (!isConditionFailure(error)) throw translate(error, `reclaim send ${key}`);
        const record = toSendRecord(decodeFlat((error as { Item?: Record<string, AttributeValue> }).Item));
        return record ? { outcome: 'lost', record } : { outcome: 'lost' };
      }
    },

    async releaseSend(key) {
      try {
        await doc.send(
          new DeleteCommand({
            TableName,
            Key: keys.send(key),
            ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          }),
        );
        return 'released';
      } catch (error) {
        if (isConditionFailure(error)) return 'not_pending';
        throw translate(error, `release send ${key}`);
      }
    },

    async recordSendEvent(key, messageId, at = new Date().toISOString()) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: keys.send(key),
            UpdateExpression: 'SET #ses = :messageId, #sesAt = :at',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#ses': 'sesMessageId', '#sesAt': 'sesEventAt' },
            ExpressionAttributeValues: { ':messageId': bareMessageId(messageId), ':at': at },
          }),
        );
        return 'recorded';
      } catch (error) {
        if (isConditionFailure(error)) return 'unknown_key';
        throw translate(error, `record send event ${key}`);
      }
    },

    async getSendRecord(key) {
      return toSendRecord(await get(keys.send(key)));
    },
  };
}

// ---- helpers (pure) ---------------------------------------------------------------------------

/** A cancelled transaction whose reasons are an expected outcome, not an error: carries that outcome. */
class Decided<T> extends Error {
  constructor(readonly value: T) {
    super('decided');
  }
}

/** Rejection handler: unwraps a Decided outcome, rethrows anything else. */
function decided<T>(error: unknown): T {
  if (error instanceof Decided) return error.value as T;
  throw error;
}

function strip<T>(item: Item): T {
  const out: Item = {};
  for (const [name, value] of Object.entries(item)) if (!INTERNAL.has(name)) out[name] = value;
  return out as T;
}

function assertSameIdentity(before: Contact, after: Contact): void {
  // The lookups and keys written at import depend on these; a transition must not change them.
  for (const field of ['id', 'campaignId', 'email', 'replyToken', 'createdAt'] as const) {
    if (before[field] !== after[field]) throw new Error(`a transition cannot change contact.${field}`);
  }
  if (after.version !== before.version + 1) {
    throw new Error(`contact ${after.id}: version must go from ${before.version} to ${before.version + 1}`);
  }
}

function toSendRecord(item: Item | undefined): SendRecord | undefined {
  if (!item || typeof item.key !== 'string') return undefined;
  return strip<SendRecord>(item);
}

/** Items returned with a failed condition come back in wire format; ours are flat strings and numbers. */
function decodeFlat(item: Record<string, AttributeValue> | undefined): Item | undefined {
  if (!item) return undefined;
  const out: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) out[name] = value.S;
    else if (value.N !== undefined) out[name] = Number(value.N);
    else if (value.BOOL !== undefined) out[name] = value.BOOL;
  }
  return out;
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

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

const RETRYABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const RETRYABLE_CANCELLATION_CODES = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/** The one place a DynamoDB SDK error becomes a domain error. */
function translate(error: unknown, what: string): Error {
  if (!(error instanceof Error)) return new PermanentError(`${what}: ${String(error)}`, 'Unknown');
  if (error.name === 'ConditionalCheckFailedException') return new VersionConflict('item', what);
  const reasons = cancellationReasons(error);
  if (reasons) {
    const codes = reasons.map((r) => r.Code ?? 'None').filter((code) => code !== 'None');
    if (codes.includes('ConditionalCheckFailed')) return new VersionConflict('item', what);
    if (codes.length > 0 && codes.every((code) => RETRYABLE_CANCELLATION_CODES.has(code))) {
      return new RetryableError(`${what}: transaction cancelled (${codes.join(', ')})`, { cause: error });
    }
    return new PermanentError(`${what}: transaction cancelled (${codes.join(', ')})`, error.name, false, {
      cause: error,
    });
  }
  if (RETRYABLE_NAMES.has(error.name) || isTransient(error) || sdkError(error).$retryable !== undefined) {
    return new RetryableError(`${what}: ${error.name}: ${error.message}`, { cause: error });
  }
  const operatorAlert = error.name === 'ResourceNotFoundException' || error.name === 'AccessDeniedException';
  return new PermanentError(`${what}: ${error.name}: ${error.message}`, error.name, operatorAlert, {
    cause: error,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
