/**
 * The item layout of the store's domain objects (keys in `../table-definition.ts`): domain object ⇄
 * item, and the transaction items several parts of the store write.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { COUNTED_SINCE } from '#domain/funnel.ts';
import type { Contact, Stage, TimelineEntry } from '#domain/types.ts';
import { keys, TABLE } from '#shared/table-definition.ts';

export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };

/** The counters item's attribute for all contacts of a campaign (the others are the stages). */
export const TOTAL = 'total';

/** The condition of a write that creates an item (or of a check that none exists): no item has its key yet. */
export const IS_NEW = { ConditionExpression: 'attribute_not_exists(PK)' } as const;
/** The same, answering the item that is there when there is one (in wire format, see `decodeFlat`). */
export const IS_NEW_OR_OLD = { ...IS_NEW, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;

/** Attributes of the table that are not part of the domain objects. */
const INTERNAL = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity', TABLE.ttlAttribute]);

/** The domain object an item holds. */
export function strip<T>(item: Item): T {
  const out: Item = {};
  for (const [name, value] of Object.entries(item)) if (!INTERNAL.has(name)) out[name] = value;
  return out as T;
}

/** Items returned with a failed condition come back in wire format; ours are flat strings and numbers. */
export function decodeFlat(item: Record<string, AttributeValue> | undefined): Item | undefined {
  if (!item) return undefined;
  const out: Item = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.S !== undefined) out[name] = value.S;
    else if (value.N !== undefined) out[name] = Number(value.N);
    else if (value.BOOL !== undefined) out[name] = value.BOOL;
  }
  return out;
}

export { bareMessageId } from '#domain/message-id.ts';

export function contactItem(contact: Contact): Item {
  return {
    ...contact,
    ...keys.contact(contact.id),
    GSI1PK: keys.stageOfCampaign(contact.campaignId, contact.stage),
    GSI1SK: keys.boardSort(contact.createdAt, contact.id),
    entity: 'contact',
  };
}

export function timelineItem(entry: TimelineEntry, version: number): Item {
  return { ...entry, ...keys.timeline(entry.contactId, entry.at, version), entity: 'timeline' };
}

/** An item a contact owns outside its partition: findable by GSI1 for erasure. */
export function owned(key: Key, contactId: string, entity: string, rest: Item): Item {
  return { ...rest, ...key, GSI1PK: keys.ownedBy(contactId), GSI1SK: key.PK, entity, contactId };
}

/**
 * Adds `delta` to the campaign's counters item (one Number per stage, plus TOTAL, and the funnel's
 * `#domain/funnel.ts`); with `since`, sets the funnel's COUNTED_SINCE unless it is set.
 */
export function countersUpdate(
  TableName: string,
  campaignId: string,
  delta: Partial<Record<Stage | typeof TOTAL, number>> | Record<string, number>,
  since?: string,
) {
  const names: Record<string, string> = {};
  const values: Record<string, number | string> = {};
  const parts = Object.entries(delta).map(([attribute, by], i) => {
    names[`#c${i}`] = attribute;
    values[`:c${i}`] = by;
    return `#c${i} :c${i}`;
  });
  let set = '';
  if (since !== undefined) {
    names['#since'] = COUNTED_SINCE;
    values[':since'] = since;
    set = ' SET #since = if_not_exists(#since, :since)';
  }
  return {
    Update: {
      TableName,
      Key: keys.counters(campaignId),
      UpdateExpression: `ADD ${parts.join(', ')}${set}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
