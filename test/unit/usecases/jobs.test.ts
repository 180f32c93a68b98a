/**
 * The jobs use case and the jobs function's handler: a claim per run (a second delivery does
 * nothing), a failure worth retrying gives the job back and throws (Lambda delivers it again),
 * any other failure ends it `failed` naming why; progress is written every PROGRESS_EVERY contacts.
 */
import { describe, expect, it } from 'vitest';
import { RetryableError, ValidationError } from '#domain/errors.ts';
import type { Job } from '#domain/job.ts';
import type { JobStore } from '#domain/ports/jobs.ts';
import { makeJobsHandler } from '#handlers/jobs.ts';
import { localContext } from '#local/lambda-context.ts';
import { type JobsDeps, makeJobs } from '#usecases/jobs.ts';

const NOW = new Date('2027-03-01T08:00:00.000Z');
const campaign = { id: 'camp-1', clientId: 'client-1' } as Parameters<
  ReturnType<typeof makeJobs>['submit']
>[1];

/** Job items in memory, with the claim's condition as the DynamoDB adapter writes it. */
function memoryJobStore() {
  const items = new Map<string, Job>();
  const progressWrites: Job['progress'][] = [];
  const store: JobStore = {
    async create(job) {
      items.set(job.id, { ...job });
    },
    async get(id) {
      return items.get(id);
    },
    async listByCampaign() {
      return { items: [...items.values()] };
    },
    async claim(id, now, leaseUntil) {
      const job = items.get(id);
      const free = job?.state === 'queued' || (job?.state === 'running' && (job.leaseUntil ?? '') < now);
      if (!job || !free) return undefined;
      Object.assign(job, { state: 'running', leaseUntil, attempts: (job.attempts ?? 0) + 1 });
      return { ...job };
    },
    async progress(id, progress) {
      progressWrites.push(progress);
      Object.assign(items.get(id) as Job, { progress });
    },
    async finish(id, end) {
      Object.assign(items.get(id) as Job, end);
    },
    async release(id) {
      Object.assign(items.get(id) as Job, { state: 'queued' });
    },
  };
  return { store, items, progressWrites };
}

function setup(launch: JobsDeps['launch']) {
  const memory = memoryJobStore();
  const started: string[] = [];
  const jobs = makeJobs({
    jobs: memory.store,
    runner: { start: async (id) => void started.push(id) },
    clock: { now: () => NOW },
    runImport: async () => {
      throw new Error('no import here');
    },
    launch,
  });
  return { jobs, memory, started };
}

describe('jobs', () => {
  it('submits a queued job and starts it; a run claims it, writes progress every 500, and stores the result', async () => {
    const { jobs, memory, started } = setup(async (_campaignId, { onProgress }) => {
      for (let done = 1; done <= 1200; done++) await onProgress(done, 1200);
      return { launched: 1200 };
    });
    const job = await jobs.submit('launch', campaign);
    expect(job).toMatchObject({
      kind: 'launch',
      state: 'queued',
      campaignId: 'camp-1',
      clientId: 'client-1',
    });
    expect(started).toEqual([job.id]);
    expect(await jobs.run(job.id)).toBe('succeeded');
    expect(memory.progressWrites).toEqual([
      { done: 500, total: 1200 },
      { done: 1000, total: 1200 },
      { done: 1200, total: 1200 },
    ]);
    expect(memory.items.get(job.id)).toMatchObject({ state: 'succeeded', result: { launched: 1200 } });
    // Delivered again: claimed by nobody, nothing run.
    expect(await jobs.run(job.id)).toBe('skipped');
  });

  it('a failure worth retrying gives the job back and throws; the next delivery runs it', async () => {
    let calls = 0;
    const { jobs, memory } = setup(async () => {
      calls++;
      if (calls === 1) throw new RetryableError('DynamoDB throttled');
      return { launched: 3 };
    });
    const job = await jobs.submit('launch', campaign);
    await expect(jobs.run(job.id)).rejects.toThrow(RetryableError);
    expect(memory.items.get(job.id)?.state).toBe('queued');
    expect(await jobs.run(job.id)).toBe('succeeded');
    expect(memory.items.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('any other failure ends the job failed, naming why (internal errors not described)', async () => {
    const refused = setup(async () => {
      throw ValidationError.of('campaign', 'has no client');
    });
    const a = await refused.jobs.submit('launch', campaign);
    expect(await refused.jobs.run(a.id)).toBe('failed');
    expect(refused.memory.items.get(a.id)).toMatchObject({
      state: 'failed',
      error: { code: 'ValidationError', message: 'campaign: has no client' },
    });
    const broken = setup(async () => {
      throw new TypeError('x is undefined');
    });
    const b = await broken.jobs.submit('launch', campaign);
    expect(await broken.jobs.run(b.id)).toBe('failed');
    expect(broken.memory.items.get(b.id)?.error).toEqual({ code: 'internal', message: 'internal error' });
  });
});

describe('a job that could not be started', () => {
  it('is ended failed, and the submit throws', async () => {
    const memory = memoryJobStore();
    const jobs = makeJobs({
      jobs: memory.store,
      runner: {
        start: async () => {
          throw new RetryableError('Lambda throttled the invoke');
        },
      },
      clock: { now: () => NOW },
      runImport: async () => {
        throw new Error('no import here');
      },
      launch: async () => ({ launched: 0 }),
    });
    await expect(jobs.submit('launch', campaign)).rejects.toThrow(RetryableError);
    expect([...memory.items.values()]).toEqual([
      expect.objectContaining({
        state: 'failed',
        error: { code: 'not_started', message: 'the job could not be started' },
      }),
    ]);
  });
});

describe('jobs function handler', () => {
  it('runs the job named by the event', async () => {
    const ran: string[] = [];
    const handler = makeJobsHandler(() => ({
      async run(id) {
        ran.push(id);
        return 'succeeded' as const;
      },
    }));
    expect(await handler({ jobId: 'job-1' }, localContext('rapport-jobs'))).toEqual({
      jobId: 'job-1',
      outcome: 'succeeded',
    });
    expect(ran).toEqual(['job-1']);
  });

  it('refuses an event without a job id (it ends in the dead-letter queue)', async () => {
    const handler = makeJobsHandler(() => ({ run: async () => 'succeeded' as const }));
    await expect(handler({ id: 'job-1' }, localContext('rapport-jobs'))).rejects.toThrow(ValidationError);
  });
});
