/**
 * A job to its end: polls `GET /jobs/{id}`, shows a progress bar on stderr while it runs (only on a
 * terminal, never with --json), and returns the finished job; a failed job is a CliError.
 */
import { SingleBar } from 'cli-progress';
import type { Context } from './context.ts';
import { pollMs } from './context.ts';
import { CliError } from './errors.ts';
import { enc } from './input.ts';

export interface Job {
  id: string;
  kind: 'import' | 'launch';
  campaignId: string;
  clientId?: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  progress?: { done: number; total: number };
  result?: Record<string, unknown>;
  error?: unknown;
  createdAt?: string;
  updatedAt?: string;
}

export const isFinished = (job: Job) => job.state === 'succeeded' || job.state === 'failed';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function jobError(job: Job): string {
  const e = job.error;
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object') {
    const { message, field } = e as { message?: string; field?: string };
    return `${field ? `${field}: ` : ''}${message ?? JSON.stringify(e)}`;
  }
  return 'no reason given';
}

export async function waitForJob({ api, out }: Context, started: Job, what: string): Promise<Job> {
  const bar =
    process.stderr.isTTY && !out.json
      ? new SingleBar(
          { format: `${what} [{bar}] {value}/{total} {state}`, stream: process.stderr, hideCursor: true },
          undefined,
        )
      : undefined;
  let job = started;
  bar?.start(job.progress?.total ?? 0, job.progress?.done ?? 0, { state: job.state });
  try {
    while (!isFinished(job)) {
      await sleep(pollMs());
      job = await api.request<Job>({
        method: 'GET',
        path: `/jobs/${enc(job.id)}`,
        what: `read job ${job.id}`,
      });
      if (bar && job.progress) {
        bar.setTotal(job.progress.total);
        bar.update(job.progress.done, { state: job.state });
      }
    }
  } finally {
    bar?.stop();
  }
  if (job.state === 'failed') {
    throw new CliError(
      `${what} job ${job.id} failed: ${jobError(job)}`,
      `see \`rapport jobs ${job.id}\`; fix and run it again`,
    );
  }
  return job;
}
