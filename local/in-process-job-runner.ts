/**
 * The JobRunner port locally and in tests: the same job code (`makeJobs().run`) invoked in this
 * process, not awaited by the request that started it — as Lambda's asynchronous invoke would.
 */
import type { JobRunner } from '#domain/ports/jobs.ts';
import { logger } from '#shared/logger.ts';

export interface InProcessJobRunner extends JobRunner {
  /** Resolves when every job started so far has finished (tests). */
  settled(): Promise<void>;
}

/** `run` is given late: the jobs use case that runs a job needs this runner to start one. */
export function makeInProcessJobRunner(run: () => (jobId: string) => Promise<unknown>): InProcessJobRunner {
  const running = new Set<Promise<void>>();
  return {
    async start(jobId) {
      const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run()(jobId))
        .then(
          () => undefined,
          (error) => logger.error('job failed', { jobId, error }),
        )
        .finally(() => running.delete(job));
      running.add(job);
    },
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
