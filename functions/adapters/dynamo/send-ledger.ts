/**
 * The send ledger: one record per idempotency key, claimed with a lease before SES is called
 * (pending; with the campaign checked not paused and the claim counted in flight), taken over when the lease expired, released when SES accepted nothing, and proven by
 * the SES Send event. `applyTransition` (transitions.ts) sets it to `sent`.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#domain/errors.ts';
import type { ClaimOutcome, SendClaim, SendRecord, Store } from '#domain/ports/store.ts';
import type { SuppressionReason } from '#domain/types.ts';
import { keys } from '#shared/table-definition.ts';
import { claimInFlight, finishInFlight, sendingNotStopped } from './campaign-status.ts';
import { bareMessageId, decodeFlat, IS_NEW_OR_OLD, type Item, owned, strip } from './items.ts';
import { type SuppressionSecret, suppressionKey, suppressionSecretValue } from './suppressions.ts';
import type { Table, TransactItem } from './table.ts';

type LedgerMethods = 'claimSend' | 'reclaimExpired' | 'releaseSend' | 'recordSendEvent' | 'getSendRecord';

/** `suppressionSecret`: the suppression list's key (`suppressions.ts`), for the claim's same-request check. */
export function makeSendLedger(
  table: Table,
  suppressionSecret: SuppressionSecret,
): Pick<Store, LedgerMethods> {
  const { TableName } = table;

  /**
   * The claim with what it is checked against in the same request (one TransactWriteItems): the
   * campaign not paused (and the claim counted in its in-flight sends), the address not suppressed.
   */
  async function claimChecked(
    key: string,
    record: Item,
    checks: { email?: string; campaignId?: string },
    fromExisting: (old: Item | undefined) => ClaimOutcome,
  ): Promise<ClaimOutcome | undefined> {
    const items: TransactItem[] = [{ Put: { TableName, Item: record, ...IS_NEW_OR_OLD } }];
    const campaignIndex = checks.campaignId === undefined ? -1 : items.length;
    // With the consultancy's stop flag (auto-pause on reputation, `#domain/reputation.ts`): absent to send.
    if (checks.campaignId !== undefined)
      items.push(claimInFlight(TableName, checks.campaignId), sendingNotStopped(TableName));
    const suppressionIndex = checks.email === undefined ? -1 : items.length;
    if (checks.email !== undefined) {
      const secret = await suppressionSecretValue(suppressionSecret);
      items.push({
        ConditionCheck: { TableName, Key: suppressionKey(secret, checks.email), ...IS_NEW_OR_OLD },
      });
    }
    return table.transact<ClaimOutcome>(`claim send ${key}`, items, (failed) => {
      const send = failed(0);
      const existing = send ? fromExisting(decodeFlat(send.Item)) : undefined;
      if (existing?.outcome === 'already_sent') return existing;
      const suppression = suppressionIndex < 0 ? undefined : failed(suppressionIndex);
      if (suppression) {
        const reason = suppression.Item?.reason?.S as SuppressionReason | undefined;
        return { outcome: 'suppressed', reason: reason ?? 'unsubscribed' };
      }
      if (campaignIndex >= 0 && (failed(campaignIndex) || failed(campaignIndex + 1)))
        return { outcome: 'campaign_paused' };
      return existing;
    });
  }

  return {
    async claimSend(key: string, claim: SendClaim): Promise<ClaimOutcome> {
      const leaseUntil = leaseEnd(claim.now, claim.leaseMs);
      const record = owned(keys.send(key), claim.contactId, 'send', {
        key,
        step: claim.step,
        state: 'pending',
        claimedAt: claim.now,
        leaseUntil,
        attempts: 1,
      });
      const fromExisting = (old: Item | undefined): ClaimOutcome => {
        const existing = toSendRecord(old);
        // A record deleted between our write and the failure report: treat as someone else's claim.
        if (!existing) return { outcome: 'in_progress', leaseUntil };
        if (existing.state === 'sent')
          return { outcome: 'already_sent', messageId: existing.messageId ?? '' };
        if (existing.leaseUntil && Date.parse(existing.leaseUntil) > Date.parse(claim.now)) {
          return { outcome: 'in_progress', leaseUntil: existing.leaseUntil };
        }
        return { outcome: 'expired', record: existing };
      };

      if (claim.email !== undefined || claim.campaignId !== undefined) {
        const refused = await claimChecked(key, record, claim, fromExisting);
        return refused ?? { outcome: 'claimed', leaseUntil };
      }
      const out = await table.write(
        `claim send ${key}`,
        new PutCommand({
          TableName,
          Item: record,
          ...IS_NEW_OR_OLD,
        }),
      );
      return out.written ? { outcome: 'claimed', leaseUntil } : fromExisting(out.existing);
    },

    async reclaimExpired(key, previousLeaseUntil, now, leaseMs) {
      if (Date.parse(previousLeaseUntil) > Date.parse(now)) {
        throw ValidationError.of('previousLeaseUntil', 'the lease has not expired yet');
      }
      const leaseUntil = leaseEnd(now, leaseMs);
      const out = await table.write(
        `reclaim send ${key}`,
        new UpdateCommand({
          TableName,
          Key: keys.send(key),
          UpdateExpression: 'SET #leaseUntil = :lease, #claimedAt = :now ADD #attempts :one',
          ConditionExpression: '#state = :pending AND #leaseUntil = :previous',
          ExpressionAttributeNames: {
            '#leaseUntil': 'leaseUntil',
            '#claimedAt': 'claimedAt',
            '#attempts': 'attempts',
            '#state': 'state',
          },
          ExpressionAttributeValues: {
            ':lease': leaseUntil,
            ':now': now,
            ':one': 1,
            ':pending': 'pending',
            ':previous': previousLeaseUntil,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      if (out.written) return { outcome: 'reclaimed', leaseUntil };
      const record = toSendRecord(out.existing);
      return record ? { outcome: 'lost', record } : { outcome: 'lost' };
    },

    async releaseSend(key, campaignId) {
      const isPending = {
        ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      };
      if (campaignId !== undefined) {
        const refused = await table.transact(
          `release send ${key}`,
          [
            { Delete: { TableName, Key: keys.send(key), ...isPending } },
            finishInFlight(TableName, campaignId),
          ],
          (failed) => (failed(0) ? 'not_pending' : undefined),
        );
        return refused ?? 'released';
      }
      const out = await table.write(
        `release send ${key}`,
        new DeleteCommand({
          TableName,
          Key: keys.send(key),
          ...isPending,
        }),
      );
      return out.written ? 'released' : 'not_pending';
    },

    async recordSendEvent(key, messageId, at = new Date().toISOString()) {
      const out = await table.write(
        `record send event ${key}`,
        new UpdateCommand({
          TableName,
          Key: keys.send(key),
          UpdateExpression: 'SET #ses = :messageId, #sesAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: { '#ses': 'sesMessageId', '#sesAt': 'sesEventAt' },
          ExpressionAttributeValues: { ':messageId': bareMessageId(messageId), ':at': at },
        }),
      );
      return out.written ? 'recorded' : 'unknown_key';
    },

    async getSendRecord(key) {
      return toSendRecord(await table.get(keys.send(key)));
    },
  };
}

function leaseEnd(from: string, leaseMs: number): string {
  return new Date(Date.parse(from) + leaseMs).toISOString();
}

function toSendRecord(item: Item | undefined): SendRecord | undefined {
  if (!item || typeof item.key !== 'string') return undefined;
  return strip<SendRecord>(item);
}
