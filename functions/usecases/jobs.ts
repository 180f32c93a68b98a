/**
 * Jobs: submitted by the API (written `queued`, then started without waiting), run by the jobs
 * function. A run claims its job first (a conditional write): a job delivered twice runs once, and a
 * run that died is taken over once its lease is out. A failure worth retrying gives the job back and
 * throws (Lambda retries the delivery); any other failure ends the job `failed`, naming why.
 */
import { randomUUID } from 'node:crypto';
import { NotFound, RetryableError, TransitionRefused, ValidationError } from '#domain/errors.ts';
import { type ImportSource, type Job, type JobKind, type LaunchResult, PROGRESS_EVERY } from '#domain/job.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { JobRunner, JobStore } from '#domain/ports/jobs.ts';
import type { Campaign } from '#domain/types.ts';
import { logger } from '#shared/logger.ts';
import type { makeImportJob, OnProgress } from './import-job.ts';

/** How long a run owns its job: the jobs function's longest run (Lambda's 15 minutes). */
export const JOB_LEASE_MS = 15 * 60_000;

export interface JobsDeps {
  jobs: JobStore;
  runner: JobRunner;
  clock: Clock;
  runImport: ReturnType<typeof makeImportJob>;
  launch: (campaignId: string, options: { onProgress: OnProgress }) => Promise<LaunchResult>;
}

export function makeJobs(deps: JobsDeps) {
  const now = () => deps.clock.now().toISOString();

  /** Writes a queued job and starts it; answers the job as written. */
  async function submit(kind: JobKind, campaign: Campaign, source?: ImportSource): Promise<Job> {
    const at = now();
    const job: Job = {
      id: randomUUID(),
      kind,
      campaignId: campaign.id,
      clientId: campaign.clientId,
      state: 'queued',
      progress: { done: 0, total: 0 },
      ...(source ? { source } : {}),
      createdAt: at,
      updatedAt: at,
    };
    await deps.jobs.create(job);
    try {
      await deps.runner.start(job.id);
    } catch (error) {
      // Not started: the job is ended now rather than left queued for ever; the request fails (and
      // keeps no Idempotency-Key), so a retry submits a new one.
      const at = now();
      if (await deps.jobs.claim(job.id, at, at)) {
        await deps.jobs.finish(
          job.id,
          { state: 'failed', error: { code: 'not_started', message: 'the job could not be started' } },
          at,
        );
      }
      throw error;
    }
    return job;
  }

  /** Runs a job by id; answers how it ended, or `skipped` when this delivery had nothing to do. */
  async function run(jobId: string): Promise<Job['state'] | 'skipped'> {
    const start = deps.clock.now();
    const job = await deps.jobs.claim(
      jobId,
      start.toISOString(),
      new Date(start.getTime() + JOB_LEASE_MS).toISOString(),
    );
    if (!job) {
      logger.info('job not claimed: running elsewhere, finished or unknown', { jobId });
      return 'skipped';
    }
    let written = 0;
    const onProgress: OnProgress = async (done, total) => {
      if (done - written < PROGRESS_EVERY && done !== total) return;
      written = done;
      await deps.jobs.progress(jobId, { done, total }, now());
    };
    try {
      const result =
        job.kind === 'import'
          ? await deps.runImport(job, onProgress)
          : await deps.launch(job.campaignId, { onProgress });
      await deps.jobs.finish(jobId, { state: 'succeeded', result }, now());
      return 'succeeded';
    } catch (error) {
      if (error instanceof RetryableError) {
        await deps.jobs.release(jobId, now());
        throw error;
      }
      const expected =
        error instanceof ValidationError || error instanceof NotFound || error instanceof TransitionRefused;
      if (!expected) logger.error('job failed', { jobId, error });
      const message = expected ? error.message : 'internal error';
      await deps.jobs.finish(
        jobId,
        { state: 'failed', error: { code: expected ? error.name : 'internal', message } },
        now(),
      );
      return 'failed';
    }
  }

  return { submit, run };
}

export type Jobs = ReturnType<typeof makeJobs>;
