/**
 * The dashboard's static files under /app/ (built by `npm run build:web` into web/dist/), served by
 * the local gateway on the API port: same origin as the API, so no CORS locally. `/app/config.json`
 * is the options' config object (the login contract: `{apiBase, auth, local}`), never a file.
 * Only the files of the folder are served: a path that leaves it (`..`, encoded or not), a dot file
 * or anything not a regular file is a 404.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalRoutes } from './control-page.ts';

export const APP_PREFIX = '/app';
/** Where `npm run build:web` writes the dashboard. */
export const WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));

/** What the dashboard reads at /app/config.json (see /work/briefs/LOGIN-CONTRACT.md). */
export interface DashboardConfig {
  /** Where the API is: "" for the same origin. */
  apiBase: string;
  auth:
    | { kind: 'password'; endpoint: string; region: string; clientId: string }
    | { kind: 'hosted'; domain: string; clientId: string; redirectUri: string }
    | null;
  /** The local stack: clock controls and the SES outbox link. */
  local?: { sesOutboxUrl: string };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function notFound(res: ServerResponse, path: string) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: 'not_found', message: `no file ${path}`, field: 'path' } }));
}

/** The file under `root` a request path names, or undefined when it names none (or leaves root). */
export function fileOf(root: string, path: string): string | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice(APP_PREFIX.length));
  } catch {
    return undefined;
  }
  if (relative === '' || relative === '/') relative = '/index.html';
  if (relative.includes('\0') || relative.includes('\\')) return undefined;
  const parts = relative.split('/').filter((p) => p !== '');
  if (parts.some((p) => p.startsWith('.'))) return undefined;
  const base = resolve(root);
  const file = resolve(base, ...parts);
  return file.startsWith(base + sep) ? file : undefined;
}

/** Serves GET/HEAD /app/* from `root` and /app/config.json from `config`; anything else is left alone. */
export function makeWebAppRoutes(options: { root: string; config: DashboardConfig }): LocalRoutes {
  return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (path !== APP_PREFIX && !path.startsWith(`${APP_PREFIX}/`)) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'application/json', allow: 'GET, HEAD' });
      res.end(
        JSON.stringify({
          error: { code: 'method_not_allowed', message: `${method} ${path}`, field: 'method' },
        }),
      );
      return true;
    }
    if (path === APP_PREFIX) {
      res.writeHead(308, { location: `${APP_PREFIX}/` });
      res.end();
      return true;
    }
    if (path === `${APP_PREFIX}/config.json`) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : JSON.stringify(options.config));
      return true;
    }
    const file = fileOf(options.root, path);
    const found = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !found?.isFile()) {
      notFound(res, path);
      return true;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(body.length),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  };
}

/**
 * The bucket's CORS rule that lets the dashboard at `origins` PUT a file to a presigned URL (the
 * resume). S3 refuses the browser's PUT without it, and so does s3rver; the deployed bucket needs the
 * same rule for the dashboard's CloudFront origin.
 */
export function dashboardUploadCors(...origins: string[]) {
  return {
    CORSRules: [
      {
        AllowedOrigins: origins,
        AllowedMethods: ['PUT'],
        AllowedHeaders: ['content-type'],
        MaxAgeSeconds: 600,
      },
    ],
  };
}
