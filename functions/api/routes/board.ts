/**
 * The pipeline board of a campaign: every stage's count (the counters item, one read) and the first
 * page of each non-empty column as contact summaries, each column with its own cursor; `?stage=&cursor=`
 * pages one column. A page costs the counters read plus one query per non-empty column shown, however
 * large the campaign.
 */
import { type ContactSummary, contactSummary } from '#domain/contact-view.ts';
import { NotFound } from '#domain/errors.ts';
import { STAGES, type Stage } from '#domain/types.ts';
import { noBody } from '../body.ts';
import { type PageBounds, pageOf, pageParameters, stageOf, stageParameter } from '../query.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

export interface BoardColumn {
  stage: Stage;
  count: number;
  items: ContactSummary[];
  /** Present when the column may have more: `?stage=<stage>&cursor=<cursor>` reads the next page. */
  cursor?: string;
}

/** Contacts shown per column. */
const COLUMN_PAGE: PageBounds = { defaultLimit: 25, maxLimit: 100 };

export function boardRoutes({ store }: OperationDeps): Route[] {
  return [
    route({
      name: 'campaignBoard',
      method: 'GET',
      pattern: '/campaigns/{campaignId}/board',
      body: noBody,
      query: [
        stageParameter(false, 'only this column (required with `cursor`)'),
        ...pageParameters(COLUMN_PAGE),
      ],
      async run({ query, scope }) {
        const campaign = must(scope.campaign);
        const one =
          query.stage !== undefined || query.cursor !== undefined ? stageOf(query.stage) : undefined;
        const page = pageOf(query, COLUMN_PAGE);
        const stats = await store.getCampaignStats(campaign.id);
        if (!stats) throw new NotFound('campaign', campaign.id);
        const columns = await Promise.all(
          (one ? [one] : STAGES).map(async (stage): Promise<BoardColumn> => {
            const count = stats.byStage[stage];
            if (count <= 0 && !one) return { stage, count, items: [] };
            const found = await store.listContactsByStage(campaign.id, stage, page);
            return {
              stage,
              count,
              items: found.items.map(contactSummary),
              ...(found.cursor ? { cursor: found.cursor } : {}),
            };
          }),
        );
        return { status: 200, body: { campaignId: campaign.id, total: stats.total, columns } };
      },
    }),
  ];
}
