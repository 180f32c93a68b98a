/**
 * The ses-events function: SES event publishing (the configuration set's EventBridge destination)
 * → the SES feedback use case. An EventBridge rule on the default bus sends it the events of
 * rapport's configuration set whose detail types are SES_DETAIL_TYPES (#shared/ses-event-types.ts).
 *
 * It never sends email and has no SES permission. The workflow it drives (bounced/complained) only
 * unschedules — and whatever a workflow sends at once is a schedule the dispatch function runs — so
 * the bundle carries no mail rendering (templates, Liquid, nodemailer).
 */
import * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import { logger } from '#shared/logger.ts';
import { SES_EVENT_SOURCE } from '#shared/ses-event-types.ts';
import type { SesFeedback } from '#usecases/ses-feedback.ts';
import { lambdaHandler, schemaParser } from './middleware.ts';
import { deployment, once, sesFeedbackUseCase } from './setup.ts';

const envelopeSchema = z.object({
  source: z.literal(SES_EVENT_SOURCE, { error: `must be ${SES_EVENT_SOURCE}` }),
  'detail-type': z.string().check(z.minLength(1)),
  id: z.optional(z.string()),
  detail: z.unknown(),
});

/** The EventBridge envelope, checked; its `detail` is the SES event record the use case checks. */
export const parseEnvelope = schemaParser(envelopeSchema);

/** Handles one EventBridge event with the given feedback use case (tests and the local stack hand in theirs). */
export function makeSesEventsHandler(feedback: () => SesFeedback) {
  return lambdaHandler(parseEnvelope, async (envelope) => {
    logger.appendKeys({ eventId: envelope.id, detailType: envelope['detail-type'] });
    let result: Awaited<ReturnType<SesFeedback['handle']>>;
    try {
      result = await feedback().handle(envelope.detail);
    } catch (error) {
      if (error instanceof ValidationError) {
        // A malformed SES event is a bug (ours or SES's): fail, so it ends in the dead-letter queue.
        throw new ValidationError(error.issues.map((i) => ({ ...i, field: `detail.${i.field}` })));
      }
      throw error;
    }
    if (result.outcome === 'suppressed') {
      logger.info('address suppressed', {
        outcome: result.outcome,
        reason: result.reason,
        recipients: result.recipients.length,
        contactId: result.contact.contactId,
        contact: result.contact.result,
      });
    } else if (result.outcome === 'soft_bounce') {
      logger.info('soft bounce: nothing suppressed', { ...result });
    } else {
      logger.info('ses event handled', { ...result });
    }
    return result;
  });
}

export const handler = makeSesEventsHandler(once(() => sesFeedbackUseCase(deployment())));
