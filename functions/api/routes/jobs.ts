/** Jobs (import and launch run as jobs): one by id, and a campaign's, newest first. */
import { ValidationError } from '#domain/errors.ts';
import { publicJob } from '#domain/job.ts';
import { noBody } from '../body.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

/** Jobs of a page at the most. */
const MAX_JOBS_PAGE = 100;

function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return 20;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_JOBS_PAGE) {
    throw ValidationError.of('limit', `must be a whole number from 1 to ${MAX_JOBS_PAGE}`);
  }
  return limit;
}

export function jobRoutes({ jobs }: OperationDeps): Route[] {
  return [
    route({
      name: 'getJob',
      method: 'GET',
      pattern: '/jobs/{jobId}',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: publicJob(must(scope.job)) };
      },
    }),
    route({
      name: 'listCampaignJobs',
      method: 'GET',
      pattern: '/campaigns/{campaignId}/jobs',
      body: noBody,
      async run({ scope, query }) {
        const page = await jobs.listByCampaign(must(scope.campaign).id, {
          limit: pageLimit(query.limit),
          ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
        });
        return {
          status: 200,
          body: { items: page.items.map(publicJob), ...(page.cursor ? { cursor: page.cursor } : {}) },
        };
      },
    }),
  ];
}
