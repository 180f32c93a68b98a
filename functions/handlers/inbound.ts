import middy from '@middy/core';
import * as z from 'zod/mini';
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { ValidationError } from '#domain/errors.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { issuesFromZod } from '#domain/validation.ts';
import { makeAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { logger } from '#shared/logger.ts';
import { type Inbound, type InboundReceipt, makeInbound } from '#usecases/inbound.ts';
import { makeWorkflow, noSending } from '#usecases/workflow.ts';

const verdict = z.object({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']) });

/** The SES receipt-rule Lambda event (headers and verdicts only: the body is in the bucket). */
const sesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().check(z.minLength(1)) }),
          receipt: z.object({
            recipients: z.array(z.string()),
            spamVerdict: verdict,
            virusVerdict: verdict,
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
});

/** The receipts of an SES receipt event; bad input is refused naming the field, nothing processed. */
export function parseReceipts(event: unknown, prefix = INBOUND_OBJECT_PREFIX): InboundReceipt[] {
  const parsed = sesReceiptEvent.safeParse(event);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, ''));
  return parsed.data.Records.map(({ ses }) => ({
    sesMessageId: ses.mail.messageId,
    objectKey: `${prefix}${ses.mail.messageId}`,
    recipients: ses.receipt.recipients,
    spamVerdict: ses.receipt.spamVerdict.status,
    virusVerdict: ses.receipt.virusVerdict.status,
  }));
}

export function makeInboundHandler(inbound: Inbound) {
  return async (event: unknown) => {
    const results = [];
    for (const receipt of parseReceipts(event)) {
      logger.appendKeys({ sesMessageId: receipt.sesMessageId });
      const result = await inbound(receipt);
      const fields = {
        outcome: result.outcome,
        ...('contactId' in result ? { contactId: result.contactId } : {}),
        ...('reading' in result ? { intent: result.reading.intent } : {}),
        ...('reason' in result ? { reason: result.reason } : {}),
      };
      // Kept but not taken as a reply (unreadable, spam, not from the contact): someone should look.
      if (result.outcome === 'quarantined' || result.outcome === 'held') logger.warn('reply held', fields);
      else logger.info('reply handled', fields);
      results.push(result);
    }
    return results;
  };
}

let inbound: Inbound | undefined;

export const handler = middy().handler(async (event: unknown) => {
  if (!inbound) {
    const config = loadConfig();
    const adapters = makeAdapters(config);
    // reply_received, unsubscribe suppression and referral imports never send: the forward to the
    // client is a schedule the dispatch function runs, so no mail rendering is bundled here.
    const workflow = makeWorkflow({ ...adapters, dispatch: noSending('inbound') });
    inbound = makeInbound({
      ...adapters,
      inboundStore: makeDynamoInboundStore({
        tableName: config.tableName,
        endpoint: config.endpoints.dynamo,
      }),
      workflow,
      inboundDomain: config.mail.inboundDomain,
      readReply,
    });
  }
  return makeInboundHandler(inbound)(event);
});
