import middy from '@middy/core';
import { z } from 'zod';
import { ValidationError } from '#domain/errors.ts';
import { issuesFromZod } from '#domain/validation.ts';
import { makeAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { logger } from '#shared/logger.ts';
import type { DispatchPayload } from '#usecases/carry-out.ts';
import { type Dispatch, makeDispatch } from '#usecases/dispatch.ts';

const payloadSchema = z.object({
  contactId: z.string().min(1),
  clientId: z.string().min(1),
  campaignId: z.string().min(1),
  step: z.string().regex(/^[a-z0-9-]+$/),
  planVersion: z.number().int().nonnegative(),
  at: z.string().min(1),
  attempt: z.number().int().positive().optional(),
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
    logger.info('dispatched', { outcome: result.outcome });
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
