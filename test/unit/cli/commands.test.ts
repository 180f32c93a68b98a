/** Argument parsing: what each command line sends to the API, and the one-line errors of bad ones. */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.ts';

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
const cli = (...args: string[]) => runCli(api, args);

describe('rapport command lines → API requests', () => {
  it('clients create sends the given fields only, with an Idempotency-Key; --json prints the answer as is', async () => {
    answers.set('POST /clients', { status: 201, body: { id: 'c-1', firstName: 'Sam' } });
    const r = await cli(
      '--json',
      'clients',
      'create',
      '--first-name',
      'Sam',
      '--time-zone',
      'Europe/London',
      '--sender',
      'sam',
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ id: 'c-1', firstName: 'Sam' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/clients', contentType: 'application/json' });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      firstName: 'Sam',
      timeZone: 'Europe/London',
      senderLocalPart: 'sam',
    });
    expect(seen[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a table for people: clients list', async () => {
    answers.set('GET /clients', {
      status: 200,
      body: {
        items: [{ id: 'c-1', firstName: 'Sam', lastName: 'Okafor', email: 's@x.example' }],
        cursor: 'n2',
      },
    });
    const r = await cli('clients', '--limit', '1');
    expect(r.code).toBe(0);
    expect(seen[0]?.url).toBe('/clients?limit=1');
    expect(r.stdout).toContain('Sam Okafor');
    expect(r.stdout).toContain('s@x.example');
    expect(r.stderr).toBe('more: run again with --cursor n2\n');
  });

  it('campaigns create parses --policy JSON; update refuses an empty change before any request', async () => {
    expect(
      (
        await cli(
          'campaigns',
          'create',
          '--client',
          'c-1',
          '--name',
          'Spring',
          '--policy',
          '{"dailyCapPerSender":10}',
        )
      ).code,
    ).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/clients/c-1/campaigns' });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ name: 'Spring', policy: { dailyCapPerSender: 10 } });
    const bad = await cli('campaigns', 'create', '--client', 'c-1', '--name', 'x', '--policy', '{dailyCap');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^rapport: --policy is not JSON: .* \(give --policy as JSON or @file.json\)\n$/,
    );
    const empty = await cli('campaigns', 'update', 'k-1');
    expect(empty).toMatchObject({
      code: 1,
      stderr: 'rapport: nothing to update (give --name, --policy, --framework or --questions)\n',
    });
    expect(seen).toHaveLength(1);
  });

  it('pause / resume: a campaign, or a contact with --contact; neither or both is refused', async () => {
    await cli('pause', 'k-1');
    await cli('resume', '--contact', 'p-1');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /campaigns/k-1/pause',
      'POST /contacts/p-1/resume',
    ]);
    const neither = await cli('pause');
    expect(neither).toMatchObject({
      code: 1,
      stderr: 'rapport: pause what? (give a campaign id, or --contact ID (not both))\n',
    });
  });

  it('clock advance converts 1d, 3h, 30m to hours', async () => {
    answers.set('POST /local/clock/advance', { status: 200, body: { now: '2027-03-02T08:00:00.000Z' } });
    const r = await cli('clock', 'advance', '1d');
    expect(r).toMatchObject({ code: 0, stdout: 'local time is now 2027-03-02T08:00:00.000Z\n' });
    await cli('clock', 'advance', '30m');
    await cli('clock', 'advance', '1d12h');
    expect(seen.map((s) => s.url)).toEqual([
      '/local/clock/advance?hours=24',
      '/local/clock/advance?hours=0.5',
      '/local/clock/advance?hours=36',
    ]);
  });

  it("classify sends the raw reply with the zone and, given --meeting, the booked meeting's start", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rapport-classify-')), 'reply.eml');
    writeFileSync(file, 'Subject: Re: our call\r\n\r\nCould we push to Monday, same time?');
    answers.set('POST /replies/classify', { status: 200, body: { intent: 'reschedule' } });
    const r = await cli(
      'classify',
      file,
      '--time-zone',
      'America/New_York',
      '--meeting',
      '2026-12-03T15:00:00-05:00',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ intent: 'reschedule' });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/replies/classify?timeZone=America%2FNew_York&meetingStart=2026-12-03T15%3A00%3A00-05%3A00',
      contentType: 'message/rfc822',
    });
  });

  it('import sends a small CSV inline as text/csv and waits for the job, then prints the row report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const file = join(dir, 'c.csv');
    writeFileSync(file, 'email,first_name\nana@x.example,Ana\n');
    const job = {
      id: 'j-1',
      kind: 'import',
      campaignId: 'k-1',
      state: 'queued',
      progress: { done: 0, total: 1 },
    };
    answers.set('POST /campaigns/k-1/imports', { status: 202, body: { job } });
    answers.set('GET /jobs/j-1', {
      status: 200,
      body: {
        ...job,
        state: 'succeeded',
        progress: { done: 1, total: 1 },
        result: {
          imported: 1,
          duplicates: 0,
          suppressed: 0,
          invalid: [{ row: 3, field: 'email', message: 'is not an address' }],
          invalidCount: 1,
        },
      },
    });
    vi.stubEnv('RAPPORT_POLL_MS', '1');
    try {
      const r = await cli('import', file, '--campaign', 'k-1');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/import job j-1: succeeded/);
      expect(r.stdout).toMatch(/imported\s*│\s*1/);
      expect(r.stdout).toMatch(/3\s*│\s*email\s*│\s*is not an address/);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/campaigns/k-1/imports', contentType: 'text/csv' });
    expect(seen[0]?.body).toBe('email,first_name\nana@x.example,Ana\n');
    expect(seen[1]).toMatchObject({ method: 'GET', url: '/jobs/j-1' });
  });

  it('import --upload: a presigned PUT of the file, then the import of its key, with --no-wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, 'email,first_name\nana@x.example,Ana\n');
    answers.set('POST /campaigns/k-1/imports/upload', {
      status: 201,
      body: {
        uploadUrl: `${api}/bucket/imports/k-1/u1.csv?X-Amz-Signature=abc`,
        key: 'imports/k-1/u1.csv',
        maxBytes: 1000,
      },
    });
    const job = { id: 'j-3', kind: 'import', campaignId: 'k-1', state: 'queued' };
    answers.set('POST /campaigns/k-1/imports', { status: 202, body: { job } });
    const r = await cli('--json', 'import', file, '--campaign', 'k-1', '--upload', '--no-wait');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(job);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /campaigns/k-1/imports/upload',
      'PUT /bucket/imports/k-1/u1.csv?X-Amz-Signature=abc',
      'POST /campaigns/k-1/imports',
    ]);
    expect(seen[1]).toMatchObject({
      contentType: 'text/csv',
      body: 'email,first_name\nana@x.example,Ana\n',
      key: undefined,
    });
    expect(JSON.parse(seen[2]?.body ?? '')).toEqual({ uploadKey: 'imports/k-1/u1.csv' });
    expect(seen[0]?.key).not.toBe(seen[2]?.key);
  });

  it('import --source sends how the contacts were found as ?source=, inline and through an upload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    const file = join(dir, 'attendees.csv');
    writeFileSync(file, 'email,first_name\nana@x.example,Ana\n');
    answers.set('POST /campaigns/k-1/imports/upload', {
      status: 201,
      body: { uploadUrl: `${api}/bucket/imports/k-1/u2.csv?X-Amz-Signature=abc`, key: 'imports/k-1/u2.csv' },
    });
    const job = { id: 'j-4', kind: 'import', campaignId: 'k-1', state: 'queued' };
    answers.set('POST /campaigns/k-1/imports', { status: 202, body: { job } });
    const args = [
      '--json',
      'import',
      file,
      '--campaign',
      'k-1',
      '--source',
      'event: UX Week 2026',
      '--no-wait',
    ];
    const inline = await cli(...args);
    expect(inline.code).toBe(0);
    const uploaded = await cli(...args, '--upload');
    expect(uploaded.code).toBe(0);
    const imports = seen.filter((s) => s.url.startsWith('/campaigns/k-1/imports?'));
    expect(imports.map((s) => s.url)).toEqual([
      '/campaigns/k-1/imports?source=event%3A%20UX%20Week%202026',
      '/campaigns/k-1/imports?source=event%3A%20UX%20Week%202026',
    ]);
    expect(JSON.parse(imports[1]?.body ?? '{}')).toEqual({ uploadKey: 'imports/k-1/u2.csv' });
  });

  it('import --help names the CSV columns, how they may be spelled, and what is needed', async () => {
    const r = await cli('import', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'email, first_name, last_name, company, role, time_zone, country, source, referred_by, notes, personal_line',
    );
    expect(r.stdout).toContain('"First Name", firstName, first_name');
    expect(r.stdout).toContain('examples/contacts.csv');
    expect(seen).toEqual([]);
  });

  it('a failed job exits non-zero with its reason', async () => {
    answers.set('POST /campaigns/k-1/launch', {
      status: 202,
      body: {
        job: {
          id: 'j-2',
          kind: 'launch',
          campaignId: 'k-1',
          state: 'failed',
          error: { message: 'no resume', field: 'resume' },
        },
      },
    });
    const r = await cli('launch', 'k-1');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(
      'rapport: launch job j-2 failed: resume: no resume (see `rapport jobs j-2`; fix and run it again)\n',
    );
  });

  it('meeting book: options to the request body, the question set from --question', async () => {
    const r = await cli(
      'meeting',
      'book',
      'p-1',
      '--start',
      '2027-03-10T15:00:00-05:00',
      '--duration',
      '20',
      '--time-zone',
      'America/New_York',
      '--video-link',
      'https://meet.example/x',
      '--question',
      'interviewee:How did you start?',
      '--question',
      'advice:What would you do first?',
    );
    expect(r.code).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/contacts/p-1/meeting' });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      start: '2027-03-10T15:00:00-05:00',
      durationMinutes: 20,
      timeZone: 'America/New_York',
      mode: 'remote',
      videoLink: 'https://meet.example/x',
      questions: [
        { domain: 'interviewee', text: 'How did you start?' },
        { domain: 'advice', text: 'What would you do first?' },
      ],
    });
  });

  it('thank-you and update PUT the text; erase without --yes off a terminal refuses and sends nothing', async () => {
    await cli('thank-you', 'p-1', 'Your tip about diary studies was gold.');
    await cli('update', 'p-1', 'I started my first research role.');
    expect(seen.map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual([
      'PUT /contacts/p-1/personal-line {"text":"Your tip about diary studies was gold."}',
      'PUT /contacts/p-1/update {"text":"I started my first research role."}',
    ]);
    seen.length = 0;
    const r = await cli('erase', 'p-1');
    expect(r).toMatchObject({
      code: 1,
      stderr: 'rapport: not erased (pass --yes to erase without a question)\n',
    });
    expect(seen).toEqual([]);
    expect((await cli('erase', 'p-1', '--yes')).code).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'DELETE', url: '/contacts/p-1' });
  });

  it('--idempotency-key replays a command with the same key', async () => {
    await cli('--idempotency-key', 'tour-1', 'approve', 'p-1');
    await cli('--idempotency-key', 'tour-1', 'approve', 'p-1');
    expect(seen.map((s) => s.key)).toEqual(['tour-1', 'tour-1']);
  });

  it('usage errors: one line, exit code 2', async () => {
    const unknown = await cli('clients', 'create', '--nickname', 'Sammy');
    expect(unknown).toMatchObject({
      code: 2,
      stderr: "rapport: unknown option '--nickname' (see `rapport --help`)\n",
    });
    const missing = await cli('import', 'x.csv');
    expect(missing).toMatchObject({
      code: 2,
      stderr: "rapport: required option '--campaign <campaignId>' not specified (see `rapport --help`)\n",
    });
    expect(seen).toEqual([]);
  });
});

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

describe('rapport sending', () => {
  const stop = {
    reason: 'hard bounces 20 of 500 sends (4.00 %) reached the 4 % limit',
    at: '2027-03-01T10:00:00.000Z',
  };
  const sending = {
    stopped: stop,
    counts: { sends: 500, hardBounces: 20, complaints: 0 },
    limits: { minSends: 500, hardBouncesBp: 400, complaintsBp: 8 },
  };

  it('shows whether sending is stopped, why, and the figures; --json prints the answer as is', async () => {
    answers.set('GET /sending', { status: 200, body: sending });
    const r = await cli('sending');
    expect(r.code).toBe(0);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /sending']);
    for (const shown of [
      'STOPPED',
      stop.reason,
      stop.at,
      '500',
      '20 (4.00 %)',
      '4 % hard bounces or 0.08 % complaints, after 500 sends',
    ])
      expect(r.stdout).toContain(shown);
    const json = await cli('--json', 'sending');
    expect(JSON.parse(json.stdout)).toEqual(sending);
  });

  it('resume --reason posts the reason with an Idempotency-Key; without --reason nothing is sent', async () => {
    answers.set('POST /sending/resume', {
      status: 200,
      body: { resumed: true, wasStopped: stop, reason: 'bounced list cleaned' },
    });
    const r = await cli('sending', 'resume', '--reason', 'bounced list cleaned');
    expect(r.code).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/sending/resume',
      contentType: 'application/json',
    });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ reason: 'bounced list cleaned' });
    expect(seen[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.stdout).toContain('resumed');
    expect(r.stdout).toContain(stop.reason);

    seen.length = 0;
    const missing = await cli('sending', 'resume');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--reason');
    expect(seen).toEqual([]);
  });

  it("a coach is told once that it is an admin's", async () => {
    answers.set('GET /sending', {
      status: 403,
      body: { error: { code: 'forbidden', message: 'only an admin may do this', field: null } },
    });
    const r = await cli('sending');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      "rapport: show sending refused (403 forbidden): only an admin may do this (the consultancy's sending is an admin's: ask an admin; `rapport whoami` shows who you are signed in as)",
    );
  });
});

describe('rapport launch and check: the outreach check', () => {
  const findings = [
    {
      contactId: 'ct-1',
      email: 'ana@x.example',
      findings: [
        { severity: 'error', code: 'job-ask', message: 'asks about a job: "are you hiring?"' },
        { severity: 'warning', code: 'nothing-personal', message: 'no referrer and no personal line' },
      ],
    },
    {
      contactId: 'ct-2',
      email: 'bo@x.example',
      findings: [{ severity: 'error', code: 'too-long', message: '104 words: at most 99' }],
    },
  ];
  /** The API's refusal of a launch on the check's errors (`functions/api/routes/campaigns.ts`). */
  const refusal = {
    error: {
      code: 'invalid_input',
      message:
        'the outreach check found 2 errors in 8 outreach emails (ana@x.example: job-ask; bo@x.example: too-long): fix them (preview a contact\'s outreach) or launch with {"override": {"reason": "…"}}',
      field: 'override',
      findings,
    },
  };
  const launched = {
    job: { id: 'j-9', kind: 'launch', campaignId: 'k-1', state: 'succeeded', result: { launched: 8 } },
  };

  it('a refused launch prints the findings per contact and how to override, exits 1, starts nothing', async () => {
    answers.set('POST /campaigns/k-1/launch', { status: 422, body: refusal });
    const r = await cli('launch', 'k-1');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/contact\s*│\s*severity\s*│\s*finding/);
    expect(r.stdout).toMatch(/ana@x\.example\s*│\s*error\s*│\s*job-ask: asks about a job/);
    expect(r.stdout).toMatch(/ct-1\s*│\s*│/);
    expect(r.stdout).toMatch(/ana@x\.example\s*│\s*warning\s*│\s*nothing-personal: no referrer/);
    expect(r.stdout).toMatch(/bo@x\.example\s*│\s*error\s*│\s*too-long: 104 words/);
    expect(r.stderr).toBe(
      'rapport: launch refused: the outreach check found 2 errors in the outreach of 2 contacts (fix them (`rapport preview CONTACT outreach` shows one) or launch with --override "<reason>")\n',
    );
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /campaigns/k-1/launch']);
    expect(seen[0]?.body).toBe('');
  });

  it('--json prints the refusal body as the API answered it, and exits 1', async () => {
    answers.set('POST /campaigns/k-1/launch', { status: 422, body: refusal });
    const r = await cli('--json', 'launch', 'k-1');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual(refusal);
    expect(r.stderr).toContain('--override "<reason>"');
  });

  it('a launch refused for a missing resume names the command that uploads it', async () => {
    answers.set('POST /campaigns/k-1/launch', {
      status: 422,
      body: {
        error: {
          code: 'invalid_input',
          message:
            'resume: client c-7 has no checked resume: upload it (POST /clients/c-7/resume, then .../resume/confirm) before launching',
          field: 'resume',
        },
      },
    });
    const r = await cli('launch', 'k-1');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(
      "rapport: launch refused: the client's resume is not uploaded yet (the outreach attaches it) (upload it with `rapport clients resume c-7 <file.pdf>`, then launch again)\n",
    );
  });

  it('another 422 of a launch is the usual one line', async () => {
    answers.set('POST /campaigns/k-1/launch', {
      status: 422,
      body: { error: { code: 'invalid_input', message: 'is required', field: 'override.reason' } },
    });
    const r = await cli('launch', 'k-1', '--override', 'x');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe(
      'rapport: launch refused (422 invalid_input): override.reason: is required (fix the named field and run it again)\n',
    );
  });

  it('--override sends the reason; a blank one is refused before any request', async () => {
    answers.set('POST /campaigns/k-1/launch', { status: 202, body: launched });
    const r = await cli('--json', 'launch', 'k-1', '--override', 'personal lines come next week');
    expect(r.code).toBe(0);
    expect(seen[0]).toMatchObject({ method: 'POST', contentType: 'application/json' });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      override: { reason: 'personal lines come next week' },
    });

    seen.length = 0;
    const blank = await cli('launch', 'k-1', '--override', '  ');
    expect(blank.code).toBe(1);
    expect(blank.stderr).toBe(
      'rapport: --override needs a reason (say why the outreach goes out despite the check)\n',
    );
    expect(seen).toEqual([]);
  });

  it('check: the counts and the findings table; errors exit 1 with the hint', async () => {
    answers.set('GET /campaigns/k-1/outreach-check', {
      status: 200,
      body: { checked: 8, errors: 2, warnings: 1, contacts: findings },
    });
    const r = await cli('check', 'k-1');
    expect(r.code).toBe(1);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /campaigns/k-1/outreach-check']);
    expect(r.stdout.split('\n')[0]).toBe('8 contacts checked: 2 errors, 1 warning');
    expect(r.stdout).toMatch(/bo@x\.example\s*│\s*error\s*│\s*too-long: 104 words/);
    expect(r.stdout).not.toContain('not listed');
    expect(r.stderr).toContain('the outreach check found 2 errors in the outreach of 8 contacts');
    expect(r.stderr).toContain('--override "<reason>"');
  });

  it('check: warnings only exit 0; findings beyond the listed contacts are counted', async () => {
    answers.set('GET /campaigns/k-1/outreach-check', {
      status: 200,
      body: {
        checked: 120,
        errors: 0,
        warnings: 60,
        contacts: [{ contactId: 'ct-3', email: 'cy@x.example', findings: [findings[0]?.findings[1]] }],
      },
    });
    const r = await cli('check', 'k-1');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/cy@x\.example\s*│\s*warning\s*│\s*nothing-personal/);
    expect(r.stdout).toContain('59 more findings in contacts not listed');
  });

  it('check: no findings, and --json as the API answered (exit 1 on errors all the same)', async () => {
    answers.set('GET /campaigns/k-1/outreach-check', {
      status: 200,
      body: { checked: 8, errors: 0, warnings: 0, contacts: [] },
    });
    const clean = await cli('check', 'k-1');
    expect(clean).toMatchObject({ code: 0, stdout: 'no findings: 8 contacts checked\n', stderr: '' });

    const report = { checked: 8, errors: 2, warnings: 1, contacts: findings };
    answers.set('GET /campaigns/k-1/outreach-check', { status: 200, body: report });
    const json = await cli('--json', 'check', 'k-1');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(report);
  });
});
