/**
 * Issue 9, items 2 and 3: import and launch run as jobs. A 10,000-row CSV with 50 bad rows → 202,
 * progress visible while it runs (the job is held at its first progress write, so this does not
 * depend on timing), the report exact; replayed with the same Idempotency-Key → the same job and
 * nothing imported twice; the same file again → nothing new. Smaller imports: JSON with suppressed
 * and repeated addresses, an uploaded file, and files refused whole (4xx, nothing written, no job).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStore } from '#domain/ports/jobs.ts';
import { type ApiStack, aClientBody, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const ROWS = 10_000;

/** Row `i` (0-based) is bad every 200 rows: a bad address or a bad zone, 50 in all. */
const isBad = (i: number) => i % 200 === 7;
const badField = (i: number) => (i % 400 === 7 ? 'email' : 'time_zone');

function bigCsv(): string {
  // A BOM, header names in any case, an unknown column (kept in the notes), a quoted cell with a newline.
  const lines = ['\uFEFFEmail,First_Name,last_name,Company,role,TIME_ZONE,country,source,LinkedIn,notes'];
  for (let i = 0; i < ROWS; i++) {
    const email = isBad(i) && badField(i) === 'email' ? `person${i}.example.com` : `person${i}@big.example`;
    const zone = isBad(i) && badField(i) === 'time_zone' ? 'Mars/Olympus' : 'America/New_York';
    lines.push(
      `${email},Person,No${i},Lumen Health,UX Researcher,${zone},US,association: UXPA,https://in.example/${i},"met at UXPA,\nfollow up"`,
    );
  }
  return lines.join('\r\n');
}

/** Holds the first job's run right after its first progress write, until `release()`. */
function gatedJobStore() {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  const wrap = (real: JobStore): JobStore => ({
    ...real,
    async progress(jobId, progress, now) {
      await real.progress(jobId, progress, now);
      if (!held) {
        held = true;
        await gate;
      }
    },
  });
  return { wrap, release: () => release() };
}

async function aCampaign(t: ApiStack, tag: string) {
  const client = await t.call('POST', '/clients', { body: aClientBody(tag) });
  const campaign = await t.call('POST', `/clients/${client.body.id}/campaigns`, { body: { name: tag } });
  return { clientId: client.body.id as string, campaignId: campaign.body.id as string };
}

describe('import jobs: a 10,000-row CSV', () => {
  let t: ApiStack;
  const gate = gatedJobStore();
  beforeAll(async () => {
    t = await startApiStack(START, undefined, { jobStore: gate.wrap });
  });
  afterAll(() => t.stack.stop());

  it('answers 202, shows progress while it runs, reports exactly, and imports nothing twice', {
    timeout: 300_000,
  }, async () => {
    const { campaignId, clientId } = await aCampaign(t, 'big');
    const csv = bigCsv();
    const post = (key: string) =>
      t.call('POST', `/campaigns/${campaignId}/imports`, {
        raw: csv,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': key },
      });
    const key = randomUUID();
    const accepted = await post(key);
    expect(accepted.status).toBe(202);
    const job = accepted.body.job;
    expect(job).toMatchObject({ kind: 'import', campaignId, clientId, state: 'queued' });
    expect(job.source).toBeUndefined();

    // The job is held after its first progress write: what GET /jobs shows while it runs.
    let running = await t.call('GET', `/jobs/${job.id}`);
    while (running.body.progress.done === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      running = await t.call('GET', `/jobs/${job.id}`);
    }
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({ state: 'running', progress: { done: 500, total: ROWS } });
    gate.release();

    const done = await t.finished(job.id);
    const bad = Array.from({ length: ROWS }, (_, i) => i).filter(isBad);
    expect(done.body).toMatchObject({ state: 'succeeded', progress: { done: ROWS, total: ROWS } });
    expect(done.body.result).toEqual({
      imported: ROWS - 50,
      duplicates: 0,
      suppressed: 0,
      invalidCount: 50,
      invalid: bad.map((i) => ({
        row: i + 1,
        field: badField(i),
        message:
          badField(i) === 'email' ? expect.stringContaining('') : expect.stringContaining('Mars/Olympus'),
      })),
    });
    const stats = await t.call('GET', `/campaigns/${campaignId}/stats`);
    expect(stats.body).toMatchObject({ total: ROWS - 50, byStage: { prospect: ROWS - 50 } });
    // A row as imported: the unknown column and the multi-line notes kept in the notes.
    const contact = await t.stack.store.findContactByEmail(campaignId, 'person0@big.example');
    expect(contact).toMatchObject({
      firstName: 'Person',
      lastName: 'No0',
      timeZone: 'America/New_York',
      country: 'US',
      foundVia: { kind: 'association', name: 'UXPA' },
      notes: 'met at UXPA,\nfollow up\nlinkedin: https://in.example/0',
    });

    // Replayed with the same key: the same job, and nothing more imported.
    const replayed = await post(key);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toEqual(accepted.body);
    await t.runner.settled();
    expect((await t.call('GET', `/campaigns/${campaignId}/jobs`)).body.items).toHaveLength(1);
    expect((await t.call('GET', `/campaigns/${campaignId}/stats`)).body.total).toBe(ROWS - 50);

    // The same file with a new key, a second later: a new job (listed first) that imports nothing new.
    await t.stack.emulator.advanceTo(new Date(t.stack.clock.now().getTime() + 1000));
    const again = await post(randomUUID());
    expect(again.status).toBe(202);
    expect(again.body.job.id).not.toBe(job.id);
    const second = await t.finished(again.body.job.id);
    expect(second.body.result).toMatchObject({ imported: 0, duplicates: ROWS - 50, invalidCount: 50 });
    expect((await t.call('GET', `/campaigns/${campaignId}/stats`)).body.total).toBe(ROWS - 50);
    const jobs = await t.call('GET', `/campaigns/${campaignId}/jobs`);
    expect(jobs.body.items.map((j: { id: string }) => j.id)).toEqual([again.body.job.id, job.id]);
  });
});

describe('import jobs: JSON, uploads, and files refused whole', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  const row = (email: string, extra: Record<string, unknown> = {}) => ({
    email,
    firstName: 'Ana',
    foundVia: { kind: 'association', name: 'UXPA' },
    ...extra,
  });

  it('JSON contacts: valid ones imported, suppressed skipped, repeats and bad rows counted', async () => {
    const { campaignId } = await aCampaign(t, 'json');
    await t.stack.store.suppress('gone@lumen.example', 'unsubscribed', START);
    const contacts = [
      row('ana@lumen.example'),
      row('gone@lumen.example'),
      row('ana@lumen.example'),
      row('bo@lumen.example', { timeZone: 'Mars/Olympus' }),
      { email: 'cy@lumen.example' },
      row('di@lumen.example', { country: 'DE', notes: 'met at a talk' }),
    ];
    const accepted = await t.call('POST', `/campaigns/${campaignId}/imports`, { body: { contacts } });
    expect(accepted.status).toBe(202);
    const done = await t.finished(accepted.body.job.id);
    expect(done.body).toMatchObject({ state: 'succeeded', progress: { done: 6, total: 6 } });
    expect(done.body.result).toEqual({
      imported: 2,
      duplicates: 1,
      suppressed: 1,
      invalidCount: 2,
      invalid: [
        { row: 4, field: 'timeZone', message: expect.stringContaining('Mars/Olympus') },
        { row: 5, field: 'firstName', message: expect.stringContaining('is required') },
      ],
    });
    expect(await t.stack.store.findContactByEmail(campaignId, 'gone@lumen.example')).toBeUndefined();
    expect(await t.stack.store.findContactByEmail(campaignId, 'di@lumen.example')).toMatchObject({
      country: 'DE',
      notes: 'met at a talk',
      timeZone: 'Europe/London',
    });
  });

  it('an uploaded CSV: presigned PUT, then imported by its key', async () => {
    const { campaignId } = await aCampaign(t, 'upload');
    const target = await t.call('POST', `/campaigns/${campaignId}/imports/upload`);
    expect(target.status).toBe(201);
    expect(target.body).toMatchObject({
      key: expect.stringMatching(new RegExp(`^imports/${campaignId}/upload-`)),
      contentType: 'text/csv',
      maxBytes: 20 * 1024 * 1024,
      expiresAt: '2027-03-01T08:15:00.000Z',
    });
    const put = await fetch(target.body.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'text/csv' },
      body: 'email,first_name,source\nana@lumen.example,Ana,uxpa\nbo@lumen.example,Bo,uxpa\n',
    });
    expect(put.status).toBe(200);
    const accepted = await t.call('POST', `/campaigns/${campaignId}/imports`, {
      body: { uploadKey: target.body.key },
    });
    expect(accepted.status).toBe(202);
    expect((await t.finished(accepted.body.job.id)).body.result).toMatchObject({
      imported: 2,
      invalidCount: 0,
    });
    // The file held the contacts' data: gone once they are imported.
    await expect(t.stack.blobs.get(target.body.key)).rejects.toThrow(/not found/);
  });

  it('?source= gives rows without source or referred_by how they were found; a bad one is a 422, nothing written', async () => {
    const { campaignId } = await aCampaign(t, 'attendees');
    const csv = (raw: string) => ({ raw, headers: { 'content-type': 'text/csv' } });
    const file = [
      'Email,First Name,Source,Referred By',
      'ana@ux-week.example,Ana,,',
      'bo@ux-week.example,Bo,alumni: RISD,',
      'cy@ux-week.example,Cy,,Priya Raman',
    ].join('\n');
    const before = await t.dump();
    for (const [source, message] of [
      ['', 'must be one line of 1 to 200 characters'],
      ['event:', 'names the kind (event) but not who or what'],
      ['x'.repeat(201), 'must be one line of 1 to 200 characters'],
    ] as const) {
      const refused = await t.call(
        'POST',
        `/campaigns/${campaignId}/imports?source=${encodeURIComponent(source)}`,
        csv(file),
      );
      expect({ status: refused.status, field: refused.body.error?.field }).toEqual({
        status: 422,
        field: 'source',
      });
      expect(refused.body.error.message).toContain(message);
    }
    expect(await t.dump()).toEqual(before);

    const accepted = await t.call(
      'POST',
      `/campaigns/${campaignId}/imports?source=${encodeURIComponent('event: UX Week 2026')}`,
      csv(file),
    );
    expect(accepted.status).toBe(202);
    expect((await t.finished(accepted.body.job.id)).body.result).toMatchObject({
      imported: 3,
      invalidCount: 0,
    });
    const foundVia = async (email: string) =>
      (await t.stack.store.findContactByEmail(campaignId, email))?.foundVia;
    expect(await foundVia('ana@ux-week.example')).toMatchObject({ kind: 'event', name: 'UX Week 2026' });
    expect(await foundVia('bo@ux-week.example')).toMatchObject({ kind: 'alumni', name: 'RISD' });
    expect(await foundVia('cy@ux-week.example')).toMatchObject({ kind: 'referral', name: 'Priya Raman' });

    // Without it, the same file's first row is refused, and says how to fix it.
    const plain = await t.call(
      'POST',
      `/campaigns/${campaignId}/imports`,
      csv(file.replace(/ux-week/g, 'plain')),
    );
    expect((await t.finished(plain.body.job.id)).body.result).toMatchObject({
      imported: 2,
      invalid: [
        { row: 1, field: 'source', message: expect.stringContaining('give the whole import a source') },
      ],
    });
  });

  it('a bad file is refused naming why: 4xx, nothing written, no job', async () => {
    const { campaignId } = await aCampaign(t, 'refused');
    const csv = (raw: string) => ({ raw, headers: { 'content-type': 'text/csv' } });
    const before = await t.dump();
    const cases: [string, Parameters<ApiStack['call']>[2], number, string, string][] = [
      ['no email column', csv('name,company\nAna,Lumen'), 422, 'body', 'no email column'],
      ['not CSV', csv('email\n"unclosed'), 422, 'body', 'is not CSV'],
      ['over 10,000 rows', csv(`email\n${'a@b.example\n'.repeat(10_001)}`), 422, 'body', 'more than 10,000'],
      ['not UTF-8', csv('email,first_name\nzoe@lumen.example,Zo\uFFFD'), 422, 'body', 'not UTF-8'],
      ['over 5 MB', csv(`email\n${'x'.repeat(5 * 1024 * 1024)}`), 413, 'body', 'at most 5 MB'],
      [
        'another media type',
        { raw: 'email', headers: { 'content-type': 'text/plain' } },
        415,
        'content-type',
        'text/csv',
      ],
      ['neither contacts nor uploadKey', { body: {} }, 422, 'body', 'give contacts or uploadKey'],
      ['contacts not a list', { body: { contacts: 'ana' } }, 422, 'contacts', ''],
      ['no contacts', { body: { contacts: [] } }, 422, 'contacts', 'has no contacts'],
      ['a foreign upload key', { body: { uploadKey: 'resumes/x.pdf' } }, 422, 'uploadKey', 'not an upload'],
      [
        'nothing uploaded',
        { body: { uploadKey: `imports/${campaignId}/upload-${randomUUID()}.csv` } },
        422,
        'uploadKey',
        'nothing was uploaded',
      ],
    ];
    for (const [name, call, status, field, message] of cases) {
      const out = await t.call('POST', `/campaigns/${campaignId}/imports`, call);
      expect({ name, status: out.status, field: out.body.error?.field }).toEqual({ name, status, field });
      expect(out.body.error.message).toContain(message);
    }
    expect(await t.dump()).toEqual(before);
    expect((await t.call('GET', `/campaigns/${campaignId}/jobs`)).body).toEqual({ items: [] });
  });

  it('a job delivered twice runs once; an unknown job is a 404', async () => {
    const { campaignId } = await aCampaign(t, 'twice');
    const accepted = await t.call('POST', `/campaigns/${campaignId}/imports`, {
      body: { contacts: [row('ana@lumen.example')] },
    });
    await t.runner.settled();
    expect(await t.jobs.run(accepted.body.job.id)).toBe('skipped');
    expect((await t.call('GET', `/jobs/${accepted.body.job.id}`)).body).toMatchObject({
      state: 'succeeded',
      result: { imported: 1 },
    });
    const missing = await t.call('GET', `/jobs/${randomUUID()}`);
    expect(missing).toMatchObject({ status: 404, body: { error: { field: 'jobId' } } });
  });
});
