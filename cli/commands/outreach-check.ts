/**
 * The outreach check from the command line: `rapport check <campaignId>` (the check a launch runs,
 * without launching: `GET /campaigns/{campaignId}/outreach-check`), and the findings of a launch the
 * check refused (a 422 naming `override` with `error.findings`), shown as the same table.
 */
import type { Command } from 'commander';
import { contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { plural, table } from '../format.ts';
import { enc } from '../input.ts';

interface Finding {
  severity: string;
  code: string;
  message: string;
}

/** A prospect with findings, as the API lists it. */
export interface ContactFindings {
  contactId: string;
  email: string;
  findings: Finding[];
}

/** `GET /campaigns/{campaignId}/outreach-check`. */
export interface OutreachCheckReport {
  checked: number;
  errors: number;
  warnings: number;
  contacts: ContactFindings[];
}

/** How a launch gets past the check's errors. */
export const OVERRIDE_HINT =
  'fix them (`rapport preview CONTACT outreach` shows one) or launch with --override "<reason>"';

/** One row per finding: the contact (address and id), its severity, its code and message. */
export function renderFindings(contacts: ContactFindings[]): string {
  return table(
    ['contact', 'severity', 'finding'],
    contacts.flatMap((c) =>
      c.findings.map((f) => [`${c.email}\n${c.contactId}`, f.severity, `${f.code}: ${f.message}`]),
    ),
  );
}

/** The check's report for people: its counts, then the findings (the API lists at most 50 contacts). */
export function renderCheck(report: OutreachCheckReport): string {
  const counts = `${plural(report.checked, 'contact')} checked: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`;
  if (report.contacts.length === 0) return `no findings: ${plural(report.checked, 'contact')} checked`;
  const listed = report.contacts.reduce((n, c) => n + c.findings.length, 0);
  const more =
    listed < report.errors + report.warnings
      ? `\n${report.errors + report.warnings - listed} more findings in contacts not listed (the check lists the first contacts with findings, errors first)`
      : '';
  return `${counts}\n${renderFindings(report.contacts)}${more}`;
}

/**
 * A launch refused by the outreach check (422 naming `override`, `error.findings`): with --json the
 * API's error body as is on stdout, else the findings as a table; then the refusal with the hint
 * how to override (a non-zero exit). Refused for a missing resume (422 naming `resume`): the command
 * that uploads it. Any other error is thrown as it is.
 */
export function showLaunchRefusal(error: unknown, command: Command): never {
  const body = error instanceof CliError ? error.answer?.body : undefined;
  const refused = (body as { error?: { field?: unknown; findings?: unknown } } | undefined)?.error;
  if (error instanceof CliError && error.answer?.status === 422 && refused?.field === 'resume') {
    const message = String((refused as { message?: unknown }).message ?? '');
    const clientId = /\bclient (\S+) has no checked resume/.exec(message)?.[1] ?? '<clientId>';
    throw new CliError(
      "launch refused: the client's resume is not uploaded yet (the outreach attaches it)",
      `upload it with \`rapport clients resume ${clientId} <file.pdf>\`, then launch again`,
    );
  }
  if (!(error instanceof CliError) || error.answer?.status !== 422 || refused?.field !== 'override')
    throw error;
  const findings = Array.isArray(refused.findings) ? (refused.findings as ContactFindings[]) : [];
  const { out } = contextOf(command);
  out.show(body, () => renderFindings(findings));
  const errors = findings.reduce((n, c) => n + c.findings.filter((f) => f.severity === 'error').length, 0);
  throw new CliError(
    `launch refused: the outreach check found ${plural(errors, 'error')} in the outreach of ${plural(findings.length, 'contact')}`,
    OVERRIDE_HINT,
  );
}

export function registerOutreachCheck(program: Command): void {
  program
    .command('check <campaignId>')
    .description(
      "the outreach check a launch runs, without launching: each prospect's outreach rendered, its findings (exit 1 on errors)",
    )
    .action(async (campaignId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const report = await api.request<OutreachCheckReport>({
        method: 'GET',
        path: `/campaigns/${enc(campaignId)}/outreach-check`,
        what: 'outreach check',
      });
      out.show(report, () => renderCheck(report));
      if (report.errors > 0) {
        throw new CliError(
          `the outreach check found ${plural(report.errors, 'error')} in the outreach of ${plural(report.checked, 'contact')}`,
          OVERRIDE_HINT,
        );
      }
    });
}
