/**
 * Issue 9 item 5: GDPR erasure through `DELETE /contacts/{contactId}`. A contact with sends, stored
 * replies (one of them stored twice: two versions), schedules, a meeting and an idempotency record
 * of one of its routes; afterwards the table, the Scheduler emulator and the bucket hold nothing of
 * it, and its address is still refused at import. s3rver keeps no versions, so the S3 client here
 * records every call and answers ListObjectVersions from the writes it saw (one version per
 * PutObject): the version deletes are asserted on the recorded calls.
 */
import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeDynamoIdempotencyRecords } from '#adapters/dynamo-idempotency.ts';
import { makeDynamoInboundStore } from '#adapters/dynamo-inbound-store.ts';
import { makeS3BlobStore } from '#adapters/s3-blob-store.ts';
import { json } from '#api/http.ts';
import { makeIdempotency } from '#api/idempotency.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { makeInbound } from '#usecases/inbound.ts';
import { aProspect, MAIL_CONFIG, remoteMeeting } from '../workflow/harness.ts';
import { fixture, replyAddress } from '../workflow/inbound-stack.ts';
import { type ApiStack, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const DAY = 86_400_000;

interface S3Call {
  command: string;
  input: Record<string, unknown>;
}

/** An S3 client on s3rver that records every call and emulates a versioned bucket's listing. */
function recordingS3() {
  const calls: S3Call[] = [];
  const versions = new Map<string, string[]>();
  const failures = { deleteObject: 0 };
  const client = new S3Client({
    endpoint: inject('s3Endpoint'),
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    region: 'us-east-1',
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const { Body: _, ...input } = args.input as Record<string, unknown>;
      calls.push({ command, input });
      const key = String(input.Key ?? '');
      if (command === 'PutObjectCommand') {
        versions.set(key, [...(versions.get(key) ?? []), randomUUID()]);
      }
      if (command === 'ListObjectVersionsCommand') {
        const prefix = String(input.Prefix ?? '');
        const Versions = [...versions]
          .filter(([k]) => k.startsWith(prefix))
          .flatMap(([Key, ids]) =>
            ids.map((VersionId, i) => ({ Key, VersionId, IsLatest: i === ids.length - 1 })),
          );
        return { output: { Versions, IsTruncated: false, $metadata: {} } } as never;
      }
      if (command === 'DeleteObjectCommand') {
        if (failures.deleteObject > 0) {
          failures.deleteObject--;
          throw Object.assign(new Error('injected S3 failure'), {
            name: 'InternalError',
            $fault: 'server',
            $metadata: { httpStatusCode: 500 },
          });
        }
        if (typeof input.VersionId === 'string') {
          versions.set(
            key,
            (versions.get(key) ?? []).filter((id) => id !== input.VersionId),
          );
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'recordS3Calls' },
  );
  return { client, calls, versions, failures };
}

describe('DELETE /contacts/{contactId}: GDPR erasure', () => {
  let t: ApiStack;
  let s3: ReturnType<typeof recordingS3>;
  let inbound: ReturnType<typeof makeInbound>;

  beforeAll(async () => {
    s3 = recordingS3();
    t = await startApiStack(START, undefined, { s3Client: s3.client });
    const blobs = makeS3BlobStore({ bucket: t.stack.bucket, client: s3.client });
    inbound = makeInbound({
      store: t.stack.store,
      inboundStore: makeDynamoInboundStore(t.stack.table),
      blobs,
      workflow: t.stack.workflow,
      scheduler: t.stack.scheduler,
      clock: t.stack.clock,
      inboundDomain: MAIL_CONFIG.inboundDomain,
      readReply,
    });
  });
  afterAll(() => t.stack.stop());

  /** A raw reply as SES's receipt rule stores it (`times` puts: a redelivery makes a second version). */
  async function receive(raw: Buffer, replyToken: string, times = 1) {
    const sesMessageId = randomUUID();
    const objectKey = `inbound/${sesMessageId}`;
    const blobs = makeS3BlobStore({ bucket: t.stack.bucket, client: s3.client });
    for (let i = 0; i < times; i++) await blobs.put(objectKey, raw, 'message/rfc822');
    const outcome = await inbound({
      sesMessageId,
      objectKey,
      recipients: [replyAddress(replyToken)],
      spamVerdict: 'PASS',
      virusVerdict: 'PASS',
    });
    return { objectKey, outcome };
  }

  /** A contact that got its outreach, replied (stored twice), had a stranger's message held, and booked a meeting. */
  async function aContactWithAHistory() {
    const { contactId, campaign, email } = await t.stack.contacted();
    const contact = await t.stack.store.getContact(contactId);
    if (!contact) throw new Error('no contact');
    const reply = await receive(fixture('accept-gmail-times.eml', { from: email }), contact.replyToken, 2);
    expect(reply.outcome).toMatchObject({ outcome: 'recorded', contactId });
    const held = await receive(
      fixture('accept-gmail-times.eml', { from: 'stranger@elsewhere.example' }),
      contact.replyToken,
    );
    expect(held.outcome).toMatchObject({ outcome: 'held', contactId });
    const start = new Date(t.stack.clock.now().getTime() + 4 * DAY);
    start.setUTCHours(20, 0, 0, 0);
    await t.stack.workflow.bookMeeting(contactId, remoteMeeting(start));
    return { contactId, campaign, email, objectKeys: [reply.objectKey, held.objectKey] };
  }

  /** The schedules in the Scheduler emulator that name the contact or carry it in their payload. */
  async function schedulesOf(contactId: string): Promise<string[]> {
    const found: string[] = [];
    for (const { name } of await t.stack.scheduler.listSchedules()) {
      const schedule = await t.stack.scheduler.get(name);
      if (name.includes(contactId) || JSON.stringify(schedule?.payload ?? {}).includes(contactId)) {
        found.push(name);
      }
    }
    return found;
  }

  /** Items of the table holding the contact's id or address anywhere. */
  async function itemsMentioning(contactId: string, email: string) {
    return (await t.dump()).filter((item) => {
      const text = JSON.stringify(item).toLowerCase();
      return text.includes(contactId.toLowerCase()) || text.includes(email.toLowerCase());
    });
  }

  async function inBucket(keys: string[]): Promise<string[]> {
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: t.stack.bucket }));
    const present = new Set((listed.Contents ?? []).map((o) => o.Key));
    return keys.filter((key) => present.has(key));
  }

  it('leaves nothing of the contact in the table, the Scheduler or the bucket, and the address is refused at import', async () => {
    const { contactId, campaign, email, objectKeys } = await aContactWithAHistory();
    // A response of one of the contact's routes, kept under its Idempotency-Key (the contact's data in it).
    const once = makeIdempotency(
      makeDynamoIdempotencyRecords({ tableName: t.stack.table.tableName, client: t.stack.table.client }),
      () => t.stack.clock.now(),
    );
    const contact = await t.stack.store.getContact(contactId);
    const replayed = await once(
      {
        method: 'POST',
        path: `/contacts/${contactId}/pause`,
        headers: { 'idempotency-key': `pause-${contactId}` },
        query: {},
        body: '{}',
      },
      async () => json(200, contact),
      contactId,
    );
    expect(replayed.statusCode).toBe(200);

    // Before: the contact is everywhere.
    expect(contact?.stage).toBe('meeting_booked');
    expect(contact?.sent.map((s) => s.step)).toContain('outreach');
    expect(await schedulesOf(contactId)).not.toEqual([]);
    expect(await inBucket(objectKeys)).toEqual(objectKeys);
    expect((await itemsMentioning(contactId, email)).length).toBeGreaterThan(5);

    const erased = await t.call('DELETE', `/contacts/${contactId}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ erased: true, objectsDeleted: 3 });
    expect(erased.body.itemsDeleted).toBeGreaterThan(5);
    expect(erased.body.schedulesDeleted).toBeGreaterThan(0);

    // The table: no item with its id or its address (the suppression item holds an HMAC only).
    expect(await itemsMentioning(contactId, email)).toEqual([]);
    expect(await t.stack.store.isSuppressed(email)).toBe(true);
    // The Scheduler emulator: none of its schedules.
    expect(await schedulesOf(contactId)).toEqual([]);
    // The bucket: none of its objects, and every version of each was deleted by VersionId.
    expect(await inBucket(objectKeys)).toEqual([]);
    const versionDeletes = s3.calls
      .filter((c) => c.command === 'DeleteObjectCommand' && typeof c.input.VersionId === 'string')
      .map((c) => c.input.Key);
    expect(versionDeletes.sort()).toEqual([objectKeys[0], objectKeys[0], objectKeys[1]].sort());
    expect(
      s3.calls.filter((c) => c.command === 'ListObjectVersionsCommand').map((c) => c.input.Prefix),
    ).toEqual(expect.arrayContaining(objectKeys));
    for (const key of objectKeys) {
      await expect(
        s3.client.send(new HeadObjectCommand({ Bucket: t.stack.bucket, Key: key })),
      ).rejects.toThrow();
      expect(s3.versions.get(key)).toEqual([]);
    }

    // The address is refused at import: in its campaign and in another client's.
    const again = await t.stack.workflow.importContacts(campaign.id, [aProspect({ email })]);
    expect(again).toMatchObject({ created: [], suppressed: [{ index: 0, email }] });
    const elsewhere = await t.stack.seed();
    const there = await t.stack.workflow.importContacts(elsewhere.campaign.id, [aProspect({ email })]);
    expect(there).toMatchObject({ created: [], suppressed: [{ index: 0, email }] });

    // The contact is gone: a second DELETE is a 404, like any unknown contact.
    const repeat = await t.call('DELETE', `/contacts/${contactId}`);
    expect(repeat).toMatchObject({ status: 404, body: { error: { code: 'not_found', field: 'contactId' } } });
    expect(await itemsMentioning(contactId, email)).toEqual([]);
  });

  it('a DELETE that failed part-way (503) is sent again and finishes the erasure', async () => {
    const { contactId, email, objectKeys } = await aContactWithAHistory();
    // One of its routes, with an Idempotency-Key: the kept response carries the contact.
    const key = { 'idempotency-key': `pause-${contactId}` };
    const paused = await t.call('POST', `/contacts/${contactId}/pause`, { headers: key });
    expect(paused.status).toBe(200);
    expect(
      (await itemsMentioning(contactId, email)).some((item) => item.PK === `IDEMPOTENCY#pause-${contactId}`),
    ).toBe(true);
    s3.failures.deleteObject = 1;
    const failed = await t.call('DELETE', `/contacts/${contactId}`);
    expect(failed).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    // Already suppressed; the contact itself is still there to be erased.
    expect(await t.stack.store.isSuppressed(email)).toBe(true);
    expect(await t.stack.store.getContact(contactId)).toBeDefined();

    const retried = await t.call('DELETE', `/contacts/${contactId}`);
    expect(retried).toMatchObject({ status: 200, body: { erased: true, objectsDeleted: 3 } });
    expect(await itemsMentioning(contactId, email)).toEqual([]);
    // The pause's key is gone with it: the same request again finds no contact.
    expect(await t.call('POST', `/contacts/${contactId}/pause`, { headers: key })).toMatchObject({
      status: 404,
    });
    expect(await schedulesOf(contactId)).toEqual([]);
    expect(await inBucket(objectKeys)).toEqual([]);
  });

  it('an unknown or malformed contact id is a 404 and writes nothing', async () => {
    const before = await t.dump();
    for (const id of [randomUUID(), 'not a valid id', 'x'.repeat(300)]) {
      const out = await t.call('DELETE', `/contacts/${encodeURIComponent(id)}`);
      expect(out).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    }
    expect(await t.dump()).toEqual(before);
  });
});
