/**
 * The Store port on DynamoDB (one table, see `#shared/table-definition.ts` for the key design), put
 * together from one part per thing the store keeps (`dynamo/`):
 *
 * - `campaigns.ts`: clients, campaigns and their counters, read; `campaign-writes.ts`: written
 *   (the status by a versioned write); `campaign-status.ts`: the status as sends see it;
 * - `contacts.ts`: reads and lookups, the timeline; `contact-import.ts`: import
 *   with dedupe;
 * - `lists.ts` (with `cursor.ts`): the paged lists — clients, and a campaign's contacts in one
 *   stage (the pipeline board); not in the sending store;
 * - `transitions.ts`: a lifecycle transition committed in one transaction;
 * - `erasure.ts`: GDPR erasure of a contact;
 * - `funnel-counters.ts`: the funnel's counters of campaigns (a client's report); not in the sending store;
 * - `send-ledger.ts`: claim / reclaim / release of a send, its SES Send event;
 * - `suppressions.ts`: the global suppression list (keyed by an HMAC of the address);
 *   `suppression-migration.ts`: re-keys plain-address items of older versions;
 * - `table.ts` and `translate.ts`: the requests they make, and the one translation of SDK errors
 *   into domain errors (failed conditions become VersionConflict or the outcome value a method
 *   documents, throttling / 5xx / network RetryableError, the rest PermanentError);
 * - `items.ts`: the item layout.
 *
 * Round trips of a dispatched email: getContactContext (one read), claimSend (one
 * TransactWriteItems: the send record, the campaign checked not paused with its in-flight count
 * raised, the suppression list), applyTransition (one TransactWriteItems, the in-flight count
 * lowered). Campaign stats: one GetItem. `campaign-status.ts`: those campaign items.
 */
import type { SendingStore, Store } from '#domain/ports/store.ts';
import { makeCampaignWrites } from './dynamo/campaign-writes.ts';
import { makeCampaigns } from './dynamo/campaigns.ts';
import { makeContactImport } from './dynamo/contact-import.ts';
import { makeContacts } from './dynamo/contacts.ts';
import { makeErasure } from './dynamo/erasure.ts';
import { makeFunnelCounters } from './dynamo/funnel-counters.ts';
import { makeLists } from './dynamo/lists.ts';
import { makeSendLedger } from './dynamo/send-ledger.ts';
import { makeSuppressions, type SuppressionSecret } from './dynamo/suppressions.ts';
import { type DynamoStoreOptions, openTable } from './dynamo/table.ts';
import { makeTransitions } from './dynamo/transitions.ts';

export type { DynamoStoreOptions } from './dynamo/table.ts';

export function makeDynamoStore(options: DynamoStoreOptions): Store {
  const table = openTable(options);
  return {
    ...sendingParts(table, options.suppressionSecret),
    ...makeCampaignWrites(table),
    ...makeLists(table),
    ...makeContactImport(table, Math.max(1, options.importConcurrency ?? 16), options.suppressionSecret),
    ...makeErasure(table),
    ...makeFunnelCounters(table),
  };
}

/** The store of the dispatch function: only the parts sending uses (a smaller bundle). */
export function makeDynamoSendingStore(options: DynamoStoreOptions): SendingStore {
  return sendingParts(openTable(options), options.suppressionSecret);
}

function sendingParts(
  table: ReturnType<typeof openTable>,
  suppressionSecret: SuppressionSecret,
): SendingStore {
  return {
    ...makeCampaigns(table),
    ...makeContacts(table),
    ...makeTransitions(table),
    ...makeSendLedger(table, suppressionSecret),
    ...makeSuppressions(table, suppressionSecret),
  };
}
