/**
 * The funnel report (`#domain/funnel-report.ts`) of a campaign, or of a client (its campaigns' counters
 * added up, and one row each): JSON, or CSV with `?format=csv` or `Accept: text/csv`. Read from the
 * counters items, never the contacts.
 */
import { ValidationError } from '#domain/errors.ts';
import { addCounters, type FunnelRow, funnelCsv, funnelReport } from '#domain/funnel-report.ts';
import type { Campaign } from '#domain/types.ts';
import { noBody } from '../body.ts';
import type { QueryParameter } from '../query.ts';
import { must, type OperationDeps, type Outcome, type Route, route } from '../route.ts';
import type { Scope } from '../scope.ts';

const FORMATS = ['json', 'csv'] as const;
const CSV = 'text/csv; charset=utf-8';

const FORMAT_PARAMETER: QueryParameter = {
  name: 'format',
  description: 'json (the default) or csv; `Accept: text/csv` asks for csv too',
  schema: { type: 'string', enum: [...FORMATS] },
};

/** CSV when `format=csv`, or no format and the Accept header names text/csv; 422 naming `format` otherwise. */
function wantsCsv(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw ValidationError.of('format', `must be one of ${FORMATS.join(', ')}`);
    }
    return format === 'csv';
  }
  return /(^|,)\s*text\/csv\b/i.test(accept ?? '');
}

/** A report route: GET, no body, `?format=`, answering JSON or CSV as `wantsCsv` reads the request. */
function reportRoute(
  name: string,
  summary: string,
  pattern: string,
  build: (scope: Scope) => Promise<{ json: unknown; rows: FunnelRow[] }>,
): Route {
  return route({
    name,
    summary,
    method: 'GET',
    pattern,
    body: noBody,
    query: [FORMAT_PARAMETER],
    produces: ['text/csv'],
    async run({ scope, query, accept }): Promise<Outcome> {
      const csv = wantsCsv(query.format, accept);
      const { json, rows } = await build(scope);
      return csv ? { status: 200, contentType: CSV, body: funnelCsv(rows) } : { status: 200, body: json };
    },
  });
}

export function reportRoutes({ store }: OperationDeps): Route[] {
  /** Each campaign with its funnel report (its counters item; zeros without one). */
  async function reportsOf(campaigns: Campaign[]) {
    const counters = await store.getFunnelCounters(campaigns.map((c) => c.id));
    return campaigns.map((campaign) => {
      const report = funnelReport(counters.get(campaign.id) ?? {});
      return {
        counters: counters.get(campaign.id) ?? {},
        json: { campaignId: campaign.id, name: campaign.name, ...report },
        row: { scope: 'campaign', id: campaign.id, name: campaign.name, report } satisfies FunnelRow,
      };
    });
  }

  return [
    reportRoute(
      'campaignReport',
      "The campaign's funnel: contacted, replied, accepted, met, thanked, rates, median days",
      '/campaigns/{campaignId}/report',
      async (scope) => {
        const [one] = await reportsOf([must(scope.campaign)]);
        if (!one) throw new Error('no report of the campaign');
        return { json: one.json, rows: [one.row] };
      },
    ),
    reportRoute(
      'clientReport',
      "The client's funnel over all its campaigns, and each campaign's",
      '/clients/{clientId}/report',
      async (scope) => {
        const client = must(scope.client);
        const each = await reportsOf(await store.listCampaigns(client.id));
        const report = funnelReport(addCounters(each.map((e) => e.counters)));
        const name = `${client.firstName} ${client.lastName}`;
        return {
          json: { clientId: client.id, name, ...report, campaigns: each.map((e) => e.json) },
          rows: [{ scope: 'client', id: client.id, name, report }, ...each.map((e) => e.row)],
        };
      },
    ),
  ];
}
