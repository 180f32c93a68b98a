/** `rapport report`: what it asks the API for, and what it prints (table, --json, --csv). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { funnelCsv, funnelReport } from '#domain/funnel-report.ts';
import { runCli } from './run-cli.ts';

const report = funnelReport({
  'funnel.contacted': 10,
  'funnel.replied': 4,
  'funnel.accepted': 3,
  'funnel.met': 2,
  'funnel.thanked': 2,
  'funnel.replyDays.2': 4,
  'funnel.meetingDays.7': 2,
  funnelCountedSince: '2027-03-01T11:00:00.000Z',
});
const csv = funnelCsv([{ scope: 'campaign', id: 'camp-1', name: 'Spring', report }]);

const urls: string[] = [];
let api = '';
const server = createServer((req, res) => {
  urls.push(req.url ?? '');
  if ((req.url ?? '').includes('format=csv')) {
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    res.end(csv);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ campaignId: 'camp-1', name: 'Spring', ...report }));
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  urls.length = 0;
});

const cli = (...args: string[]) => runCli(api, args);

describe('rapport report', () => {
  it('a campaign: the funnel as a table, rates in per cent, medians in days, the note', async () => {
    const r = await cli('report', '--campaign', 'camp-1');
    expect(r.code).toBe(0);
    expect(urls).toEqual(['/campaigns/camp-1/report']);
    expect(r.stdout).toMatch(/contacted\s*│\s*10/);
    expect(r.stdout).toMatch(/reply rate\s*│\s*40 %/);
    expect(r.stdout).toMatch(/acceptance rate\s*│\s*75 %/);
    expect(r.stdout).toMatch(/median days to reply\s*│\s*2 days/);
    expect(r.stdout).toMatch(/median days to meeting\s*│\s*7–9 days/);
    expect(r.stdout).toContain('counted since 2027-03-01T11:00:00.000Z');
  });

  it('--json prints the API answer; --csv its CSV as is', async () => {
    const json = await cli('--json', 'report', '--client', 'cl-1');
    expect(urls).toEqual(['/clients/cl-1/report']);
    expect(JSON.parse(json.stdout).counts.contacted).toBe(10);
    const text = await cli('report', '--campaign', 'camp-1', '--csv');
    expect(urls.at(-1)).toBe('/campaigns/camp-1/report?format=csv');
    expect(text.stdout).toBe(csv);
  });

  it('needs exactly one of --campaign and --client', async () => {
    for (const args of [[], ['--campaign', 'a', '--client', 'b']]) {
      const r = await cli('report', ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--campaign or --client/);
    }
    expect(urls).toEqual([]);
  });
});
