/** Jobs (see `../job.ts`): where they are kept, and how one is started. */
import type { Job } from '../job.ts';
import type { Page, PageRequest } from './store.ts';

/** The job items (DynamoDB: `#adapters/dynamo-jobs.ts`). */
export interface JobStore {
  /** Writes a new job (its id must be new). */
  create(job: Job): Promise<void>;
  get(jobId: string): Promise<Job | undefined>;
  /** Jobs of a campaign, newest first. */
  listByCampaign(campaignId: string, page?: PageRequest): Promise<Page<Job>>;
  /**
   * Claims a job to run it (a conditional write): a `queued` job, or a `running` one whose lease ran
   * out at `now` (its run died), becomes `running` with a lease until `leaseUntil`. `undefined`:
   * someone else runs it, or it is finished — a second delivery of the job does nothing.
   */
  claim(jobId: string, now: string, leaseUntil: string): Promise<Job | undefined>;
  /** Records progress of a running job. */
  progress(jobId: string, progress: Job['progress'], now: string): Promise<void>;
  /** Ends a running job: `succeeded` with its result, or `failed` with its error. */
  finish(
    jobId: string,
    end:
      | { state: 'succeeded'; result: NonNullable<Job['result']> }
      | { state: 'failed'; error: NonNullable<Job['error']> },
    now: string,
  ): Promise<void>;
  /** Gives a running job back (`queued`) after a failure worth retrying: the next delivery runs it. */
  release(jobId: string, now: string): Promise<void>;
}

/** Starts a job without waiting for it: Lambda's asynchronous invoke in AWS, in process locally. */
export interface JobRunner {
  start(jobId: string): Promise<void>;
}
