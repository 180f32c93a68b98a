import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '#domain/ports/store.ts';
import { STAGES } from '#domain/types.ts';
import { makeUnsubscribePage } from '#handlers/unsubscribe.ts';
import type { Unsubscribe } from '#usecases/unsubscribe.ts';
import type { SchedulerEmulator } from './scheduler-emulator.ts';

/** The local-only paths the local gateway serves itself, next to the API (never deployed). */
export const LOCAL_PREFIX = '/local';
export const UNSUBSCRIBE_PATH = `${LOCAL_PREFIX}/unsubscribe`;

/** Handles a request under /local (true), or leaves it to the API (false). */
export type LocalRoutes = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface PipelineContact {
  firstName: string;
  lastName?: string;
  timeZone: string;
  sent: { step: string }[];
  schedules: { step: string; at: string }[];
}

export interface Pipeline {
  now: string;
  stats: unknown;
  stages: { stage: string; contacts: PipelineContact[] }[];
}

/** One table row per contact: the planned emails one per line, soonest first. */
export function renderPipelineRows(pipeline: Pipeline): string {
  const cell = (html: string) => `<td>${html}</td>`;
  return pipeline.stages
    .flatMap(({ stage, contacts }) =>
      contacts.map((c) => {
        const planned = [...c.schedules]
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          .map((s) => escapeHtml(`${s.step} @ ${s.at}`))
          .join('<br>');
        return `<tr>${[
          escapeHtml(stage),
          escapeHtml(`${c.firstName} ${c.lastName ?? ''}`.trim()),
          escapeHtml(c.timeZone),
          escapeHtml(c.sent.map((s) => s.step).join(', ')),
          planned,
        ]
          .map(cell)
          .join('')}</tr>`;
      }),
    )
    .join('');
}

/** The control page: local time, buttons that move the clock, the demo campaign's pipeline, links. */
export function renderControlPage(pipeline: Pipeline, links: { label: string; url: string }[]): string {
  const advance = (hours: number, label: string) =>
    `<button onclick="fetch('${LOCAL_PREFIX}/clock/advance?hours=${hours}',{method:'POST'}).then(()=>location.reload())">${label}</button>`;
  const linkList = links
    .map((l) => `<li>${escapeHtml(l.label)}: <a href="${escapeHtml(l.url)}">${escapeHtml(l.url)}</a></li>`)
    .join('');
  return `<!doctype html><meta charset="utf-8"><title>rapport — local</title>
<style>body{font:14px system-ui;margin:2rem}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}</style>
<h1>rapport — local stack</h1><p>Local time: <b>${escapeHtml(pipeline.now)}</b></p>
<p>${advance(1, 'Advance 1 hour')} ${advance(24, 'Advance 24 hours')}</p>
<h2>Demo campaign</h2>
<table><tr><th>stage</th><th>contact</th><th>zone</th><th>sent</th><th>planned</th></tr>${renderPipelineRows(pipeline)}</table>
<ul>${linkList}</ul>`;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The clock step of `POST /local/clock/advance?hours=N` (or `minutes=N`), or the error to answer. */
export function parseAdvance(query: URLSearchParams): { ms: number } | { field: string; message: string } {
  const field = query.has('minutes') && !query.has('hours') ? 'minutes' : 'hours';
  const read = (name: string) => {
    const raw = query.get(name);
    return raw === null || raw.trim() === '' ? 0 : Number(raw);
  };
  const ms = (read('hours') * 60 + read('minutes')) * 60_000;
  if (!Number.isFinite(ms) || ms <= 0 || ms > 366 * 86_400_000) {
    return { field, message: `${field}: a positive number, at most a year (e.g. ?hours=24)` };
  }
  return { ms };
}

/**
 * The local stack's own routes, served by the local gateway on the API port (never part of the
 * deployed API): the control page with the demo campaign's pipeline (GET /local, GET
 * /local/pipeline.json), the local clock (GET /local/clock → {now}; POST /local/clock/advance?hours=N or ?minutes=N → {now},
 * firing whatever falls due; a repeat with the same Idempotency-Key moves it once), and the unsubscribe page at /local/unsubscribe (the same request →
 * response mapping the unsubscribe Lambda serves; the local `unsubscribeBaseUrl` points here, so
 * the links in the emails work).
 */
export function makeLocalRoutes(options: {
  store: Store;
  scheduler: SchedulerEmulator;
  demo: { campaignId: string };
  unsubscribe: { useCase: Unsubscribe; consultancyName: string };
  links?: { label: string; url: string }[];
}): LocalRoutes {
  const { store, scheduler, demo } = options;
  const unsubscribePage = makeUnsubscribePage({
    unsubscribe: options.unsubscribe.useCase,
    consultancyName: options.unsubscribe.consultancyName,
  });

  // A retried advance (same Idempotency-Key, as the CLI sends) answers the first one's result: the
  // clock moves once. The last few keys are enough for a local stack.
  const advances = new Map<string, Promise<{ now: string; fired: number }>>();
  function advance(ms: number, key: string | undefined) {
    const earlier = key ? advances.get(key) : undefined;
    if (earlier) return earlier;
    const result = scheduler
      .advanceBy(ms)
      .then((report) => ({ now: scheduler.clock.now().toISOString(), fired: report.invocations.length }));
    if (key) {
      advances.set(key, result);
      result.catch(() => advances.delete(key));
      if (advances.size > 100) advances.delete(advances.keys().next().value as string);
    }
    return result;
  }

  async function pipeline(): Promise<Pipeline> {
    const stats = await store.getCampaignStats(demo.campaignId);
    const stages = await Promise.all(
      STAGES.map(async (stage) => ({
        stage,
        contacts: (await store.listContactsByStage(demo.campaignId, stage, { limit: 100 })).items,
      })),
    );
    return {
      now: scheduler.clock.now().toISOString(),
      stats,
      stages: stages.filter((s) => s.contacts.length > 0),
    };
  }

  return async (req, res, url) => {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (path !== LOCAL_PREFIX && !path.startsWith(`${LOCAL_PREFIX}/`)) return false;
    if (path === UNSUBSCRIBE_PATH) {
      const page = await unsubscribePage({
        method,
        query: Object.fromEntries(url.searchParams),
        body: method === 'POST' ? await readBody(req) : undefined,
      });
      res.writeHead(page.statusCode, page.headers);
      res.end(page.body);
    } else if (method === 'POST' && path === `${LOCAL_PREFIX}/clock/advance`) {
      const step = parseAdvance(url.searchParams);
      if (!('ms' in step)) {
        sendJson(res, 400, { error: { code: 'invalid_input', message: step.message, field: step.field } });
        return true;
      }
      const key = req.headers['idempotency-key'];
      sendJson(res, 200, await advance(step.ms, typeof key === 'string' && key !== '' ? key : undefined));
    } else if (method === 'GET' && path === `${LOCAL_PREFIX}/clock`) {
      // The local time alone (the dashboard's clock controls show it).
      sendJson(res, 200, { now: scheduler.clock.now().toISOString() });
    } else if (method === 'GET' && path === `${LOCAL_PREFIX}/pipeline.json`) {
      sendJson(res, 200, await pipeline());
    } else if (method === 'GET' && path === LOCAL_PREFIX) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(renderControlPage(await pipeline(), options.links ?? []));
    } else {
      sendJson(res, 404, {
        error: { code: 'not_found', message: `no local route ${method} ${url.pathname}`, field: 'path' },
      });
    }
    return true;
  };
}
