/**
 * The Store port on DynamoDB (one table, see `table-definition.ts` for the key design), put
 * together from one part per thing the store keeps (`dynamo/`):
 *
 * - `campaigns.ts`: clients, campaigns and their counters;
 * - `contacts.ts`: import with dedupe, reads and lookups, the pipeline board, the timeline;
 * - `transitions.ts`: a lifecycle transition committed in one transaction;
 * - `erasure.ts`: GDPR erasure of a contact;
 * - `send-ledger.ts`: claim / reclaim / release of a send, its SES Send event;
 * - `suppressions.ts`: the global suppression list;
 * - `table.ts` and `translate.ts`: the requests they make, and the one translation of SDK errors
 *   into domain errors (failed conditions become VersionConflict or the outcome value a method
 *   documents, throttling / 5xx / network RetryableError, the rest PermanentError);
 * - `items.ts`: the item layout.
 *
 * Round trips of a dispatched email: getContact (GetItem), claimSend (PutItem, or one
 * TransactWriteItems when it also checks the suppression list), applyTransition (one
 * TransactWriteItems). Campaign stats: one GetItem.
 */
import type { Store } from '#domain/ports/store.ts';
import { makeCampaigns } from './dynamo/campaigns.ts';
import { makeContacts } from './dynamo/contacts.ts';
import { makeErasure } from './dynamo/erasure.ts';
import { makeSendLedger } from './dynamo/send-ledger.ts';
import { makeSuppressions } from './dynamo/suppressions.ts';
import { type DynamoStoreOptions, openTable } from './dynamo/table.ts';
import { makeTransitions } from './dynamo/transitions.ts';

export type { DynamoStoreOptions } from './dynamo/table.ts';

export function makeDynamoStore(options: DynamoStoreOptions): Store {
  const table = openTable(options);
  return {
    ...makeCampaigns(table),
    ...makeContacts(table, Math.max(1, options.importConcurrency ?? 16)),
    ...makeTransitions(table),
    ...makeErasure(table),
    ...makeSendLedger(table),
    ...makeSuppressions(table),
  };
}
