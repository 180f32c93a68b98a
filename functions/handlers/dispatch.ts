import middy from '@middy/core';
import * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import { issuesFromZod } from '#domain/validation.ts';
import { makeAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { logger } from '#shared/logger.ts';
import type { DispatchPayload } from '#usecases/carry-out.ts';
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

/** The schedule's Input, checked. Bad input is a bug upstream: refused loudly, nothing sent. */
export function parseDispatchPayload(event: unknown): DispatchPayload {
  const parsed = payloadSchema.safeParse(event);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, ''));
  return parsed.data as DispatchPayload;
}

/** Handles one delivery of a schedule with the given dispatch use case (tests hand in theirs). */
export function makeDispatchHandler(dispatch: Dispatch) {
  return async (event: unknown) => {
    const payload = parseDispatchPayload(event);
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
