/** `rapport jobs [ID] [--campaign C]`, and the report of a finished import or launch job. */
import type { Command } from 'commander';
import type { Context } from '../context.ts';
import { contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { cell, list, type Page, pageNote, plural, record, table } from '../format.ts';
import { enc } from '../input.ts';
import { type Job, jobError, waitForJob } from '../job-watch.ts';

interface InvalidRow {
  row: number;
  field: string;
  message: string;
}

/** A job's outcome for people: the counts, then the invalid rows (import) if any. */
export function jobReport(job: Job): string {
  const head = `${job.kind} job ${job.id}: ${job.state}`;
  if (job.state === 'failed') return `${head}\n${jobError(job)}`;
  if (job.state !== 'succeeded') {
    return `${head} (${job.progress?.done ?? 0}/${job.progress?.total ?? '?'})`;
  }
  const result = job.result ?? {};
  if (job.kind === 'launch') return `${head}\n${record(launchSummary(result))}`;
  const { invalid, ...counts } = result as { invalid?: InvalidRow[] } & Record<string, unknown>;
  const parts = [head, record(counts)];
  if (Array.isArray(invalid) && invalid.length > 0) {
    parts.push(
      'invalid rows (not imported):',
      table(
        ['row', 'field', 'message'],
        invalid.map((r) => [r.row, r.field, r.message]),
      ),
    );
    const more = Number(result.invalidCount ?? invalid.length) - invalid.length;
    if (more > 0) parts.push(`… and ${more} more invalid rows`);
  }
  return parts.join('\n');
}

interface LaunchResult {
  launched?: number;
  first?: string;
  last?: string;
  stoppedByPause?: boolean;
  check?: { errors: number; warnings: number; overridden?: string };
}

/** A launch's result in words: how many, when the outreach goes, the check, a pause that stopped it. */
function launchSummary(result: Record<string, unknown>): Record<string, unknown> {
  const { launched = 0, first, last, stoppedByPause, check } = result as LaunchResult;
  const errors = check && check.errors > 0 ? `${plural(check.errors, 'error')}` : 'no errors';
  return {
    launched: plural(launched, 'contact'),
    ...(first ? { 'first outreach': first } : {}),
    ...(last && last !== first ? { 'last outreach': last } : {}),
    ...(check
      ? {
          'outreach check': `${errors}${check.overridden ? ` (overridden: "${check.overridden}")` : ''}, ${plural(check.warnings, 'warning')}`,
        }
      : {}),
    ...(stoppedByPause ? { stopped: 'by a pause of the campaign: resume it to launch the rest' } : {}),
  };
}

/** A started job (`202 {job}`): watched to its end and reported, or printed as started with --no-wait. */
export async function finishJob(
  ctx: Context,
  started: { job?: Job },
  what: string,
  wait: boolean,
): Promise<void> {
  if (!started?.job) {
    // An API answering without a job (done at once): its answer as is.
    ctx.out.show(started, () => record((started ?? {}) as Record<string, unknown>));
    return;
  }
  const job = wait ? await waitForJob(ctx, started.job, what) : started.job;
  ctx.out.show(job, () => jobReport(job));
}

const progressOf = (job: Job) => (job.progress ? `${job.progress.done}/${job.progress.total}` : '');

export function registerJobs(program: Command): void {
  program
    .command('jobs [jobId]')
    .description("a job's state and report, or the jobs of a campaign")
    .option('--campaign <campaignId>', 'list the jobs of this campaign')
    .option('--cursor <cursor>', 'the next page')
    .action(
      async (
        jobId: string | undefined,
        options: { campaign?: string; cursor?: string },
        command: Command,
      ) => {
        const { api, out } = contextOf(command);
        if (jobId) {
          const job = await api.request<Job>({
            method: 'GET',
            path: `/jobs/${enc(jobId)}`,
            what: 'read job',
          });
          out.show(job, () => jobReport(job));
          return;
        }
        if (!options.campaign) throw new CliError('which jobs?', 'give a job id or --campaign ID');
        const page = await api.request<Page<Job & Record<string, unknown>>>({
          method: 'GET',
          path: `/campaigns/${enc(options.campaign)}/jobs`,
          query: { cursor: options.cursor },
          what: 'list jobs',
        });
        pageNote(page, out);
        out.show(page, () =>
          list(page.items, [
            'id',
            'kind',
            'state',
            ['progress', progressOf],
            ['result', (j) => cell(j.result)],
            'createdAt',
          ]),
        );
      },
    );
}
