/**
 * Issue 9: the client's resume uploaded through a presigned S3 PUT (s3rver), checked (there, at most
 * 2 MB, a PDF) before it is set on the client; a campaign launches only with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESUME_MAX_BYTES } from '#api/routes/resume.ts';
import { NotFound } from '#domain/errors.ts';
import { type ApiStack, aClientBody, startApiStack, uploadResume } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';

describe('HTTP API: the client resume', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  async function aClient(tag: string) {
    const client = await t.call('POST', '/clients', { body: aClientBody(tag) });
    const campaign = await t.call('POST', `/clients/${client.body.id}/campaigns`, { body: { name: tag } });
    return { clientId: client.body.id as string, campaignId: campaign.body.id as string };
  }

  it('gives a presigned PUT URL under resumes/<clientId>/, with its limits', async () => {
    const { clientId } = await aClient('url');
    const out = await t.call('POST', `/clients/${clientId}/resume`);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({
      uploadUrl: expect.stringContaining('X-Amz-Signature='),
      key: expect.stringMatching(new RegExp(`^resumes/${clientId}/[0-9a-f-]{36}\\.pdf$`)),
      expiresAt: '2027-03-01T08:15:00.000Z',
      maxBytes: RESUME_MAX_BYTES,
      contentType: 'application/pdf',
    });
    // Nothing is set until the upload is checked.
    expect((await t.stack.store.getClient(clientId))?.resumeKey).toBeUndefined();
  });

  it('refuses a launch without a checked resume (422 naming resume), then launches once it is uploaded', async () => {
    const { clientId, campaignId } = await aClient('launch');
    const before = await t.dump();
    const refused = await t.call('POST', `/campaigns/${campaignId}/launch`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'invalid_input', field: 'resume' });
    expect(await t.dump()).toEqual(before);

    const pdf = Buffer.from('%PDF-1.7\n% Sam Okafor\n%%EOF\n');
    const { key, confirmed } = await uploadResume(t, clientId, pdf);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: clientId, resumeKey: key });
    // The object the outreach will attach is the one uploaded.
    expect(await t.stack.blobs.get(key)).toEqual(pdf);

    const launched = await t.call('POST', `/campaigns/${campaignId}/launch`);
    expect(launched.status).toBe(202);
    expect((await t.finished(launched.body.job.id)).body.state).toBe('succeeded');
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.status).toBe('active');
  });

  const refusedFiles: [string, Buffer, string][] = [
    ['a file that is not a PDF', Buffer.from('GIF89a not a resume'), 'PDF'],
    [
      'a PDF over 2 MB',
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(RESUME_MAX_BYTES, 0x20)]),
      '2 MB',
    ],
  ];
  for (const [name, content, why] of refusedFiles) {
    it(`refuses ${name} (422 naming resume), sets nothing and deletes it`, async () => {
      const { clientId } = await aClient(name.replace(/\W/g, ''));
      const { key, confirmed } = await uploadResume(t, clientId, content);
      expect(confirmed.status).toBe(422);
      expect(confirmed.body.error).toMatchObject({ field: 'resume', message: expect.stringContaining(why) });
      expect((await t.stack.store.getClient(clientId))?.resumeKey).toBeUndefined();
      await expect(t.stack.blobs.get(key)).rejects.toBeInstanceOf(NotFound);
    });
  }

  it('refuses a key that was never uploaded, or belongs to another client, writing nothing', async () => {
    const { clientId } = await aClient('keys');
    const other = await aClient('other');
    const otherUpload = await t.call('POST', `/clients/${other.clientId}/resume`);
    const before = await t.dump();
    for (const key of [
      otherUpload.body.key,
      `resumes/${clientId}/00000000-0000-4000-8000-000000000000.pdf`,
      '../etc/passwd',
    ]) {
      const out = await t.call('POST', `/clients/${clientId}/resume/confirm`, { body: { key } });
      expect(out.status).toBe(422);
      expect(out.body.error.field).toBe('key');
    }
    expect(await t.dump()).toEqual(before);
  });

  it('signs the content type and no checksum of an empty body (S3 would refuse the upload)', async () => {
    const { clientId } = await aClient('type');
    const upload = await t.call('POST', `/clients/${clientId}/resume`);
    const url = new URL(upload.body.uploadUrl);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect([...url.searchParams.keys()].filter((k) => k.toLowerCase().includes('checksum'))).toEqual([]);
    // (s3rver checks neither; S3 refuses another Content-Type. The confirm's %PDF- check holds either way.)
  });
});
