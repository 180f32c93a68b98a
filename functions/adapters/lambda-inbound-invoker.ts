/**
 * Runs the inbound function on a message already in the bucket (the review queue attaching an
 * unmatched message to its contact): invoked synchronously (RequestResponse) with the SES receipt
 * event the receipt rule would send, so the message is processed exactly as a delivery is — and a
 * repeat is deduplicated there as any repeat delivery is.
 */
import { PermanentError } from '#domain/errors.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import type { InboundOutcome, InboundReceipt } from '#usecases/inbound.ts';
import { makeSyncInvoke, type SyncInvokeOptions } from './lambda-function-invoker.ts';

/** The SES receipt-rule event of a stored message (what `handlers/inbound.ts` parses). */
export function receiptEventOf(receipt: InboundReceipt) {
  if (receipt.objectKey !== `${INBOUND_OBJECT_PREFIX}${receipt.sesMessageId}`) {
    throw new PermanentError(
      `message ${receipt.sesMessageId} is not where SES stores it (${receipt.objectKey})`,
      'MessageNotStored',
    );
  }
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        ses: {
          mail: { messageId: receipt.sesMessageId, destination: receipt.recipients },
          receipt: {
            recipients: receipt.recipients,
            spamVerdict: { status: receipt.spamVerdict },
            virusVerdict: { status: receipt.virusVerdict },
            ...(receipt.dmarcVerdict ? { dmarcVerdict: { status: receipt.dmarcVerdict } } : {}),
          },
        },
      },
    ],
  };
}

export function makeLambdaInboundInvoker(
  options: SyncInvokeOptions,
): (receipt: InboundReceipt) => Promise<InboundOutcome> {
  const invoke = makeSyncInvoke(options);
  return async (receipt) => {
    const text = await invoke(receiptEventOf(receipt), `processing ${receipt.sesMessageId}`);
    const outcomes = JSON.parse(text) as InboundOutcome[];
    const first = outcomes[0];
    if (!first)
      throw new PermanentError(
        `the inbound function answered nothing for ${receipt.sesMessageId}`,
        'NoOutcome',
      );
    return first;
  };
}
