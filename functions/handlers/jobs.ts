/**
 * The jobs function: runs one job (an import or a launch, `#usecases/jobs.ts`) by id, invoked
 * asynchronously by the API (`{ "jobId": "…" }`). A second delivery of the same job does nothing
 * (the job's claim); a failure worth retrying throws, so Lambda delivers it again.
 */
import * as z from 'zod/mini';
import { makeOutreachChecker } from '#mail/outreach-findings.ts';
import { holidayCalendar } from '#shared/holiday-table.ts';
import { logger } from '#shared/logger.ts';
import type { Jobs } from '#usecases/jobs.ts';
import { lambdaHandler, schemaParser } from './middleware.ts';
import { deployment, jobsUseCase, once } from './setup.ts';

const eventSchema = z.object({ jobId: z.string().check(z.minLength(1), z.maxLength(64)) });

/** The handler with its jobs use case given (tests and the local stack hand in theirs). */
export function makeJobsHandler(jobs: () => Pick<Jobs, 'run'>) {
  return lambdaHandler(schemaParser(eventSchema), async ({ jobId }) => {
    logger.appendKeys({ jobId });
    const outcome = await jobs().run(jobId);
    logger.info('job run', { outcome });
    return { jobId, outcome };
  });
}

export const handler = makeJobsHandler(
  once(() => {
    const setup = deployment();
    // The launch puts its contacts' public holidays on the campaign (the table built from date-holidays).
    return jobsUseCase(setup, undefined, makeOutreachChecker(setup.config.mail), holidayCalendar());
  }),
);
