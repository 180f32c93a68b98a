/**
 * The ReputationStore port on DynamoDB: a campaign's and the consultancy's SES feedback counts (atomic
 * ADDs, never a scan) and the consultancy's stop flag, in the one table (keys in `table-definition.ts`).
 * A port of its own so that only the functions that count or show them carry it.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ReputationStore } from '#domain/ports/reputation.ts';
import type { FeedbackKind, SendingCounts } from '#domain/reputation.ts';
import { keys, reputationKeys, TABLE } from '#shared/table-definition.ts';
import type { Item, Key } from './dynamo/items.ts';
import { openTable, type TableOptions, type TransactItem } from './dynamo/table.ts';

/** How long a counted event is remembered: SES and EventBridge redeliver within hours, not weeks. */
const REMEMBER_SECONDS = 30 * 24 * 3600;

function countsOf(item: Item | undefined): SendingCounts {
  const n = (name: keyof SendingCounts) => Number(item?.[name] ?? 0);
  return { sends: n('sends'), hardBounces: n('hardBounces'), complaints: n('complaints') };
}

const ATTRIBUTE: Record<FeedbackKind, keyof SendingCounts> = {
  send: 'sends',
  hardBounce: 'hardBounces',
  complaint: 'complaints',
};

export function makeDynamoReputation(
  options: TableOptions,
  now: () => Date = () => new Date(),
): ReputationStore {
  const table = openTable(options);
  const { TableName } = table;
  const add = (Key: Key, kind: FeedbackKind): TransactItem => ({
    Update: {
      TableName,
      Key,
      UpdateExpression: 'ADD #count :one SET entity = :entity',
      ExpressionAttributeNames: { '#count': ATTRIBUTE[kind] },
      ExpressionAttributeValues: { ':one': 1, ':entity': 'reputation' },
    },
  });

  return {
    async countFeedback(kind, messageId, campaignId) {
      const marker = {
        ...reputationKeys.feedbackCounted(kind, messageId),
        entity: 'feedback-counted',
        [TABLE.ttlAttribute]: Math.floor(now().getTime() / 1000) + REMEMBER_SECONDS,
      };
      const items: TransactItem[] = [
        { Put: { TableName, Item: marker, ConditionExpression: 'attribute_not_exists(PK)' } },
        add(reputationKeys.consultancy, kind),
      ];
      if (campaignId !== undefined) items.push(add(reputationKeys.campaign(campaignId), kind));
      const repeat = await table.transact(`count ${kind} of ${messageId}`, items, (failed) =>
        failed(0) ? true : undefined,
      );
      return { repeat: repeat === true };
    },

    async counts(campaignId) {
      const read = [reputationKeys.consultancy, ...(campaignId ? [reputationKeys.campaign(campaignId)] : [])];
      const found = await table.batchGet('read reputation counts', read);
      const byPk = (pk: string) => found.find((i) => i.PK === pk && i.SK === 'REPUTATION');
      return {
        consultancy: countsOf(byPk(reputationKeys.consultancy.PK)),
        ...(campaignId ? { campaign: countsOf(byPk(reputationKeys.campaign(campaignId).PK)) } : {}),
      };
    },

    async stopSending(stop) {
      const out = await table.write(
        'stop sending',
        new PutCommand({
          TableName,
          Item: { ...keys.sendingStop, entity: 'sending-stop', ...stop },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return out.written;
    },

    async sendingStop() {
      const item = await table.get(keys.sendingStop);
      return item ? { reason: String(item.reason), at: String(item.at) } : undefined;
    },

    async resumeSending() {
      await table.write('resume sending', new DeleteCommand({ TableName, Key: keys.sendingStop }));
    },
  };
}
