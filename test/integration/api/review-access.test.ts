/**
 * A coach's review queue (issue 13): replies arrive over the local SMTP MX (→ S3 → inbound → the
 * queue), and coaches signed in with cognito-local work the queue through the local gateway:
 * - coach A lists their own clients' replies, never coach B's (and B the reverse); an admin all;
 * - the messages that matched no contact stay the admins' (403 for a coach);
 * - B reading, confirming or correcting A's reply → 403, nothing written; A's correction applies;
 * - a client given to another coach: its replies leave the former coach's list at once.
 */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCoachReviewCopies } from '#adapters/dynamo/review-coach-migration.ts';
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { routeToOtherFunctions } from '#local/api-other-functions.ts';
import {
  deliverUnsureReply,
  fixture,
  type InboundStack,
  replyAddress,
  startInboundStack,
} from '../workflow/inbound-stack.ts';
import { ADMIN, COACH, COACH2, type SignIn, startSignIn } from './sign-in.ts';
import { type ApiStack, startApiStack } from './support.ts';

// Monday 2026-11-30 08:00 UTC: the fixtures are replies written on 1 December 2026.
const START = '2026-11-30T08:00:00.000Z';

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON read field by field
  body: any;
}

describe("a coach's review queue: their own clients' replies only", () => {
  let world: InboundStack;
  let api: ApiStack;
  let auth: SignIn;
  let gateway: LocalApiGateway;
  let keys = 0;
  /** Coach A's and coach B's contacts, each with an unsure reply waiting. */
  const replies = { a: { replyId: '', clientId: '' }, b: { replyId: '', clientId: '' } };

  async function request(method: string, path: string, as: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${await auth.idToken(as)}` };
    if (method === 'POST') headers['idempotency-key'] = `review-access-${++keys}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${gateway.endpoint}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const idsIn = (answer: Answer): string[] =>
    answer.body.items.map((item: { replyId: string }) => item.replyId);

  /** A contacted contact of a client coached by `coach`, whose unsure reply waits in the queue. */
  async function unsureReplyOf(coach: string) {
    const { contact, client, outcome } = await deliverUnsureReply(world, coach);
    expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'other' } });
    const open = await api.call('GET', '/replies', { query: { state: 'open', limit: '100' } });
    const item = open.body.items.find((i: { contactId: string }) => i.contactId === contact.id);
    expect(item, JSON.stringify(open.body)).toBeDefined();
    return { replyId: item.replyId as string, clientId: client.id };
  }

  beforeAll(async () => {
    auth = await startSignIn();
    world = await startInboundStack({ start: START });
    api = await startApiStack(START, world.stack, { processInbound: (receipt) => world.inbound(receipt) });
    gateway = await startLocalApiGateway({
      port: 0,
      handler: api.handler,
      otherFunction: routeToOtherFunctions(api.handlers),
      authorizer: auth.authorizer,
    });
    replies.a = await unsureReplyOf(COACH);
    replies.b = await unsureReplyOf(COACH2);
    // A message that matches no contact: the admins' inbox.
    const unmatched = await world.deliver(
      fixture('unsure-noted.eml', { from: 'stranger@elsewhere.example' }),
      replyAddress('no-such-token'),
    );
    expect(unmatched).toMatchObject({ outcome: 'unmatched' });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
    await world?.stop();
  });

  it("lists a coach's own clients' replies only; an admin sees every one", async () => {
    const mine = await request('GET', '/replies', COACH);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(idsIn(mine)).toEqual([replies.a.replyId]);
    expect(mine.body.items[0]).toMatchObject({
      reason: 'unsure',
      state: 'open',
      clientId: replies.a.clientId,
    });

    const theirs = await request('GET', '/replies?state=open', COACH2);
    expect(idsIn(theirs)).toEqual([replies.b.replyId]);

    const all = await request('GET', '/replies?limit=100', ADMIN);
    expect(idsIn(all)).toEqual(expect.arrayContaining([replies.a.replyId, replies.b.replyId]));

    // Nothing decided yet: the coach's other lists are empty, not someone else's.
    expect(idsIn(await request('GET', '/replies?state=corrected', COACH))).toEqual([]);
  });

  it("the unmatched inbox stays the admins': 403 for a coach", async () => {
    for (const state of ['unmatched', 'attached']) {
      const refused = await request('GET', `/replies?state=${state}`, COACH);
      expect(refused.status, state).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'state' });
    }
    const inbox = await request('GET', '/replies?state=unmatched', ADMIN);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ reason: 'unmatched', from: 'stranger@elsewhere.example' });
    // A bad state is named whoever asks.
    const bad = await request('GET', '/replies?state=everything', COACH);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ field: 'state' });
  });

  it("coach B on coach A's reply: 403 on read, confirm and correct, nothing written; A corrects it", async () => {
    const before = await api.dump();
    const a = replies.a.replyId;
    const answers = [
      await request('GET', `/replies/${a}`, COACH2),
      await request('POST', `/replies/${a}/confirm`, COACH2),
      await request('POST', `/replies/${a}/correct`, COACH2, { intent: 'declined' }),
    ];
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(403);
      expect(answer.body.error).toMatchObject({ code: 'forbidden' });
    }
    expect(await api.dump()).toEqual(before);

    const corrected = await request('POST', `/replies/${a}/correct`, COACH, { intent: 'declined' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body).toMatchObject({
      changed: true,
      reply: { state: 'corrected', resolution: { intent: 'declined' } },
    });
    // It moved from the coach's open list to their corrected one; coach B's lists never had it.
    expect(idsIn(await request('GET', '/replies', COACH))).toEqual([]);
    expect(idsIn(await request('GET', '/replies?state=corrected', COACH))).toEqual([a]);
    expect(idsIn(await request('GET', '/replies?state=corrected', COACH2))).toEqual([]);
    expect(idsIn(await request('GET', '/replies', COACH2))).toEqual([replies.b.replyId]);
  });

  it("a client given to another coach: its replies leave the former coach's list at once, and follow on their next write", async () => {
    const moved = await request('PATCH', `/clients/${replies.b.clientId}`, ADMIN, { coach: COACH });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // The former coach sees it no more (its copy still names them: left out by the client's coach now).
    expect(idsIn(await request('GET', '/replies', COACH2))).toEqual([]);
    expect((await request('GET', `/replies/${replies.b.replyId}`, COACH2)).status).toBe(403);
    // The new coach works on it; decided, it is listed under them.
    const confirmed = await request('POST', `/replies/${replies.b.replyId}/confirm`, COACH);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(idsIn(await request('GET', '/replies?state=confirmed', COACH))).toEqual([replies.b.replyId]);
    expect(idsIn(await request('GET', '/replies?state=confirmed', COACH2))).toEqual([]);
  });

  it("erasing the contact erases its reply from the coach's list too (the copy lives in the contact's partition)", async () => {
    const contactId = replies.b.replyId.split('.')[0] as string;
    expect(idsIn(await request('GET', '/replies?state=confirmed', COACH))).toEqual([replies.b.replyId]);
    const erased = await request('DELETE', `/contacts/${contactId}`, COACH);
    expect(erased.status, JSON.stringify(erased.body)).toBeLessThan(300);
    expect(idsIn(await request('GET', '/replies?state=confirmed', COACH))).toEqual([]);
    const left = (await api.dump()).filter((item) => String(item.PK) === `CONTACT#${contactId}`);
    expect(left).toEqual([]);
  });

  it('a reply in review written before coaches had their queue: listed for its coach once the migration ran', async () => {
    const { contact, client } = await world.contacted();
    await world.stack.store.putClient({ ...client, coach: COACH2 });
    // As the review store wrote it before: the item alone, no coach's copy.
    const replyId = `${contact.id}.oldkey1`;
    const item = {
      replyId,
      replyKey: 'oldkey1',
      state: 'open',
      reason: 'unsure',
      contactId: contact.id,
      campaignId: contact.campaignId,
      clientId: client.id,
      sesMessageId: 'old-1',
      objectKey: 'inbound/old-1',
      receivedAt: '2026-11-30T09:00:00.000Z',
      applied: 'held',
      version: 1,
    };
    await DynamoDBDocumentClient.from(world.stack.table.client).send(
      new PutCommand({
        TableName: world.stack.table.tableName,
        Item: {
          ...item,
          PK: `CONTACT#${contact.id}`,
          SK: 'REVIEW#oldkey1',
          GSI1PK: 'REVIEW#open',
          GSI1SK: `${item.receivedAt}#${replyId}`,
          entity: 'review',
        },
      }),
    );
    // Not in its coach's list yet (coach B's other reply moved to coach A earlier).
    expect(idsIn(await request('GET', '/replies', COACH2))).toEqual([]);
    const options = { ...world.stack.table, suppressionSecret: 'unused' };
    expect(await writeCoachReviewCopies(options)).toMatchObject({ changedMeanwhile: 0 });
    expect(idsIn(await request('GET', '/replies', COACH2))).toEqual([replyId]);
    expect(idsIn(await request('GET', '/replies', COACH))).not.toContain(replyId);
    // Again: nothing changes.
    const again = await writeCoachReviewCopies(options);
    expect(again.changedMeanwhile).toBe(0);
    expect(idsIn(await request('GET', '/replies', COACH2))).toEqual([replyId]);
  });
});
