import * as z from 'zod/mini';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { logger } from '#shared/logger.ts';
import type { Inbound, InboundReceipt } from '#usecases/inbound.ts';
import { lambdaHandler, schemaParser } from './middleware.ts';
import { deployment, inboundUseCase, once } from './setup.ts';

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
            dmarcVerdict: z.optional(verdict),
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
});

const parseReceiptEvent = schemaParser(sesReceiptEvent);

/** The receipts of an SES receipt event; bad input is refused naming the field, nothing processed. */
export function parseReceipts(event: unknown, prefix = INBOUND_OBJECT_PREFIX): InboundReceipt[] {
  return parseReceiptEvent(event).Records.map(({ ses }) => ({
    sesMessageId: ses.mail.messageId,
    objectKey: `${prefix}${ses.mail.messageId}`,
    recipients: ses.receipt.recipients,
    spamVerdict: ses.receipt.spamVerdict.status,
    virusVerdict: ses.receipt.virusVerdict.status,
    ...(ses.receipt.dmarcVerdict ? { dmarcVerdict: ses.receipt.dmarcVerdict.status } : {}),
  }));
}

/** One SES receipt event → the inbound use case (built on first use by `inbound`), receipt by receipt. */
export function makeInboundHandler(inbound: () => Inbound) {
  return lambdaHandler(parseReceipts, async (receipts) => {
    const use = inbound();
    const results = [];
    for (const receipt of receipts) {
      logger.appendKeys({ sesMessageId: receipt.sesMessageId });
      const result = await use(receipt);
      const fields = {
        outcome: result.outcome,
        ...('contactId' in result ? { contactId: result.contactId } : {}),
        ...('reading' in result ? { intent: result.reading.intent } : {}),
        ...('reason' in result ? { reason: result.reason } : {}),
        ...('forwarded' in result ? { forwarded: result.forwarded } : {}),
        ...('employerCampaigns' in result ? { employerCampaigns: result.employerCampaigns } : {}),
      };
      // Kept but not taken as a reply (unreadable, spam, not from the contact): someone should look.
      if (
        result.outcome === 'quarantined' ||
        result.outcome === 'held' ||
        result.outcome === 'client_ignored'
      )
        logger.warn('reply held', fields);
      else logger.info('reply handled', fields);
      results.push(result);
    }
    return results;
  });
}

// reply_received, unsubscribe suppression and referral imports never send: the forward to the client
// is a schedule the dispatch function runs, so no mail rendering is bundled here.
export const handler = makeInboundHandler(once(() => inboundUseCase(deployment())));
