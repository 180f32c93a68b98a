import * as z from 'zod/mini';
import { REPLY_INTENTS } from '#domain/types.ts';
import { logger } from '#shared/logger.ts';
import type {
  CancellationPayload,
  ClientAnswerPayload,
  DispatchPayload,
  ReplyForwardPayload,
} from '#usecases/carry-out.ts';
import type { Dispatch } from '#usecases/dispatch.ts';
import { lambdaHandler, schemaParser } from './middleware.ts';
import { dispatchUseCase, once, sendingDeployment } from './setup.ts';

const id = () => z.string().check(z.minLength(1));

/** A planned step (no `kind`). */
const payloadSchema = z.object({
  contactId: id(),
  clientId: id(),
  campaignId: id(),
  step: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  planVersion: z.number().check(z.int(), z.nonnegative()),
  at: id(),
  attempt: z.optional(z.number().check(z.int(), z.positive())),
});

/** The inbound function's schedule: a contact's reply to forward to the client. */
const replyForwardSchema = z.object({
  kind: z.literal('reply-forward'),
  contactId: id(),
  replyKey: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/)),
  reply: z.object({
    intent: z.enum(REPLY_INTENTS),
    fromName: z.string(),
    fromEmail: z.string(),
    subject: z.string(),
    text: z.string(),
    flag: z.optional(z.enum(['unsure', 'dmarc_fail', 'employer'])),
    employerPaused: z.optional(z.object({ employer: z.string(), paused: z.number() })),
  }),
});

/** A cancelled meeting's METHOD:CANCEL. */
const cancellationSchema = z.object({
  kind: z.literal('meeting-cancellation'),
  contactId: id(),
  meetingId: id(),
  sequence: z.number().check(z.int(), z.nonnegative()),
});

/** The inbound function's answer to a client's reply (issue 15). */
const clientAnswerSchema = z.object({
  kind: z.literal('client-answer'),
  contactId: id(),
  replyKey: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/)),
  answer: z.object({
    kind: z.enum(['line_added', 'line_too_late', 'held', 'update_added', 'refused']),
    subject: z.string(),
    lead: z.string(),
    paragraphs: z.array(z.string()),
    after: z.string(),
  }),
});

const parseStep = schemaParser(payloadSchema);
const parseAnswer = schemaParser(clientAnswerSchema);
const parseForward = schemaParser(replyForwardSchema);
const parseCancellation = schemaParser(cancellationSchema);

export type ScheduleInput =
  | { kind: 'step'; payload: DispatchPayload }
  | { kind: 'reply-forward'; payload: ReplyForwardPayload }
  | { kind: 'meeting-cancellation'; payload: CancellationPayload }
  | { kind: 'client-answer'; payload: ClientAnswerPayload };

/** The schedule's Input, checked; bad input is a bug upstream: refused loudly, nothing sent. */
export function parseScheduleInput(event: unknown): ScheduleInput {
  const kind = typeof event === 'object' && event !== null ? (event as { kind?: unknown }).kind : undefined;
  if (kind === undefined) return { kind: 'step', payload: parseStep(event) as DispatchPayload };
  if (kind === 'meeting-cancellation') return { kind, payload: parseCancellation(event) };
  if (kind === 'client-answer') return { kind, payload: parseAnswer(event) };
  return { kind: 'reply-forward', payload: parseForward(event) };
}

/** One delivery of a schedule → the dispatch use case (built on first use by `dispatch`). */
export function makeDispatchHandler(dispatch: () => Dispatch) {
  return lambdaHandler(parseScheduleInput, async (input) => {
    const use = dispatch();
    if (input.kind === 'reply-forward') {
      const { contactId, replyKey, reply } = input.payload;
      logger.appendKeys({ contactId, step: 'reply-forward' });
      const result = await use.forwardReply(contactId, replyKey, reply);
      logger.info('reply forwarded', { outcome: result.outcome, intent: reply.intent });
      return result;
    }
    if (input.kind === 'meeting-cancellation') {
      const { contactId, meetingId, sequence } = input.payload;
      logger.appendKeys({ contactId, step: 'meeting-cancellation' });
      const result = await use.sendCancellation(contactId, meetingId, sequence);
      logger.info('cancellation sent', { outcome: result.outcome, sequence });
      return result;
    }
    if (input.kind === 'client-answer') {
      const { contactId, replyKey, answer } = input.payload;
      logger.appendKeys({ contactId, step: 'client-answer' });
      const result = await use.answerClient(contactId, replyKey, answer);
      logger.info('client answered', { outcome: result.outcome, answer: answer.kind });
      return result;
    }
    const payload = input.payload;
    logger.appendKeys({ contactId: payload.contactId, step: payload.step });
    const result = await use(payload);
    if (result.outcome === 'rejected' && result.operatorAlert) {
      // Account-level trouble (sending paused, quota, retries exhausted): the operator must look.
      logger.error('send rejected: operator attention needed', { reason: result.reason });
    } else {
      // A retry's reason in the line: "Maximum sending rate exceeded" there is an operator alert too.
      logger.info('dispatched', {
        outcome: result.outcome,
        ...('reason' in result && { reason: result.reason }),
      });
    }
    return result;
  });
}

export const handler = makeDispatchHandler(once(() => dispatchUseCase(sendingDeployment())));
