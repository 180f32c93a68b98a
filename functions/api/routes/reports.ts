/**
 * The funnel report (`#domain/funnel-report.ts`) of a campaign, or of a client (its campaigns' counters
 * added up, and one row each): JSON, or CSV with `?format=csv` or `Accept: text/csv`. Read from the
 * counters items, never the contacts.
 */
import { ValidationError } from '#domain/errors.ts';
import {
  addCounters,
  type FunnelReport,
  type FunnelRow,
  funnelCsv,
  funnelReport,
} from '#domain/funnel-report.ts';
import type { Campaign } from '#domain/types.ts';
import { noBody } from '../body.ts';
import type { QueryParameter } from '../query.ts';
import { must, type OperationDeps, type Outcome, type Route, route } from '../route.ts';

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

function answer(csv: boolean, json: unknown, rows: FunnelRow[]): Outcome {
  return csv ? { status: 200, contentType: CSV, body: funnelCsv(rows) } : { status: 200, body: json };
}

export function reportRoutes({ store }: OperationDeps): Route[] {
  async function reportsOf(campaigns: Campaign[]) {
    const counters = await store.getFunnelCounters(campaigns.map((c) => c.id));
    return campaigns.map((c) => ({ campaign: c, counters: counters.get(c.id) ?? {} }));
  }
  const row = (c: Campaign, report: FunnelReport): FunnelRow => ({
    scope: 'campaign',
    id: c.id,
    name: c.name,
    report,
  });

  return [
    route({
      name: 'campaignReport',
      summary: "The campaign's funnel: contacted, replied, accepted, met, thanked, rates, median days",
      method: 'GET',
      pattern: '/campaigns/{campaignId}/report',
      body: noBody,
      query: [FORMAT_PARAMETER],
      produces: ['text/csv'],
      async run({ scope, query, accept }) {
        const campaign = must(scope.campaign);
        const csv = wantsCsv(query.format, accept);
        const [one] = await reportsOf([campaign]);
        const report = funnelReport(one?.counters ?? {});
        return answer(csv, { campaignId: campaign.id, name: campaign.name, ...report }, [
          row(campaign, report),
        ]);
      },
    }),
    route({
      name: 'clientReport',
      summary: "The client's funnel over all its campaigns, and each campaign's",
      method: 'GET',
      pattern: '/clients/{clientId}/report',
      body: noBody,
      query: [FORMAT_PARAMETER],
      produces: ['text/csv'],
      async run({ scope, query, accept }) {
        const client = must(scope.client);
        const csv = wantsCsv(query.format, accept);
        const each = await reportsOf(await store.listCampaigns(client.id));
        const report = funnelReport(addCounters(each.map((e) => e.counters)));
        const campaigns = each.map((e) => ({
          campaign: e.campaign,
          report: funnelReport(e.counters),
        }));
        const name = `${client.firstName} ${client.lastName}`;
        return answer(
          csv,
          {
            clientId: client.id,
            name,
            ...report,
            campaigns: campaigns.map(({ campaign, report }) => ({
              campaignId: campaign.id,
              name: campaign.name,
              ...report,
            })),
          },
          [
            { scope: 'client', id: client.id, name, report },
            ...campaigns.map(({ campaign, report }) => row(campaign, report)),
          ],
        );
      },
    }),
  ];
}
