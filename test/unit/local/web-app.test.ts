/**
 * The dashboard's static files under /app/ on the local gateway: the right content types, the
 * config object as /app/config.json, and nothing outside the folder, however the path is written.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardConfig, fileOf, makeWebAppRoutes } from '#local/web-app.ts';

const CONFIG: DashboardConfig = {
  apiBase: '',
  auth: { kind: 'password', endpoint: 'http://127.0.0.1:9229', region: 'us-east-1', clientId: 'abc' },
  local: { sesOutboxUrl: 'http://127.0.0.1:8005/' },
};

/** A raw request: the path exactly as written (Node's URL would normalise `..`). */
function get(port: number, path: string, method = 'GET') {
  return new Promise<{ status: number; type?: string; body: string; location?: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'],
            body,
            location: res.headers.location,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the dashboard files under /app/', () => {
  let dir: string;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rapport-web-'));
    const root = join(dir, 'dist');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'app.css'), 'body{}');
    writeFileSync(join(root, '.env'), 'SECRET=1');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    const app = makeWebAppRoutes({ root, config: CONFIG });
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!(await app(req, res, url))) {
        res.writeHead(418);
        res.end('not mine');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page, the script and the style with their content types', async () => {
    expect(await get(port, '/app/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get(port, '/app/index.html')).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
    });
    expect(await get(port, '/app/app.js')).toMatchObject({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      body: 'console.log(1)',
    });
    expect(await get(port, '/app/app.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8' });
    expect(await get(port, '/app')).toMatchObject({ status: 308, location: '/app/' });
    expect(await get(port, '/app/app.js', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('answers the config object at /app/config.json', async () => {
    const answer = await get(port, '/app/config.json');
    expect(answer).toMatchObject({ status: 200, type: 'application/json' });
    expect(JSON.parse(answer.body)).toEqual(CONFIG);
  });

  it('serves nothing outside the folder, no dot file, no folder, and only GET/HEAD', async () => {
    for (const path of [
      '/app/../secret.txt',
      '/app/%2e%2e/secret.txt',
      '/app/..%2fsecret.txt',
      '/app/%2e%2e%2fsecret.txt',
      '/app/..%5csecret.txt',
      '/app/sub/../../secret.txt',
      '/app/.env',
      '/app/%2eenv',
      '/app/sub',
      '/app/sub/',
      '/app/app.js%00.html',
      '/app/%E0%A4%A',
      '/app/missing.js',
    ]) {
      const answer = await get(port, path);
      // 418: the URL normalised out of /app/ (`/app/../x` is `/x`), left to the API's routes.
      expect([404, 418], path).toContain(answer.status);
      expect(answer.body, path).not.toContain('outside');
      expect(answer.body, path).not.toContain('SECRET');
    }
    expect((await get(port, '/app/app.js', 'POST')).status).toBe(405);
    expect(fileOf('/srv/dist', '/app/../../etc/passwd')).toBeUndefined();
  });

  it('leaves every other path to the API', async () => {
    for (const path of ['/', '/apps', '/application/x', '/clients', '/local']) {
      expect((await get(port, path)).status, path).toBe(418);
    }
  });
});
