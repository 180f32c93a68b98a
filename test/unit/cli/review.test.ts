/** `rapport replies …`: what each command line sends to the API, and what it prints or writes. */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../cli/main.ts';

interface Seen {
  method: string;
  url: string;
  contentType?: string;
  key?: string;
  body: string;
}

const seen: Seen[] = [];
/** Canned answers by "METHOD path" (without the query); otherwise 200 `{}`. */
const answers = new Map<string, { status: number; body: unknown }>();
let api = '';
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  seen.push({
    method: req.method ?? '',
    url: req.url ?? '',
    contentType: req.headers['content-type'],
    key: req.headers['idempotency-key'] as string | undefined,
    body: Buffer.concat(chunks).toString('utf8'),
  });
  const answer = answers.get(`${req.method} ${(req.url ?? '').split('?')[0]}`) ?? { status: 200, body: {} };
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  answers.clear();
});

/** Runs the CLI in process: exit code, stdout, stderr lines. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await run(['--api', api, ...args], (line) => err.push(`${line}\n`));
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
}

describe('rapport replies (the review queue)', () => {
  it('lists the open replies in a table by default; --state picks another list; a bad state is refused', async () => {
    answers.set('GET /replies', {
      status: 200,
      body: {
        items: [
          {
            replyId: 'c-1.k1',
            reason: 'unsure',
            reading: { intent: 'other', confidence: 0.5 },
            from: 'ana@lumen.example',
            subject: 'Re: hello',
            receivedAt: '2027-03-01T09:00:00.000Z',
          },
        ],
      },
    });
    const r = await cli('replies');
    expect(r.code).toBe(0);
    expect(seen[0]?.url).toBe('/replies?state=open');
    expect(r.stdout).toContain('c-1.k1');
    expect(r.stdout).toContain('other (0.5)');
    await cli('replies', '--state', 'unmatched');
    expect(seen[1]?.url).toBe('/replies?state=unmatched');
    const bad = await cli('replies', '--state', 'everything');
    expect(bad.code).not.toBe(0);
    expect(seen).toHaveLength(2);
  });

  it('correct sends the intent and its details; confirm and attach POST with an Idempotency-Key', async () => {
    answers.set('POST /replies/c-1.k1/correct', {
      status: 200,
      body: {
        changed: true,
        reply: { replyId: 'c-1.k1', state: 'corrected', resolution: { by: 'correct', intent: 'referral' } },
      },
    });
    const r = await cli(
      'replies',
      'correct',
      'c-1.k1',
      'referral',
      '--referral',
      'Dana Wu <dana@contoso.example>',
      '--referral',
      'lee@contoso.example',
      '--confirm-not-asked',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('correct: referral');
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/replies/c-1.k1/correct',
      key: expect.any(String),
    });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      intent: 'referral',
      referrals: [{ email: 'dana@contoso.example', name: 'Dana Wu' }, { email: 'lee@contoso.example' }],
      confirmNotAsked: true,
    });
    await cli('replies', 'correct', 'c-1.k1', 'out_of_office', '--return-date', '2027-03-14');
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ intent: 'out_of_office', returnDate: '2027-03-14' });
    await cli('replies', 'confirm', 'c-1.k1');
    expect(seen[2]).toMatchObject({ method: 'POST', url: '/replies/c-1.k1/confirm' });
    await cli('replies', 'attach', 'unmatched.k2', 'c-9');
    expect(seen[3]).toMatchObject({ method: 'POST', url: '/replies/unmatched.k2/attach' });
    expect(JSON.parse(seen[3]?.body ?? '')).toEqual({ contactId: 'c-9' });
  });

  it('export writes each example as .eml and appends its label to labels.json once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-export-'));
    writeFileSync(join(dir, 'labels.json'), JSON.stringify([{ file: '001-old.eml', intent: 'accepted' }]));
    const label = { file: 'review-k1.eml', intent: 'declined', tags: ['review-correction'] };
    answers.set('GET /replies/export', {
      status: 200,
      body: {
        items: [
          {
            file: 'review-k1.eml',
            raw: Buffer.from('Subject: hi\r\n\r\nno thanks').toString('base64'),
            label,
          },
        ],
      },
    });
    expect((await cli('replies', 'export', dir)).code).toBe(0);
    expect((await cli('replies', 'export', dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'review-k1.eml'), 'utf8')).toBe('Subject: hi\r\n\r\nno thanks');
    expect(JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'))).toEqual([
      { file: '001-old.eml', intent: 'accepted' },
      label,
    ]);
  });
});
