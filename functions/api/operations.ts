/**
 * Every operation of the API: the routes of each resource (`routes/`), in one table. The router,
 * the OpenAPI document and the route-by-route tests all read this one list.
 */
import type { OperationDeps, Route } from './route.ts';
import { boardRoutes } from './routes/board.ts';
import { campaignRoutes } from './routes/campaigns.ts';
import { clientRoutes } from './routes/clients.ts';
import { coachRoutes } from './routes/coaches.ts';
import { contactActionRoutes } from './routes/contact-actions.ts';
import { contactReadRoutes } from './routes/contacts.ts';
import { eraseRoutes } from './routes/erase.ts';
import { importRoutes } from './routes/imports.ts';
import { jobRoutes } from './routes/jobs.ts';
import { meetingRoutes } from './routes/meetings.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { reportRoutes } from './routes/reports.ts';
import { resumeRoutes } from './routes/resume.ts';
import { reviewRoutes } from './routes/review.ts';
import { sendingRoutes } from './routes/sending.ts';

export type { OperationDeps, Outcome, Route } from './route.ts';

export function makeRoutes(deps: OperationDeps): Route[] {
  return [
    ...clientRoutes(deps),
    ...campaignRoutes(deps),
    ...boardRoutes(deps),
    ...contactReadRoutes(deps),
    ...eraseRoutes(deps),
    ...contactActionRoutes(deps),
    ...meetingRoutes(deps),
    ...jobRoutes(deps),
    ...importRoutes(deps),
    ...openApiRoutes(),
    ...resumeRoutes(deps),
    ...coachRoutes(deps),
    ...reviewRoutes(deps),
    ...sendingRoutes(deps),
    ...reportRoutes(deps),
  ];
}
