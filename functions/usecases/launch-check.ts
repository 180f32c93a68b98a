/**
 * The outreach check of a launch (issue 16 item 2), before any job starts: every prospect the launch
 * would take (as `launchCampaign` takes them: prospects, not referrals awaiting approval), its
 * outreach rendered and checked. Run by the preview function, which has the renderer
 * (`GET /campaigns/{campaignId}/outreach-check`); the API's launch route asks it and refuses errors
 * unless the coach overrides them. Reads only.
 */
import type { Finding } from '#domain/outreach-check.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Store } from '#domain/ports/store.ts';
import { awaitsApproval } from '#domain/referrals.ts';
import type { Campaign, Client, Contact } from '#domain/types.ts';

/** The prospects with findings a report lists (errors first); the counts cover every prospect. */
export const MAX_LISTED = 50;

export interface OutreachCheckReport {
  /** Prospects checked: the contacts the launch would plan. */
  checked: number;
  errors: number;
  warnings: number;
  /** Prospects with findings, those with errors first, at most MAX_LISTED. */
  contacts: { contactId: string; email: string; findings: Finding[] }[];
}

/** One contact's outreach, rendered and checked (`#mail/outreach-findings.ts`). */
export type CheckOutreach = (input: {
  contact: Contact;
  client: Client;
  campaign: Campaign;
  now: Date;
}) => Finding[];

const hasErrors = (c: { findings: Finding[] }) => c.findings.some((f) => f.severity === 'error');

/** The check of the prospects a launch takes: every one counted, those with findings listed (errors first). */
export function checkProspects(
  prospects: Contact[],
  input: { client: Client; campaign: Campaign; now: Date; checkOutreach: CheckOutreach },
): OutreachCheckReport {
  const report: OutreachCheckReport = { checked: 0, errors: 0, warnings: 0, contacts: [] };
  for (const contact of prospects) {
    if (awaitsApproval(contact)) continue;
    const findings = input.checkOutreach({
      contact,
      client: input.client,
      campaign: input.campaign,
      now: input.now,
    });
    const errors = findings.filter((f) => f.severity === 'error').length;
    report.checked++;
    report.errors += errors;
    report.warnings += findings.length - errors;
    if (findings.length > 0) report.contacts.push({ contactId: contact.id, email: contact.email, findings });
  }
  report.contacts = [
    ...report.contacts.filter(hasErrors),
    ...report.contacts.filter((c) => !hasErrors(c)),
  ].slice(0, MAX_LISTED);
  return report;
}

/**
 * Why a launch is refused on its check's errors (undefined when it has none): the count, the first
 * five contacts with their errors' codes (`explain`: and what each says), and the way out. The API's 422 and the job's refusal (a
 * contact changed between the two) say the same.
 */
export function launchRefusal(report: OutreachCheckReport, options: { explain?: boolean } = {}) {
  if (report.errors === 0) return undefined;
  const failing = report.contacts.filter(hasErrors);
  // The API's 422 carries the findings beside its message; a job's refusal has only its message,
  // so it explains each code ("job-ask (… asks about "openings" …)").
  const listed = failing.slice(0, 5).map(
    (c) =>
      `${c.email}: ${c.findings
        .filter((f) => f.severity === 'error')
        .map((f) => (options.explain ? `${f.code} (${f.message})` : f.code))
        .join(', ')}`,
  );
  const message = `the outreach check found ${report.errors} error${report.errors === 1 ? '' : 's'} in ${report.checked} outreach emails (${listed.join('; ')}${failing.length > 5 ? '; …' : ''}): fix them (preview a contact's outreach) or launch with {"override": {"reason": "…"}}`;
  return { message, failing };
}

export interface LaunchCheckDeps {
  store: Pick<Store, 'listContactsByStage'>;
  checkOutreach: CheckOutreach;
  clock: Clock;
}

export function makeLaunchCheck(deps: LaunchCheckDeps) {
  return async function launchCheck(campaign: Campaign, client: Client): Promise<OutreachCheckReport> {
    const prospects: Contact[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listContactsByStage(campaign.id, 'prospect', { limit: 1000, cursor });
      prospects.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return checkProspects(prospects, {
      client,
      campaign,
      now: deps.clock.now(),
      checkOutreach: deps.checkOutreach,
    });
  };
}

export type LaunchCheck = ReturnType<typeof makeLaunchCheck>;
