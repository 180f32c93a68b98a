/**
 * A lifecycle transition committed in ONE transaction: the contact (optimistically, on its
 * version), its timeline entry, the counters, and what the transition records — a send that went
 * out (the ledger's record set to `sent`, and its Message-ID lookup) or a reply (written once).
 */
import { VersionConflict } from '#domain/errors.ts';
import { funnelCounts } from '#domain/funnel.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Contact } from '#domain/types.ts';
import { keys, TABLE } from '#shared/table-definition.ts';
import { campaignActiveCheck, finishInFlight } from './campaign-status.ts';
import { bareMessageId, contactItem, countersUpdate, owned, timelineItem } from './items.ts';
import type { Table, TransactItem } from './table.ts';

export function makeTransitions(table: Table): Pick<Store, 'applyTransition'> {
  const { TableName } = table;

  function messageIdLookupPut(contact: Contact, messageId: string, sendKey?: string): TransactItem {
    const key = keys.messageId(bareMessageId(messageId));
    return {
      Put: {
        TableName,
        Item: owned(key, contact.id, 'message-id', {
          campaignId: contact.campaignId,
          ...(sendKey ? { sendKey } : {}),
        }),
      },
    };
  }

  return {
    async applyTransition(before, result, extras = {}) {
      const after = result.contact;
      assertSameIdentity(before, after);
      if (result.timeline.contactId !== after.id) {
        throw new Error(`timeline entry of ${result.timeline.contactId} given for contact ${after.id}`);
      }
      const items: TransactItem[] = [
        {
          Put: {
            TableName,
            Item: contactItem(after),
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': before.version },
          },
        },
        { Put: { TableName, Item: timelineItem(result.timeline, after.version) } },
      ];
      // The stage counts and the funnel's milestones first reached (one update of the counters item).
      const funnel = funnelCounts(before, after);
      const counted = Object.keys(funnel).length > 0;
      if (before.stage !== after.stage || counted) {
        const stages = before.stage === after.stage ? {} : { [before.stage]: -1, [after.stage]: 1 };
        items.push(
          countersUpdate(
            TableName,
            after.campaignId,
            { ...stages, ...funnel },
            counted ? after.updatedAt : undefined,
          ),
        );
      }
      let sendIndex = -1;
      const { sendCommit, messageIdLookup } = extras;
      if (sendCommit) {
        sendIndex = items.length;
        items.push({
          Update: {
            TableName,
            Key: keys.send(sendCommit.key),
            UpdateExpression: 'SET #state = :sent, #messageId = :messageId, #sentAt = :at REMOVE #leaseUntil',
            ConditionExpression: '#state = :pending',
            ExpressionAttributeNames: {
              '#state': 'state',
              '#messageId': 'messageId',
              '#sentAt': 'sentAt',
              '#leaseUntil': 'leaseUntil',
            },
            ExpressionAttributeValues: {
              ':sent': 'sent',
              ':pending': 'pending',
              ':messageId': bareMessageId(sendCommit.messageId),
              ':at': after.updatedAt,
            },
          },
        });
        items.push(messageIdLookupPut(after, sendCommit.messageId, sendCommit.key));
        if (sendCommit.campaignId !== undefined) items.push(finishInFlight(TableName, sendCommit.campaignId));
      }
      let campaignIndex = -1;
      const { campaignActive } = extras;
      if (campaignActive) {
        campaignIndex = items.length;
        items.push(campaignActiveCheck(TableName, campaignActive.campaignId, campaignActive.statusVersion));
      }
      if (messageIdLookup && bareMessageId(messageIdLookup) !== bareMessageId(sendCommit?.messageId ?? '')) {
        items.push(messageIdLookupPut(after, messageIdLookup));
      }
      let inboundIndex = -1;
      const inboundMessageId = extras.inboundMessageId ? bareMessageId(extras.inboundMessageId) : undefined;
      if (inboundMessageId) {
        inboundIndex = items.length;
        items.push({
          Put: {
            TableName,
            Item: owned(keys.inbound(inboundMessageId), after.id, 'inbound', { at: after.updatedAt }),
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE.partitionKey },
          },
        });
      }
      await table.transact(`apply transition to ${after.id}`, items, (failed) => {
        if (failed(0)) return new VersionConflict('contact', after.id);
        if (sendCommit && failed(sendIndex)) return new VersionConflict('send', sendCommit.key);
        if (campaignActive && failed(campaignIndex)) {
          return new VersionConflict('campaign', campaignActive.campaignId);
        }
        if (inboundMessageId && failed(inboundIndex)) {
          return new VersionConflict('inbound', inboundMessageId);
        }
        return undefined;
      });
    },
  };
}

function assertSameIdentity(before: Contact, after: Contact): void {
  // The lookups and keys written at import depend on these; a transition must not change them.
  for (const field of ['id', 'campaignId', 'email', 'replyToken', 'createdAt'] as const) {
    if (before[field] !== after[field]) throw new Error(`a transition cannot change contact.${field}`);
  }
  if (after.version !== before.version + 1) {
    throw new Error(`contact ${after.id}: version must go from ${before.version} to ${before.version + 1}`);
  }
}
