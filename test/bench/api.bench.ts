/**
 * `npm run bench:api`: the API's reads on a large campaign — the board, one column paged, a stage's
 * contacts and one contact with its timeline — through the API function's handler (payload v2
 * events in, as API Gateway sends them), on DynamoDB Local.
 *
 * Self-contained: starts DynamoDB Local (in memory, free port), creates a table, and seeds two
 * campaigns of one client directly through the store's item layout (BatchWriteItem, 25 a request):
 * a small one (100 contacts) and a large one (10,000), both with the same stages non-empty, plus a
 * 12-entry timeline for some contacts of the large one. Every DynamoDB request the handler makes
 * is counted by a middleware on the client the store's document client sends through. Printed per
 * read: p50 / p95 latency and DynamoDB requests per call; the board at 100 and at 10,000 contacts
 * must cost the same requests (checked: exit 1 otherwise).
 *
 * Options: --contacts N (10000) · --small N (100) · --calls N (200 per read) · --timelines N (200).
 */

import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { contactItem, countersUpdate, type Item, timelineItem } from '#adapters/dynamo/items.ts';
import { makeDynamoIdempotencyRecords } from '#adapters/dynamo-idempotency.ts';
import { makeDynamoJobStore } from '#adapters/dynamo-jobs.ts';
import { makeDynamoStore } from '#adapters/dynamo-store.ts';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { makeApi } from '#api/app.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Contact, ScheduledStep, Stage, TimelineEntry } from '#domain/types.ts';
import { makeApiHandler } from '#handlers/api.ts';
import { demoCampaign, demoClient } from '#local/demo-data.ts';
import { createTable, type RunningEmulator, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { localContext } from '#local/lambda-context.ts';
import { mapPool } from '#shared/map-pool.ts';
import { makeEraseContact } from '#usecases/erase-contact.ts';
import { makeWorkflow } from '#usecases/workflow.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const { values: opts } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    small: { type: 'string', default: '100' },
    calls: { type: 'string', default: '200' },
    timelines: { type: 'string', default: '200' },
  },
});
const positive = (name: keyof typeof opts): number => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be an integer ≥ 1`);
  return n;
};
const LARGE = positive('contacts');
const SMALL = positive('small');
const CALLS = positive('calls');
const TIMELINES = positive('timelines');
const TIMELINE_ENTRIES = 12;
const WARMUP = 20;
const SEED_CONCURRENCY = 8;

/** Monday 2027-03-01 08:00 UTC. */
const START = Date.parse('2027-03-01T08:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * How a campaign's contacts spread over the stages (weights); the stages not listed stay empty.
 * Every listed stage gets at least one contact, so the small and the large board show the same columns.
 */
const SPREAD: Partial<Record<Stage, number>> = {
  prospect: 5,
  queued: 10,
  contacted: 40,
  replied: 5,
  meeting_booked: 3,
  confirmed: 2,
  met: 2,
  thanked: 2,
  keeping_in_touch: 3,
  no_response: 20,
  declined: 6,
  paused: 1,
  unsubscribed: 1,
};

const line = (text: string) => console.log(`bench:api ${text}`);
const failures: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) {
    failures.push(what);
    line(`CHECK FAILED: ${what}`);
  }
}

/** Contacts per stage for a campaign of `n`: by weight, at least one each, summing to n. */
function stageCounts(n: number): [Stage, number][] {
  const entries = Object.entries(SPREAD) as [Stage, number][];
  const weight = entries.reduce((sum, [, w]) => sum + w, 0);
  const counts = entries.map(([stage, w]): [Stage, number] => [
    stage,
    Math.max(1, Math.floor((n * w) / weight)),
  ]);
  const short = n - counts.reduce((sum, [, c]) => sum + c, 0);
  const largest = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  largest[1] += short;
  return counts;
}

/** What a contact in `stage` has planned (a board summary shows the first). */
function plannedFor(stage: Stage, createdAt: number): ScheduledStep[] {
  const at = (days: number) => iso(createdAt + days * DAY);
  switch (stage) {
    case 'queued':
      return [{ step: 'outreach', at: at(1), planVersion: 1 }];
    case 'contacted':
      return [
        { step: 'follow-up-1', at: at(5), planVersion: 2 },
        { step: 'no-response', at: at(20), planVersion: 2 },
      ];
    case 'meeting_booked':
      return [{ step: 'confirmation', at: at(3), planVersion: 3 }];
    case 'thanked':
      return [{ step: 'keep-in-touch-1', at: at(30), planVersion: 4 }];
    default:
      return [];
  }
}

function contactsOf(campaignId: string, clientId: string, n: number): Contact[] {
  const contacts: Contact[] = [];
  for (const [stage, count] of stageCounts(n)) {
    for (let i = 0; i < count; i++) {
      const index = contacts.length;
      const createdAt = START + index * 1000;
      contacts.push({
        id: randomUUID(),
        campaignId,
        clientId,
        email: `person${index}.${campaignId.slice(0, 8)}@bench.example`,
        firstName: `Person${index}`,
        lastName: 'Bench',
        company: `Company ${index % 97}`,
        role: 'UX Researcher',
        timeZone: 'America/New_York',
        foundVia: { kind: 'association', name: 'the UX Professionals Association' },
        stage,
        ...(stage === 'paused' ? { pausedFrom: 'contacted' as const } : {}),
        version: 3,
        planVersion: 2,
        replyToken: randomUUID().replaceAll('-', ''),
        schedules: plannedFor(stage, createdAt),
        sent: [],
        createdAt: iso(createdAt),
        updatedAt: iso(createdAt + 60_000),
      });
    }
  }
  return contacts;
}

function timelineOf(contact: Contact): Item[] {
  return Array.from({ length: TIMELINE_ENTRIES }, (_, i) => {
    const entry: TimelineEntry = {
      contactId: contact.id,
      at: iso(Date.parse(contact.createdAt) + i * 3_600_000),
      event: i === 0 ? 'imported' : 'email_sent',
      from: contact.stage,
      to: contact.stage,
      detail: `entry ${i + 1} of the bench timeline`,
    };
    return timelineItem(entry, i + 1);
  });
}

/** Writes items 25 a request (retrying what DynamoDB Local leaves unprocessed). */
async function batchWrite(doc: DynamoDBDocumentClient, tableName: string, items: Item[]): Promise<void> {
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await mapPool(batches, SEED_CONCURRENCY, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

interface Read {
  name: string;
  path: (i: number) => string;
  query?: (i: number) => Record<string, string>;
}

async function main(): Promise<void> {
  let dynamo: RunningEmulator | undefined;
  let client: DynamoDBClient | undefined;
  try {
    dynamo = await startDynamoDbLocal();
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1' });
    let requests = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        requests++;
        return next(args);
      },
      { step: 'initialize', name: 'benchCountRequests' },
    );
    const tableName = 'rapport-bench-api';
    await createTable(client, tableName);
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const store = makeDynamoStore({ tableName, client, suppressionSecret: 'bench-suppression-secret' });
    const clock: Clock = { now: () => new Date(START) };

    // seed: one client, a small and a large campaign, the same stages non-empty in both.
    const seedStarted = performance.now();
    const owner = demoClient({ id: randomUUID(), createdAt: iso(START) });
    await store.putClient(owner);
    const campaigns: Record<'small' | 'large', { id: string; contacts: Contact[] }> = {
      small: { id: randomUUID(), contacts: [] },
      large: { id: randomUUID(), contacts: [] },
    };
    for (const [size, n] of [
      ['small', SMALL],
      ['large', LARGE],
    ] as const) {
      const { id } = campaigns[size];
      await store.putCampaign(
        demoCampaign({ id, clientId: owner.id, name: `bench ${size}`, createdAt: iso(START) }),
      );
      const contacts = contactsOf(id, owner.id, n);
      campaigns[size].contacts = contacts;
      await batchWrite(doc, tableName, contacts.map(contactItem));
      const delta: Partial<Record<Stage | 'total', number>> = { total: contacts.length };
      for (const [stage, count] of stageCounts(n)) delta[stage] = count;
      await doc.send(new UpdateCommand(countersUpdate(tableName, id, delta).Update));
    }
    const withTimelines = campaigns.large.contacts.slice(0, TIMELINES);
    await batchWrite(doc, tableName, withTimelines.flatMap(timelineOf));
    line(
      `seeded ${SMALL} + ${LARGE} contacts (${stageCounts(LARGE).length} stages non-empty) and ` +
        `${TIMELINES} timelines of ${TIMELINE_ENTRIES} entries in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );

    // The API function's handler, as deployed: the reads use the store; the workflow is wired but unused.
    const scheduler = makeEventBridgeScheduler({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      groupName: 'rapport',
      targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:rapport-dispatch',
      roleArn: 'arn:aws:iam::000000000000:role/rapport-scheduler',
      deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:rapport-dispatch-dlq',
      retry: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86_400 },
    });
    const api = makeApi({
      store,
      workflow: makeWorkflow({ store, scheduler, clock }),
      clock,
      // The bench reads; it never erases (and has no bucket).
      eraseContact: makeEraseContact({
        store,
        scheduler,
        blobs: {
          deleteEveryVersion: () => Promise.reject(new Error('the API bench has no bucket to erase from')),
        },
        clock,
      }),
      idempotency: makeDynamoIdempotencyRecords({ tableName, client }),
      // Reads only: no job is started and no file kept or uploaded here.
      jobs: makeDynamoJobStore({ tableName, client }),
      submitJob: () => Promise.reject(new Error('the read bench starts no job')),
      blobs: {
        put: () => Promise.reject(new Error('the read bench keeps no file')),
        get: () => Promise.reject(new Error('the read bench reads no file')),
      },
      uploads: {
        presignPut: () => Promise.reject(new Error('the read bench presigns nothing')),
        inspect: () => Promise.reject(new Error('the read bench reads no upload')),
        discard: () => Promise.reject(new Error('the read bench deletes no upload')),
      },
    });
    const handler = makeApiHandler(() => api);
    const context = localContext('rapport-api');
    // biome-ignore lint/suspicious/noExplicitAny: a JSON response read field by field
    async function get(path: string, query?: Record<string, string>): Promise<{ status: number; body: any }> {
      const event = {
        version: '2.0',
        rawPath: path,
        rawQueryString: query ? new URLSearchParams(query).toString() : '',
        headers: { accept: 'application/json' },
        ...(query ? { queryStringParameters: query } : {}),
        // Signed as the IAM API's callers are (automation, admin rights).
        requestContext: {
          http: { method: 'GET', path },
          authorizer: { iam: { userArn: 'arn:aws:iam::000000000000:user/bench' } },
        },
        isBase64Encoded: false,
      };
      const out = (await handler(event as never, context)) as { statusCode: number; body: string };
      return { status: out.statusCode, body: JSON.parse(out.body) };
    }

    // A cursor for each column of the large board: the column reads page from there.
    const board = await get(`/campaigns/${campaigns.large.id}/board`);
    const contactedCursor = board.body.columns.find((c: { stage: string }) => c.stage === 'contacted')
      ?.cursor as string;
    check(typeof contactedCursor === 'string', 'the contacted column of the large board has a cursor');

    const reads: Read[] = [
      { name: `board, ${SMALL} contacts`, path: () => `/campaigns/${campaigns.small.id}/board` },
      { name: `board, ${LARGE} contacts`, path: () => `/campaigns/${campaigns.large.id}/board` },
      {
        name: `board column page (contacted, ${LARGE})`,
        path: () => `/campaigns/${campaigns.large.id}/board`,
        query: () => ({ stage: 'contacted', cursor: contactedCursor }),
      },
      {
        name: `contacts of a stage (contacted, ${LARGE}, limit 50)`,
        path: () => `/campaigns/${campaigns.large.id}/contacts`,
        query: () => ({ stage: 'contacted' }),
      },
      {
        name: `contact + timeline (${TIMELINE_ENTRIES} entries)`,
        path: (i) => `/contacts/${withTimelines[i % withTimelines.length]?.id}`,
      },
    ];

    const results: { name: string; p50: number; p95: number; reqMin: number; reqMax: number }[] = [];
    for (const read of reads) {
      for (let i = 0; i < WARMUP; i++) await get(read.path(i), read.query?.(i));
      const latencies: number[] = [];
      const perCall: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const before = requests;
        const started = performance.now();
        const answer = await get(read.path(i), read.query?.(i));
        latencies.push(performance.now() - started);
        perCall.push(requests - before);
        if (answer.status !== 200) check(false, `${read.name}: answered ${answer.status}`);
      }
      const t = stats(latencies);
      const r = stats(perCall);
      results.push({ name: read.name, p50: t.p50, p95: t.p95, reqMin: r.min, reqMax: r.max });
    }

    const width = Math.max(...results.map((r) => r.name.length));
    line(`${CALLS} calls each (after ${WARMUP} warm-up calls), through the API handler, DynamoDB Local:`);
    line(`${'read'.padEnd(width)}   p50 ms   p95 ms   DynamoDB requests per call`);
    for (const r of results) {
      const req = r.reqMin === r.reqMax ? `${r.reqMin}` : `${r.reqMin}–${r.reqMax}`;
      line(
        `${r.name.padEnd(width)}   ${r.p50.toFixed(1).padStart(6)}   ${r.p95.toFixed(1).padStart(6)}   ${req}`,
      );
    }

    const [small, large] = results;
    const nonEmpty = stageCounts(LARGE).length;
    check(
      small?.reqMin === large?.reqMin && small?.reqMax === large?.reqMax,
      `the board costs the same requests at ${SMALL} and ${LARGE} contacts`,
    );
    // scope (campaign + client), the counters, one query per non-empty column
    check(
      large?.reqMax === 3 + nonEmpty,
      `the board is ${3 + nonEmpty} requests (${nonEmpty} non-empty columns)`,
    );
    const shown = board.body.columns.reduce((n: number, c: { items: unknown[] }) => n + c.items.length, 0);
    line(
      `board of ${LARGE}: ${board.body.total} contacts counted, ${shown} summaries on the page ` +
        `(≤ 25 per column), ${JSON.stringify(board.body).length} bytes`,
    );
  } finally {
    client?.destroy();
    await dynamo?.stop();
  }
  if (failures.length > 0) {
    line(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  line('all checks hold');
}

await main();
