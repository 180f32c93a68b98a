/**
 * The consultancy's sending (auto-pause on reputation, `#domain/reputation.ts`): whether it is
 * stopped, why, and its counts; a person clears the stop. A campaign that paused itself is resumed
 * with `POST /campaigns/{id}/resume`, which clears its `pausedReason`.
 */
import * as z from 'zod/mini';
import { CONSULTANCY_LIMITS } from '#domain/reputation.ts';
import { logger } from '#shared/logger.ts';
import { noBody } from '../body.ts';
import type { Caller } from '../caller.ts';
import { type OperationDeps, type Route, route } from '../route.ts';

/** Why a person resumes sending (optional in the API, asked for by `rapport sending resume --reason`). */
const resumption = z.optional(
  z.strictObject({
    reason: z.optional(
      z
        .string({ error: 'must be text' })
        .check(z.minLength(1, 'must not be empty'), z.maxLength(500, 'must be at most 500 characters')),
    ),
  }),
);

const whoIs = (caller: Caller | undefined) =>
  caller?.kind === 'user' ? caller.email : (caller?.kind ?? 'unknown');

export function sendingRoutes(deps: OperationDeps): Route[] {
  const store = () => {
    if (!deps.reputation) throw new Error('the API was built without the reputation store');
    return deps.reputation;
  };
  return [
    route({
      name: 'getSending',
      summary: "The consultancy's sending: stopped or not (and why), its SES feedback counts and limits",
      method: 'GET',
      pattern: '/sending',
      access: 'admin',
      body: noBody,
      async run() {
        const reputation = store();
        const [stop, counts] = await Promise.all([reputation.sendingStop(), reputation.counts()]);
        return {
          status: 200,
          body: { stopped: stop ?? null, counts: counts.consultancy, limits: CONSULTANCY_LIMITS },
        };
      },
    }),
    route({
      name: 'resumeSending',
      summary: "Clear the consultancy's stop: sending resumes (paused campaigns and contacts stay paused)",
      method: 'POST',
      pattern: '/sending/resume',
      access: 'admin',
      body: resumption,
      async run({ body, caller }) {
        const reputation = store();
        const stop = await reputation.sendingStop();
        await reputation.resumeSending();
        const reason = body?.reason;
        // Who resumed the consultancy's sending, and why: in the API function's log.
        if (stop) logger.info('sending resumed', { by: whoIs(caller), reason, stoppedFor: stop.reason });
        return {
          status: 200,
          body: { resumed: stop !== undefined, wasStopped: stop ?? null, ...(reason ? { reason } : {}) },
        };
      },
    }),
  ];
}
