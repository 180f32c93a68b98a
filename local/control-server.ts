import { createServer, type IncomingMessage } from 'node:http';
import type { Store } from '#domain/ports/store.ts';
import { STAGES } from '#domain/types.ts';
import { makeUnsubscribePage } from '#handlers/unsubscribe.ts';
import type { Unsubscribe } from '#usecases/unsubscribe.ts';
import type { SchedulerEmulator } from './scheduler-emulator.ts';

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

/**
 * The local stack's control server: the demo campaign's pipeline (GET /, GET /pipeline.json),
 * the local clock (POST /advance?hours=N or ?minutes=N fires whatever falls due), and the
 * unsubscribe page at /u (the same request → response mapping the unsubscribe Lambda serves; the
 * local `unsubscribeBaseUrl` points here, so the links in the emails work).
 */
export async function startControlServer(options: {
  port: number;
  store: Store;
  scheduler: SchedulerEmulator;
  demo: { campaignId: string };
  unsubscribe: { useCase: Unsubscribe; consultancyName: string };
}) {
  const { store, scheduler, demo } = options;
  const unsubscribePage = makeUnsubscribePage({
    unsubscribe: options.unsubscribe.useCase,
    consultancyName: options.unsubscribe.consultancyName,
  });

  async function pipeline() {
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

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/u') {
        const page = await unsubscribePage({
          method: req.method ?? 'GET',
          query: Object.fromEntries(url.searchParams),
          body: req.method === 'POST' ? await readBody(req) : undefined,
        });
        res.writeHead(page.statusCode, page.headers);
        res.end(page.body);
        return;
      }
      if (req.method === 'POST' && url.pathname === '/advance') {
        const hours = Number(url.searchParams.get('hours') ?? 0);
        const minutes = Number(url.searchParams.get('minutes') ?? 0);
        const ms = (hours * 60 + minutes) * 60_000;
        if (!Number.isFinite(ms) || ms <= 0 || ms > 366 * 86_400_000) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'hours or minutes: a positive number up to a year' }));
          return;
        }
        const report = await scheduler.advanceBy(ms);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ now: scheduler.clock.now().toISOString(), fired: report.invocations.length }),
        );
        return;
      }
      if (req.method === 'GET' && url.pathname === '/pipeline.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(await pipeline()));
        return;
      }
      if (req.method === 'GET' && url.pathname === '/') {
        const p = await pipeline();
        const rows = p.stages
          .flatMap(({ stage, contacts }) =>
            contacts.map(
              (c) =>
                `<tr><td>${escapeHtml(stage)}</td><td>${escapeHtml(`${c.firstName} ${c.lastName ?? ''}`)}</td><td>${escapeHtml(c.timeZone)}</td><td>${escapeHtml(c.sent.map((s) => s.step).join(', '))}</td><td>${escapeHtml(c.schedules.map((s) => `${s.step} @ ${s.at}`).join('<br>'))}</td></tr>`,
            ),
          )
          .join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><meta charset="utf-8"><title>rapport — local</title>
<style>body{font:14px system-ui;margin:2rem}td,th{padding:4px 8px;border-bottom:1px solid #ddd;text-align:left}</style>
<h1>rapport — local stack</h1><p>Local time: <b>${escapeHtml(p.now)}</b></p>
<form method="post" action="/advance?hours=24" onsubmit="fetch(this.action,{method:'POST'}).then(()=>location.reload());return false"><button>Advance 24 hours</button></form>
<table><tr><th>stage</th><th>contact</th><th>zone</th><th>sent</th><th>planned</th></tr>${rows}</table>`);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `no route ${req.method} ${url.pathname}` }));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
