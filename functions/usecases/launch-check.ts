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

export interface LaunchCheckDeps {
  store: Pick<Store, 'listContactsByStage'>;
  /** One contact's outreach, rendered and checked (`#mail/outreach-findings.ts`). */
  checkOutreach: (input: { contact: Contact; client: Client; campaign: Campaign; now: Date }) => Finding[];
  clock: Clock;
}

export function makeLaunchCheck(deps: LaunchCheckDeps) {
  return async function launchCheck(campaign: Campaign, client: Client): Promise<OutreachCheckReport> {
    const now = deps.clock.now();
    const report: OutreachCheckReport = { checked: 0, errors: 0, warnings: 0, contacts: [] };
    let cursor: string | undefined;
    do {
      const page = await deps.store.listContactsByStage(campaign.id, 'prospect', { limit: 1000, cursor });
      for (const contact of page.items.filter((c) => !awaitsApproval(c))) {
        const findings = deps.checkOutreach({ contact, client, campaign, now });
        const errors = findings.filter((f) => f.severity === 'error').length;
        report.checked++;
        report.errors += errors;
        report.warnings += findings.length - errors;
        if (findings.length > 0)
          report.contacts.push({ contactId: contact.id, email: contact.email, findings });
      }
      cursor = page.cursor;
    } while (cursor);
    const errorsOf = (c: { findings: Finding[] }) => c.findings.some((f) => f.severity === 'error');
    report.contacts = [
      ...report.contacts.filter(errorsOf),
      ...report.contacts.filter((c) => !errorsOf(c)),
    ].slice(0, MAX_LISTED);
    return report;
  };
}

export type LaunchCheck = ReturnType<typeof makeLaunchCheck>;
