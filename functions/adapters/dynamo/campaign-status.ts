/**
 * The campaign's status as the send path sees it, in transaction items: a claim counted in the
 * campaign's in-flight sends only while it is not paused, the count lowered when the send is
 * committed or released, and launch's check that the campaign is still `active` at its version.
 */
import { keys } from '#shared/table-definition.ts';
import type { TransactItem } from './table.ts';

/** The condition that the stored `statusVersion` is `version` (0: never changed). */
export function statusVersionIs(version: number) {
  return version === 0
    ? { expression: 'attribute_not_exists(#statusVersion)', values: {} }
    : { expression: '#statusVersion = :statusVersion', values: { ':statusVersion': version } };
}

/** Claim: the campaign is not paused, and the claim is counted in flight (one item: check and count). */
export function claimInFlight(TableName: string, campaignId: string): TransactItem {
  return {
    Update: {
      TableName,
      Key: keys.campaign(campaignId),
      UpdateExpression: 'ADD #inFlight :one',
      ConditionExpression: 'attribute_exists(PK) AND #status <> :paused',
      ExpressionAttributeNames: { '#inFlight': 'inFlight', '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':paused': 'paused' },
    },
  };
}

/** Commit or release of a claim counted in flight. */
export function finishInFlight(TableName: string, campaignId: string): TransactItem {
  return {
    Update: {
      TableName,
      Key: keys.campaign(campaignId),
      UpdateExpression: 'ADD #inFlight :minusOne',
      ExpressionAttributeNames: { '#inFlight': 'inFlight' },
      ExpressionAttributeValues: { ':minusOne': -1 },
    },
  };
}

/** Launch's commit of a contact: the campaign is still `active` at the status version launch set. */
export function campaignActiveCheck(TableName: string, campaignId: string, version: number): TransactItem {
  const at = statusVersionIs(version);
  return {
    ConditionCheck: {
      TableName,
      Key: keys.campaign(campaignId),
      ConditionExpression: `#status = :active AND ${at.expression}`,
      ExpressionAttributeNames: { '#status': 'status', '#statusVersion': 'statusVersion' },
      ExpressionAttributeValues: { ':active': 'active', ...at.values },
    },
  };
}

/** The consultancy has not stopped sending (its stop flag item is absent: `#domain/reputation.ts`). */
export function sendingNotStopped(TableName: string): TransactItem {
  return {
    ConditionCheck: { TableName, Key: keys.sendingStop, ConditionExpression: 'attribute_not_exists(PK)' },
  };
}
