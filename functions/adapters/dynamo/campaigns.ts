import type { CampaignStats, Store } from '#domain/ports/store.ts';
import { type Campaign, type Client, STAGES, type Stage } from '#domain/types.ts';
import { keys } from '#shared/table-definition.ts';
import { strip, TOTAL } from './items.ts';
import type { Table } from './table.ts';

type CampaignMethods = 'getClient' | 'getCampaign' | 'listCampaigns' | 'getCampaignStats';

export function makeCampaigns(table: Table): Pick<Store, CampaignMethods> {
  return {
    async getClient(clientId) {
      return table.read<Client>(keys.client(clientId));
    },

    async getCampaign(campaignId) {
      return table.read<Campaign>(keys.campaign(campaignId));
    },

    async listCampaigns(clientId) {
      const items = await table.queryIndex(keys.campaignsOfClient(clientId));
      return items.map(strip<Campaign>);
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
