import middy from '@middy/core';
import * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import { issuesFromZod } from '#domain/validation.ts';
import { makeAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { logger } from '#shared/logger.ts';
import type { DispatchPayload, ReplyForwardPayload } from '#usecases/carry-out.ts';
import { type Dispatch, makeDispatch } from '#usecases/dispatch.ts';

const payloadSchema = z.object({
  contactId: z.string().check(z.minLength(1)),
  clientId: z.string().check(z.minLength(1)),
  campaignId: z.string().check(z.minLength(1)),
  step: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  planVersion: z.number().check(z.int(), z.nonnegative()),
  at: z.string().check(z.minLength(1)),
  attempt: z.optional(z.number().check(z.int(), z.positive())),
});

/** The inbound function's schedule: a contact's reply to forward to the client. */
const replyForwardSchema = z.object({
  kind: z.literal('reply-forward'),
  contactId: z.string().check(z.minLength(1)),
  replyKey: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/)),
  reply: z.object({
    intent: z.enum(['accepted', 'declined', 'referral', 'out_of_office', 'unsubscribe', 'other']),
    fromName: z.string(),
    fromEmail: z.string(),
    subject: z.string(),
    text: z.string(),
  }),
});

/** The schedule's Input, checked. Bad input is a bug upstream: refused loudly, nothing sent. */
export function parseDispatchPayload(event: unknown): DispatchPayload {
  const parsed = payloadSchema.safeParse(event);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, ''));
  return parsed.data as DispatchPayload;
}

/** Either schedule Input: a planned step (no `kind`) or a reply forward (`kind: 'reply-forward'`). */
export function parseScheduleInput(
  event: unknown,
): { kind: 'step'; payload: DispatchPayload } | { kind: 'reply-forward'; payload: ReplyForwardPayload } {
  const isForward =
    typeof event === 'object' && event !== null && (event as { kind?: unknown }).kind !== undefined;
  if (!isForward) return { kind: 'step', payload: parseDispatchPayload(event) };
  const parsed = replyForwardSchema.safeParse(event);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, ''));
  return { kind: 'reply-forward', payload: parsed.data };
}

/** Handles one delivery of a schedule with the given dispatch use case (tests hand in theirs). */
export function makeDispatchHandler(dispatch: Dispatch) {
  return async (event: unknown) => {
    const input = parseScheduleInput(event);
    if (input.kind === 'reply-forward') {
      const { contactId, replyKey, reply } = input.payload;
      logger.appendKeys({ contactId, step: 'reply-forward' });
      const result = await dispatch.forwardReply(contactId, replyKey, reply);
      logger.info('reply forwarded', { outcome: result.outcome, intent: reply.intent });
      return result;
    }
    const payload = input.payload;
    logger.appendKeys({ contactId: payload.contactId, step: payload.step });
    const result = await dispatch(payload);
    if (result.outcome === 'rejected' && result.operatorAlert) {
      // Account-level trouble (sending paused, quota, retries exhausted): the operator must look.
      logger.error('send rejected: operator attention needed', { reason: result.reason });
    } else {
      logger.info('dispatched', { outcome: result.outcome });
    }
    return result;
  };
}

let dispatch: Dispatch | undefined;

export const handler = middy().handler(async (event: unknown) => {
  if (!dispatch) {
    const config = loadConfig();
    dispatch = makeDispatch({ ...makeAdapters(config), mailConfig: config.mail });
  }
  return makeDispatchHandler(dispatch)(event);
});
