/**
 * The consultancy's sending (auto-pause on reputation, `#domain/reputation.ts`): whether it is
 * stopped, why, and its counts; a person clears the stop. A campaign that paused itself is resumed
 * with `POST /campaigns/{id}/resume`, which clears its `pausedReason`.
 */
import { CONSULTANCY_LIMITS } from '#domain/reputation.ts';
import { noBody } from '../body.ts';
import { type OperationDeps, type Route, route } from '../route.ts';

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
      body: noBody,
      async run() {
        const reputation = store();
        const stop = await reputation.sendingStop();
        await reputation.resumeSending();
        return { status: 200, body: { resumed: stop !== undefined, wasStopped: stop ?? null } };
      },
    }),
  ];
}
