/** Clients, their campaigns and each campaign's counters (contacts per stage, in one item). */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFound } from '#domain/errors.ts';
import type { CampaignStats, Store } from '#domain/ports/store.ts';
import { type Campaign, type Client, STAGES, type Stage } from '#domain/types.ts';
import { keys, TABLE } from '../table-definition.ts';
import { strip, TOTAL } from './items.ts';
import type { Table } from './table.ts';

type CampaignMethods =
  | 'putClient'
  | 'getClient'
  | 'putCampaign'
  | 'getCampaign'
  | 'listCampaigns'
  | 'updateCampaign'
  | 'getCampaignStats';

export function makeCampaigns(table: Table): Pick<Store, CampaignMethods> {
  const { TableName } = table;
  return {
    async putClient(client) {
      await table.write(
        'put client',
        new PutCommand({ TableName, Item: { ...client, ...keys.client(client.id), entity: 'client' } }),
      );
    },

    async getClient(clientId) {
      return table.read<Client>(keys.client(clientId));
    },

    async putCampaign(campaign) {
      const names: Record<string, string> = { '#campaignId': 'campaignId', '#entity': 'entity' };
      const sets = ['#campaignId = :id', '#entity = :entity'];
      [...STAGES, TOTAL].forEach((attribute, i) => {
        names[`#c${i}`] = attribute;
        sets.push(`#c${i} = if_not_exists(#c${i}, :zero)`);
      });
      await table.transact(`put campaign ${campaign.id}`, [
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
      ]);
    },

    async getCampaign(campaignId) {
      return table.read<Campaign>(keys.campaign(campaignId));
    },

    async listCampaigns(clientId) {
      const items = await table.queryAll({
        IndexName: TABLE.gsi1.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE.gsi1.partitionKey },
        ExpressionAttributeValues: { ':pk': keys.campaignsOfClient(clientId) },
      });
      return items.map(strip<Campaign>);
    },

    async updateCampaign(campaignId, patch) {
      const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
      if (fields.length === 0) {
        const current = await table.read<Campaign>(keys.campaign(campaignId));
        if (!current) throw new NotFound('campaign', campaignId);
        return current;
      }
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      const sets = fields.map(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:f${i}`] = value;
        return `#f${i} = :f${i}`;
      });
      const out = await table.write(
        `update campaign ${campaignId}`,
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
      if (!out.written) throw new NotFound('campaign', campaignId);
      return strip<Campaign>(out.attributes ?? {});
    },

    async getCampaignStats(campaignId) {
      const item = await table.get(keys.counters(campaignId));
      if (!item) return undefined;
      const byStage = Object.fromEntries(STAGES.map((stage) => [stage, Number(item[stage] ?? 0)])) as Record<
        Stage,
        number
      >;
      return { campaignId, total: Number(item[TOTAL] ?? 0), byStage } satisfies CampaignStats;
    },
  };
}
