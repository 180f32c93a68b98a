/**
 * Every operation of the API: the routes of each resource (`routes/`), in one table. The router,
 * the OpenAPI document and the route-by-route tests all read this one list.
 */
import type { OperationDeps, Route } from './route.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { clientRoutes } from './routes/clients.ts';
import { importRoutes } from './routes/imports.ts';
import { jobRoutes } from './routes/jobs.ts';

export type { OperationDeps, Outcome, Route } from './route.ts';

export function makeRoutes(deps: OperationDeps): Route[] {
  return [...clientRoutes(deps), ...campaignRoutes(deps), ...jobRoutes(deps), ...importRoutes(deps)];
}
