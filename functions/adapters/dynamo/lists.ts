/**
 * The paged lists: every client (GSI1 `CLIENTS`) and a campaign's contacts in one stage (the
 * pipeline board, GSI1 `CAMPAIGN#<id>#STAGE#<stage>`), oldest first. Not part of the sending store:
 * the dispatch function lists nothing.
 */
import type { Store } from '#domain/ports/store.ts';
import type { Client, Contact } from '#domain/types.ts';
import { keys } from '#shared/table-definition.ts';
import { queryIndexPage } from './cursor.ts';
import type { Table } from './table.ts';

export function makeLists(table: Table): Pick<Store, 'listClients' | 'listContactsByStage'> {
  return {
    listClients(page = {}, filter = {}) {
      const partition = filter.coach === undefined ? keys.allClients : keys.clientsOfCoach(filter.coach);
      return queryIndexPage<Client>(table, 'list clients', partition, page);
    },

    listContactsByStage(campaignId, stage, page = {}) {
      return queryIndexPage<Contact>(
        table,
        'list contacts by stage',
        keys.stageOfCampaign(campaignId, stage),
        page,
      );
    },
  };
}
