/** The client list, paged (GSI1 `CLIENTS`, oldest first). Not part of the sending store. */
import type { Store } from '#domain/ports/store.ts';
import type { Client } from '#domain/types.ts';
import { keys } from '#shared/table-definition.ts';
import { queryIndexPage } from './cursor.ts';
import type { Table } from './table.ts';

export function makeClients(table: Table): Pick<Store, 'listClients'> {
  return {
    listClients(page = {}) {
      return queryIndexPage<Client>(table, 'list clients', keys.allClients, page);
    },
  };
}
