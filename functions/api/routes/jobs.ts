/** Jobs (import and launch run as jobs): one by id, and a campaign's, newest first. */
import { publicJob } from '#domain/job.ts';
import { noBody } from '../body.ts';
import { type PageBounds, pageOf, pageParameters } from '../query.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

/** Jobs of a page. */
const JOBS_PAGE: PageBounds = { defaultLimit: 20, maxLimit: 100 };

export function jobRoutes({ jobs }: OperationDeps): Route[] {
  return [
    route({
      name: 'getJob',
      summary: 'A job (import or launch): its state, progress and result',
      method: 'GET',
      pattern: '/jobs/{jobId}',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: publicJob(must(scope.job)) };
      },
    }),
    route({
      name: 'listCampaignJobs',
      summary: "The campaign's jobs, newest first",
      method: 'GET',
      pattern: '/campaigns/{campaignId}/jobs',
      body: noBody,
      query: pageParameters(JOBS_PAGE),
      async run({ scope, query }) {
        const page = await jobs.listByCampaign(must(scope.campaign).id, pageOf(query, JOBS_PAGE));
        return {
          status: 200,
          body: { items: page.items.map(publicJob), ...(page.cursor ? { cursor: page.cursor } : {}) },
        };
      },
    }),
  ];
}
