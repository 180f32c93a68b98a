/**
 * `rapport campaigns [list|create|show|update]`, and what is done to a campaign: `launch` (a job,
 * watched to its end), `pause`/`resume` (a campaign, or one contact with --contact), `board`,
 * `stats`, `contacts`.
 */
import type { Command } from 'commander';
import { callAndShow, contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { list, type Page, pageNote, table } from '../format.ts';
import { enc, jsonOption } from '../input.ts';
import type { Job } from '../job-watch.ts';
import { finishJob } from './jobs.ts';
import { showLaunchRefusal } from './outreach-check.ts';

type Row = Record<string, unknown>;

const CAMPAIGN_COLUMNS: (string | [string, (c: Row) => unknown])[] = ['id', 'name', 'status', 'createdAt'];

/** A contact in a list: who, where, and the next email planned. */
const CONTACT_COLUMNS: (string | [string, (c: Row) => unknown])[] = [
  'id',
  ['name', (c) => c.name ?? `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim()],
  'email',
  'company',
  'stage',
  ['next email', (c) => nextEmail(c)],
];

function nextEmail(c: Row): string {
  const next = (c.nextEmail ?? c.next ?? (Array.isArray(c.schedules) ? c.schedules[0] : undefined)) as
    | { step?: string; at?: string }
    | undefined;
  return next ? `${next.step ?? ''} ${next.at ?? ''}`.trim() : '';
}

interface Column {
  stage: string;
  count?: number;
  items?: Row[];
  cursor?: string;
}

/** The board's columns, whether the API answers `{columns: [...]}`, `{stages: {...}}` or one column. */
export function boardColumns(board: Row): Column[] {
  const raw = board.columns ?? board.stages;
  if (Array.isArray(raw)) return raw as Column[];
  if (raw && typeof raw === 'object') {
    return Object.entries(raw as Record<string, Omit<Column, 'stage'>>).map(([stage, c]) => ({
      stage,
      ...c,
    }));
  }
  if (typeof board.stage === 'string') return [board as unknown as Column];
  return [];
}

export function renderBoard(board: Row): string {
  const all = boardColumns(board);
  const columns = all.filter((c) => (c.count ?? c.items?.length ?? 0) > 0);
  if (columns.length === 0) return '(no contacts)';
  // The stages with contacts, each as a table; the empty ones on one line.
  const empty = all.filter((c) => !columns.includes(c)).map((c) => c.stage);
  return [
    ...columns.map((c) => {
      const more = c.cursor ? `\n  more: --stage ${c.stage} --cursor ${c.cursor}` : '';
      return `${c.stage} (${c.count ?? c.items?.length ?? 0})\n${list(c.items ?? [], CONTACT_COLUMNS)}${more}`;
    }),
    ...(empty.length > 0 ? [`no contacts in: ${empty.join(', ')}`] : []),
  ].join('\n\n');
}

async function campaignFields(options: {
  name?: string;
  policy?: string;
  questions?: string;
  framework?: string;
}): Promise<Row> {
  return {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(options.framework !== undefined ? { questionFramework: options.framework } : {}),
    ...(options.policy !== undefined ? { policy: await jsonOption('--policy', options.policy) } : {}),
    ...(options.questions !== undefined
      ? { questionBank: await jsonOption('--questions', options.questions) }
      : {}),
  };
}

/** The counters: the stages that have contacts, in lifecycle order, and the total. */
export function renderStats(stats: Row): string {
  const byStage = Object.entries((stats.byStage ?? {}) as Record<string, number>).filter(([, n]) => n > 0);
  return table(['stage', 'contacts'], [...byStage, ['total', stats.total ?? 0]]);
}

/** POST a verb to a campaign or a contact (pause, resume). */
async function act(command: Command, verb: 'pause' | 'resume', campaignId?: string, contactId?: string) {
  if ((campaignId === undefined) === (contactId === undefined)) {
    throw new CliError(`${verb} what?`, `give a campaign id, or --contact ID (not both)`);
  }
  const path = contactId
    ? `/contacts/${enc(contactId)}/${verb}`
    : `/campaigns/${enc(campaignId as string)}/${verb}`;
  await callAndShow(command, { method: 'POST', path, what: `${verb} ${contactId ? 'contact' : 'campaign'}` });
}

export function registerCampaigns(program: Command): void {
  const campaigns = program
    .command('campaigns')
    .description("create, list, show and update a client's campaigns");

  campaigns
    .command('list', { isDefault: true })
    .description("list a client's campaigns")
    .requiredOption('--client <clientId>', 'whose campaigns')
    .option('--cursor <cursor>', 'the next page')
    .action(async (options: { client: string; cursor?: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const page = await api.request<Page<Row>>({
        method: 'GET',
        path: `/clients/${enc(options.client)}/campaigns`,
        query: { cursor: options.cursor },
        what: 'list campaigns',
      });
      pageNote(page, out);
      out.show(page, () => list(page.items, CAMPAIGN_COLUMNS));
    });

  campaigns
    .command('create')
    .description('create a campaign (a draft: import contacts, then launch it)')
    .requiredOption('--client <clientId>', 'whose campaign')
    .requiredOption('--name <name>', "the campaign's name")
    .option('--policy <json>', 'policy settings over the defaults, JSON or @file.json')
    .option('--questions <json>', 'the question bank, JSON [{domain, text, tiara?}] or @file.json')
    .option('--framework <seed|tiara>', "the meetings' question framework (default seed)")
    .action(
      async (
        options: { client: string; name: string; policy?: string; questions?: string; framework?: string },
        command: Command,
      ) => {
        await callAndShow(command, {
          method: 'POST',
          path: `/clients/${enc(options.client)}/campaigns`,
          json: await campaignFields(options),
          what: 'create campaign',
        });
      },
    );

  campaigns
    .command('show <campaignId>')
    .description('show a campaign and its policy')
    .action(async (campaignId: string, _options: unknown, command: Command) => {
      await callAndShow(command, {
        method: 'GET',
        path: `/campaigns/${enc(campaignId)}`,
        what: 'show campaign',
      });
    });

  campaigns
    .command('update <campaignId>')
    .description(
      'rename a campaign, change its policy (merged over the current one), its question framework or bank',
    )
    .option('--name <name>', 'the new name')
    .option('--policy <json>', 'policy settings to change, JSON or @file.json')
    .option('--framework <seed|tiara>', "the meetings' question framework (default seed)")
    .option('--questions <json>', 'a new question bank, JSON [{domain, text, tiara?}] or @file.json')
    .action(
      async (
        campaignId: string,
        options: { name?: string; policy?: string; framework?: string; questions?: string },
        command: Command,
      ) => {
        const body = await campaignFields(options);
        if (Object.keys(body).length === 0)
          throw new CliError('nothing to update', 'give --name, --policy, --framework or --questions');
        await callAndShow(command, {
          method: 'PATCH',
          path: `/campaigns/${enc(campaignId)}`,
          json: body,
          what: 'update campaign',
        });
      },
    );

  program
    .command('launch <campaignId>')
    .description('launch a campaign: plans the outreach of its prospects (a job, watched to its end)')
    .option('--no-wait', 'print the job and return at once')
    .option(
      '--override <reason>',
      "launch despite the outreach check's errors, saying why (recorded on the campaign)",
    )
    .action(async (campaignId: string, options: { wait: boolean; override?: string }, command: Command) => {
      const ctx = contextOf(command);
      if (options.override !== undefined && options.override.trim() === '')
        throw new CliError('--override needs a reason', 'say why the outreach goes out despite the check');
      const started = await ctx.api
        .request<{ job: Job }>({
          method: 'POST',
          path: `/campaigns/${enc(campaignId)}/launch`,
          ...(options.override !== undefined ? { json: { override: { reason: options.override } } } : {}),
          idempotencyKey: ctx.key(),
          what: 'launch',
        })
        .catch((error: unknown) => showLaunchRefusal(error, command));
      await finishJob(ctx, started, 'launch', options.wait);
    });

  for (const verb of ['pause', 'resume'] as const) {
    program
      .command(`${verb} [campaignId]`)
      .description(`${verb} a campaign, or one contact with --contact`)
      .option('--contact <contactId>', `${verb} this contact only`)
      .action(async (campaignId: string | undefined, options: { contact?: string }, command: Command) => {
        await act(command, verb, campaignId, options.contact);
      });
  }

  program
    .command('board <campaignId>')
    .description("a campaign's contacts by stage: each column's count and first page")
    .option('--stage <stage>', 'one column only')
    .option('--cursor <cursor>', "the column's next page (with --stage)")
    .action(async (campaignId: string, options: { stage?: string; cursor?: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const board = await api.request<Row>({
        method: 'GET',
        path: `/campaigns/${enc(campaignId)}/board`,
        query: { stage: options.stage, cursor: options.cursor },
        what: 'board',
      });
      out.show(board, () => renderBoard(board));
    });

  program
    .command('contacts <campaignId>')
    .description("a campaign's contacts in one stage")
    .requiredOption('--stage <stage>', 'the stage, e.g. prospect, contacted, replied')
    .option('--limit <n>', 'at most n contacts')
    .option('--cursor <cursor>', 'the next page')
    .action(
      async (
        campaignId: string,
        options: { stage: string; limit?: string; cursor?: string },
        command: Command,
      ) => {
        const { api, out } = contextOf(command);
        const page = await api.request<Page<Row>>({
          method: 'GET',
          path: `/campaigns/${enc(campaignId)}/contacts`,
          query: options,
          what: 'list contacts',
        });
        pageNote(page, out);
        out.show(page, () => list(page.items, CONTACT_COLUMNS));
      },
    );

  program
    .command('stats <campaignId>')
    .description("a campaign's counters")
    .action(async (campaignId: string, _options: unknown, command: Command) => {
      await callAndShow(
        command,
        { method: 'GET', path: `/campaigns/${enc(campaignId)}/stats`, what: 'stats' },
        renderStats,
      );
    });
}
