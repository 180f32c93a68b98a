/**
 * The ClientReplies port on DynamoDB: one item per client reply address (`clientReplyKey`, expired by
 * the table's TTL and checked on read, since TTL deletes late), and the campaign's contacts after the
 * thank-you read from the stage index (GSI1, the board's).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientReplyToken } from '#domain/client-reply.ts';
import type { ClientReplies } from '#domain/ports/client-replies.ts';
import type { Contact } from '#domain/types.ts';
import { clientReplyKey, keys, TABLE } from '#shared/table-definition.ts';
import { IS_NEW, strip } from './dynamo/items.ts';
import { openTable, type TableOptions } from './dynamo/table.ts';

export function makeDynamoClientReplies(options: TableOptions): ClientReplies {
  const table = openTable(options);
  const { TableName } = table;
  return {
    async create(token) {
      const expires = Math.ceil(Date.parse(token.validUntil) / 1000);
      await table.write(
        `create client reply address ${token.token}`,
        new PutCommand({
          TableName,
          Item: {
            ...token,
            ...clientReplyKey(token.token),
            entity: 'client-reply',
            [TABLE.ttlAttribute]: expires,
          },
          ...IS_NEW,
        }),
      );
    },

    async find(token, now) {
      const found = await table.read<ClientReplyToken>(clientReplyKey(token));
      return found && Date.parse(found.validUntil) > now.getTime() ? found : undefined;
    },

    async keepingInTouch(campaignId) {
      const stages = ['thanked', 'keeping_in_touch'] as const;
      const items = await Promise.all(
        stages.map((s) => table.queryIndex(keys.stageOfCampaign(campaignId, s))),
      );
      return items.flat().map(strip<Contact>);
    },
  };
}
