/** The funnel's counters of campaigns (`#domain/funnel.ts`): their counters items, in batches. */
import type { Store } from '#domain/ports/store.ts';
import { keys } from '#shared/table-definition.ts';
import type { Table } from './table.ts';

/** BatchGetItem takes at most this many keys. */
const BATCH = 100;

export function makeFunnelCounters(table: Table): Pick<Store, 'getFunnelCounters'> {
  return {
    async getFunnelCounters(campaignIds) {
      const idOf = new Map(campaignIds.map((id) => [keys.counters(id).PK, id]));
      const all = [...new Set(campaignIds)].map((id) => keys.counters(id));
      const found = new Map<string, Record<string, unknown>>();
      for (let i = 0; i < all.length; i += BATCH) {
        const items = await table.batchGet('read funnel counters', all.slice(i, i + BATCH));
        for (const item of items) found.set(idOf.get(String(item.PK)) as string, item);
      }
      return found;
    },
  };
}
