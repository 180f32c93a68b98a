/**
 * `rapport report --campaign <id> | --client <id>`: the funnel (contacted, replied, accepted, met,
 * thanked, the rates and the median days) as a table; `--json` the API's JSON, `--csv` its CSV.
 */
import type { Command } from 'commander';
import { MILESTONES } from '#domain/funnel.ts';
import type { DayRange, FunnelReport } from '#domain/funnel-report.ts';
import { contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { table } from '../format.ts';
import { enc } from '../input.ts';

/** The API's answer: a campaign's funnel, or a client's with each campaign's. */
interface Report
  extends Pick<
    FunnelReport,
    'counts' | 'replyRate' | 'acceptanceRate' | 'medianDaysToReply' | 'medianDaysToMeeting' | 'note'
  > {
  name?: string;
  campaigns?: (Report & { campaignId: string })[];
}

const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10} %`);
const days = (range: DayRange | null) =>
  range === null
    ? '–'
    : range.to === null
      ? `${range.from}+ days`
      : range.from === range.to
        ? `${range.from} days`
        : `${range.from}–${range.to} days`;

/** The funnel as people read it: the counts, then the rates and medians, then the note. */
export function renderReport(report: Report): string {
  const rows: unknown[][] = [
    ...MILESTONES.map((m) => [m, report.counts[m] ?? 0]),
    ['reply rate', percent(report.replyRate)],
    ['acceptance rate', percent(report.acceptanceRate)],
    ['median days to reply', days(report.medianDaysToReply)],
    ['median days to meeting', days(report.medianDaysToMeeting)],
  ];
  const parts = [`${report.name ?? ''}`.trim(), table(['funnel', ''], rows)];
  if (report.campaigns && report.campaigns.length > 0) {
    parts.push(
      table(
        ['campaign', ...MILESTONES, 'reply rate', 'acceptance rate'],
        report.campaigns.map((c) => [
          c.name ?? c.campaignId,
          ...MILESTONES.map((m) => c.counts[m] ?? 0),
          percent(c.replyRate),
          percent(c.acceptanceRate),
        ]),
      ),
    );
  }
  parts.push(report.note);
  return parts.filter(Boolean).join('\n');
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description("the funnel of a campaign or of a client's campaigns (table, --json or --csv)")
    .option('--campaign <campaignId>', "the campaign's funnel")
    .option('--client <clientId>', "the client's funnel: all its campaigns, and each one")
    .option('--csv', 'print CSV (a header and one line per campaign or client)')
    .action(async (options: { campaign?: string; client?: string; csv?: boolean }, command: Command) => {
      if ((options.campaign === undefined) === (options.client === undefined)) {
        throw new CliError('report needs --campaign or --client', 'give one of them, with its id');
      }
      const path =
        options.campaign !== undefined
          ? `/campaigns/${enc(options.campaign)}/report`
          : `/clients/${enc(options.client as string)}/report`;
      const { api, out } = contextOf(command);
      if (options.csv) {
        const csv = await api.request<string>({
          method: 'GET',
          path,
          query: { format: 'csv' },
          what: 'report',
        });
        process.stdout.write(String(csv));
        return;
      }
      const report = await api.request<Report>({ method: 'GET', path, what: 'report' });
      out.show(report, () => renderReport(report));
    });
}
