/** Clients and campaigns written: every one checked by the domain's parsers first (nothing stored unchecked). */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parseCampaignFields } from '#domain/campaign-input.ts';
import { parseClient } from '#domain/client-input.ts';
import { NotFound, ValidationError } from '#domain/errors.ts';
import type { CampaignPatch, Store } from '#domain/ports/store.ts';
import { type Campaign, STAGES } from '#domain/types.ts';
import { keys } from '#shared/table-definition.ts';
import { statusVersionIs } from './campaign-status.ts';
import { strip, TOTAL } from './items.ts';
import type { Table } from './table.ts';

export function makeCampaignWrites(
  table: Table,
): Pick<Store, 'putClient' | 'putCampaign' | 'updateCampaign' | 'changeCampaignStatus'> {
  const { TableName } = table;
  return {
    async putClient(client) {
      const parsed = parseClient(client);
      const sort = keys.boardSort(client.createdAt, client.id);
      // The client, and its copy in its coach's list (none without a coach): together or not at all.
      await table.transact(`put client ${client.id}`, [
        {
          Put: {
            TableName,
            Item: {
              ...parsed,
              ...keys.client(client.id),
              GSI1PK: keys.allClients,
              GSI1SK: sort,
              entity: 'client',
            },
          },
        },
        parsed.coach === undefined
          ? { Delete: { TableName, Key: keys.coachOfClient(client.id) } }
          : {
              Put: {
                TableName,
                Item: {
                  ...parsed,
                  ...keys.coachOfClient(client.id),
                  GSI1PK: keys.clientsOfCoach(parsed.coach),
                  GSI1SK: sort,
                  entity: 'client-of-coach',
                },
              },
            },
      ]);
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
              ...parseCampaignFields(campaign),
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

    async updateCampaign(campaignId, patch) {
      if ('status' in (patch as CampaignPatch & { status?: unknown })) {
        throw ValidationError.of('status', 'changes only by launch, pause or resume (a versioned write)');
      }
      const fields = Object.entries(parseCampaignFields(patch)).filter(([, value]) => value !== undefined);
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

    async changeCampaignStatus(campaignId, status, ifVersion, pausedReason) {
      const at = ifVersion === undefined ? undefined : statusVersionIs(ifVersion);
      // Resuming clears why it paused itself; a pause with a reason records it; one without keeps it.
      const set = status === 'paused' && pausedReason !== undefined ? ', #pausedReason = :pausedReason' : '';
      const remove = status === 'active' ? ' REMOVE #pausedReason' : '';
      const out = await table.write(
        `change status of campaign ${campaignId}`,
        new UpdateCommand({
          TableName,
          Key: keys.campaign(campaignId),
          UpdateExpression: `SET #status = :status${set}${remove} ADD #statusVersion :one`,
          ConditionExpression: `attribute_exists(PK)${at ? ` AND ${at.expression}` : ''}`,
          ExpressionAttributeNames: {
            '#status': 'status',
            '#statusVersion': 'statusVersion',
            ...(set || remove ? { '#pausedReason': 'pausedReason' } : {}),
          },
          ExpressionAttributeValues: {
            ':status': status,
            ':one': 1,
            ...at?.values,
            ...(set ? { ':pausedReason': pausedReason } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (out.written) return { outcome: 'changed', campaign: strip<Campaign>(out.attributes ?? {}) };
      const current = await table.read<Campaign>(keys.campaign(campaignId));
      if (!current) throw new NotFound('campaign', campaignId);
      return { outcome: 'conflict', campaign: current };
    },
  };
}
