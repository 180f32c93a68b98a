/**
 * `npm run bench:launch`: import + launch of 10,000 contacts on the local stack (DESIGN.md, Budgets),
 * with the throughput printed next to the raw emulator write throughput measured in the same run.
 *
 * Self-contained: starts DynamoDB Local (in memory, free port) and the Scheduler emulator (virtual
 * clock frozen — nothing fires), creates a table, wires the real store, scheduler adapter and
 * workflow, seeds one client and one campaign, then
 *   1. raw DynamoDB Local PutItem (a contact-sized item, as many in flight as the import uses) and
 *      raw Scheduler emulator CreateSchedule through the adapter (as many in flight as the launch);
 *   2. `workflow.importContacts` of N generated rows (unique emails, mixed zones);
 *   3. `workflow.launchCampaign`, split into phases (read prospects, plan, per-contact apply),
 *      and verifies the counters, the 10,000 schedules in the emulator, the daily cap per sender-local
 *      day, the stagger and the send windows.
 *
 * The policy is DEFAULT_POLICY with `dailyCapPerSender: 500` and `staggerMinutes: 1`: with the
 * default 7-minute stagger a single sender fits ~200 outreach a day across these zones, the cap would
 * never bind and 10,000 would spread over ~10 weeks; at 1 minute the cap binds and they spill over
 * ~20 sender days. `--stagger 7` runs the default stagger.
 *
 * Options: --contacts N (10000) · --raw-puts N (2000) · --raw-schedules N (1000) · --stagger MIN (1)
 *          · --cap N (500) · --launch-concurrency N (8, the workflow default) · --import-concurrency N
 *          (16, the store default). Exit 0 when every check holds, 1 otherwise.
 */

import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { makeDynamoStore } from '#adapters/dynamo-store.ts';
import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import type { Store } from '#domain/ports/store.ts';
import { isInWindow } from '#domain/timing.ts';
import type { Contact } from '#domain/types.ts';
import { demoCampaign, demoClient } from '#local/demo-data.ts';
import { createTable, type RunningEmulator, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { type SchedulerEmulator, startSchedulerEmulator } from '#local/scheduler-emulator.ts';
import { mapPool } from '#shared/map-pool.ts';
import { keys } from '#shared/table-definition.ts';
import { makeWorkflow } from '#usecases/workflow.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

const { values: opts } = parseArgs({
  options: {
    contacts: { type: 'string', default: '10000' },
    'raw-puts': { type: 'string', default: '2000' },
    'raw-schedules': { type: 'string', default: '1000' },
    stagger: { type: 'string', default: '1' },
    cap: { type: 'string', default: '500' },
    'launch-concurrency': { type: 'string', default: '8' },
    'import-concurrency': { type: 'string', default: '16' },
  },
});
const positive = (name: keyof typeof opts, min = 1): number => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const CONTACTS = positive('contacts');
const RAW_PUTS = positive('raw-puts');
const RAW_SCHEDULES = positive('raw-schedules');
const STAGGER = positive('stagger', 0);
const CAP = positive('cap');
const LAUNCH_CONCURRENCY = positive('launch-concurrency');
const IMPORT_CONCURRENCY = positive('import-concurrency');
const WARMUP_PUTS = 200;

/** A Monday morning (UTC); the plan crosses the US and EU DST changes and Adelaide's DST end. */
const START = '2025-03-03T06:00:00.000Z';
const DISPATCH_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:rapport-dispatch';
const SCHEDULER_OPTIONS = {
  region: 'us-east-1',
  targetArn: DISPATCH_ARN,
  roleArn: 'arn:aws:iam::000000000000:role/rapport-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:rapport-dispatch-dlq',
  retry: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: 86_400 },
};
const ZONES = [
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'America/New_York',
  'Europe/Berlin',
  undefined, // the client's zone (Europe/London) by default
] as const;

const line = (text: string) => console.log(`bench:launch ${text}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => n / (ms / 1000);
const fmtRate = (r: number) => (r >= 100 ? r.toFixed(0) : r.toFixed(1));

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) {
    failures.push(what);
    line(`CHECK FAILED: ${what}`);
  }
}

/** CPU seconds used while `since` ran: by this Node process, and by everything else (the JVM). */
interface CpuMark {
  node: NodeJS.CpuUsage;
  busyMs: number;
}
function cpuMark(): CpuMark {
  const busyMs = cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  return { node: process.cpuUsage(), busyMs };
}
function cpuSince(mark: CpuMark, wallMs: number): string {
  const node = process.cpuUsage(mark.node);
  const nodeS = (node.user + node.system) / 1e6;
  const totalS = (cpuMark().busyMs - mark.busyMs) / 1000;
  const cores = cpus().length;
  return (
    `CPU ${totalS.toFixed(1)} s of ${((cores * wallMs) / 1000).toFixed(1)} s available on ${cores} cores: ` +
    `Node (client + Scheduler emulator) ${nodeS.toFixed(1)} s, rest (DynamoDB Local JVM + anything else on the machine) ${Math.max(0, totalS - nodeS).toFixed(1)} s`
  );
}

// ---- instrumentation: per-method latency of the store and the scheduler, DynamoDB request counts

interface MethodStats {
  calls: number;
  totalMs: number;
  firstStart: number;
  lastEnd: number;
}
class Recorder {
  methods = new Map<string, MethodStats>();
  requests = new Map<string, number>();
  reset() {
    this.methods.clear();
    this.requests.clear();
  }
  record(name: string, start: number, end: number) {
    const s = this.methods.get(name) ?? { calls: 0, totalMs: 0, firstStart: start, lastEnd: end };
    s.calls++;
    s.totalMs += end - start;
    s.firstStart = Math.min(s.firstStart, start);
    s.lastEnd = Math.max(s.lastEnd, end);
    this.methods.set(name, s);
  }
  /** `getContact 10000 × 4.1 ms, …` — mean latency per call, busiest first. */
  summary(): string {
    return [...this.methods.entries()]
      .sort((a, b) => b[1].totalMs - a[1].totalMs)
      .map(([name, s]) => `${name} ${s.calls} × ${(s.totalMs / s.calls).toFixed(2)} ms`)
      .join(', ');
  }
  requestSummary(): string {
    return [...this.requests.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name.replace(/Command$/, '')} ${n}`)
      .join(', ');
  }
}

/** Wraps every async method of `target` so its latency lands in `recorder` as `<prefix>.<method>`. */
function timed<T extends object>(target: T, prefix: string, recorder: Recorder): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const start = performance.now();
        const out = (value as (...a: unknown[]) => unknown).apply(obj, args);
        if (out instanceof Promise) {
          return out.finally(() => recorder.record(`${prefix}.${String(prop)}`, start, performance.now()));
        }
        return out;
      };
    },
  });
}

// ---- data

function rows(n: number, tag: string): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const zone = ZONES[i % ZONES.length];
    return {
      email: `contact.${i}.${tag}@org${i % 97}.example`,
      firstName: `Firstname${i}`,
      lastName: `Lastname${i}`,
      company: `Organisation ${i % 97} Health`,
      role: 'Senior UX Researcher',
      ...(zone ? { timeZone: zone } : {}),
      foundVia: { kind: 'association', name: 'the UX Professionals Association' },
    };
  });
}

/** A contact item as the store writes it (same attributes, keys and GSI keys), for the raw PutItem run. */
function contactSizedItem(campaignId: string, clientId: string, now: string): Record<string, unknown> {
  const id = randomUUID();
  const contact: Contact = {
    id,
    campaignId,
    clientId,
    email: `contact.raw.${id.slice(0, 8)}@org1.example`,
    firstName: 'Firstname1234',
    lastName: 'Lastname1234',
    company: 'Organisation 12 Health',
    role: 'Senior UX Researcher',
    timeZone: 'Asia/Kolkata',
    foundVia: { kind: 'association', name: 'the UX Professionals Association' },
    stage: 'prospect',
    version: 1,
    planVersion: 0,
    replyToken: 'AbCdEfGhIjKlMnOp',
    schedules: [],
    sent: [],
    createdAt: now,
    updatedAt: now,
  };
  return {
    ...contact,
    ...keys.contact(id),
    GSI1PK: keys.stageOfCampaign(campaignId, 'prospect'),
    GSI1SK: keys.boardSort(now, id),
    entity: 'contact',
  };
}

// ---- the run

async function main(): Promise<void> {
  let dynamo: RunningEmulator | undefined;
  let emulator: SchedulerEmulator | undefined;
  let client: DynamoDBClient | undefined;
  try {
    [dynamo, emulator] = await Promise.all([
      startDynamoDbLocal(),
      startSchedulerEmulator({ clock: new Date(START) }),
    ]);
    const recorder = new Recorder();
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1' });
    const rec = recorder;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = context.commandName ?? 'unknown';
        rec.requests.set(name, (rec.requests.get(name) ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'benchCountCommands' },
    );
    const tableName = 'rapport-bench';
    const scratchTable = 'rapport-bench-scratch';
    await Promise.all([createTable(client, tableName), createTable(client, scratchTable)]);

    const rawStore = makeDynamoStore({
      tableName,
      client,
      importConcurrency: IMPORT_CONCURRENCY,
      suppressionSecret: 'bench-suppression-secret',
    });
    const store: Store = timed(rawStore, 'store', recorder);
    const rawScheduler = makeEventBridgeScheduler({
      ...SCHEDULER_OPTIONS,
      endpoint: emulator.endpoint,
      groupName: 'rapport',
    });
    await rawScheduler.ensureScheduleGroup();
    const scheduler = timed(rawScheduler, 'scheduler', recorder);
    const clock = emulator.clock;
    const workflow = makeWorkflow({
      store,
      scheduler,
      clock,
      concurrency: LAUNCH_CONCURRENCY,
    });

    // seed
    const now = clock.now().toISOString();
    const clientRecord = demoClient({ id: randomUUID(), createdAt: now });
    await store.putClient(clientRecord);
    const policy = { ...DEFAULT_POLICY, dailyCapPerSender: CAP, staggerMinutes: STAGGER };
    const campaign = demoCampaign({
      id: randomUUID(),
      clientId: clientRecord.id,
      name: 'UX research (bench)',
      policy,
      createdAt: now,
    });
    await store.putCampaign(campaign);
    line(
      `${CONTACTS} contacts, policy: dailyCapPerSender ${CAP}, staggerMinutes ${STAGGER}, window ` +
        `${policy.sendWindow.start}–${policy.sendWindow.end} Mon–Fri; clock frozen at ${START}; ` +
        `import ${IMPORT_CONCURRENCY} in flight, launch ${LAUNCH_CONCURRENCY} in flight`,
    );

    // 1a. raw DynamoDB Local PutItem
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const put = () =>
      doc.send(
        new PutCommand({
          TableName: scratchTable,
          Item: contactSizedItem(campaign.id, clientRecord.id, now),
        }),
      );
    const sample = contactSizedItem(campaign.id, clientRecord.id, now);
    await mapPool(Array.from({ length: WARMUP_PUTS }), IMPORT_CONCURRENCY, async () => {
      await put();
    });
    let started = performance.now();
    await mapPool(Array.from({ length: RAW_PUTS }), IMPORT_CONCURRENCY, async () => {
      await put();
    });
    const rawPutMs = performance.now() - started;
    const rawPutRate = rate(RAW_PUTS, rawPutMs);
    line(
      `raw DynamoDB Local PutItem: ${RAW_PUTS} items (~${JSON.stringify(sample).length} B, with GSI), ` +
        `${IMPORT_CONCURRENCY} in flight: ${fmtRate(rawPutRate)} items/s`,
    );

    // 1b. raw Scheduler emulator CreateSchedule (own group, so the launch's group stays exact)
    const rawGroup = makeEventBridgeScheduler({
      ...SCHEDULER_OPTIONS,
      endpoint: emulator.endpoint,
      groupName: 'bench-raw',
    });
    await rawGroup.ensureScheduleGroup();
    const rawAt = new Date(Date.parse(START) + 30 * 86_400_000).toISOString();
    const schedulePayload = (id: string) => ({
      contactId: id,
      clientId: clientRecord.id,
      campaignId: campaign.id,
      step: 'outreach',
      planVersion: 1,
      at: rawAt,
    });
    started = performance.now();
    await mapPool(Array.from({ length: RAW_SCHEDULES }), LAUNCH_CONCURRENCY, async (_, i) => {
      const id = randomUUID();
      await rawGroup.create({
        name: `raw-${i}-${id.slice(0, 8)}`,
        at: rawAt,
        timeZone: 'Asia/Kolkata',
        payload: schedulePayload(id),
      });
    });
    const rawScheduleMs = performance.now() - started;
    const rawScheduleRate = rate(RAW_SCHEDULES, rawScheduleMs);
    line(
      `raw Scheduler emulator CreateSchedule (adapter): ${RAW_SCHEDULES} schedules, ` +
        `${LAUNCH_CONCURRENCY} in flight: ${fmtRate(rawScheduleRate)} schedules/s`,
    );

    // 2. import
    recorder.reset();
    const input = rows(CONTACTS, randomUUID().slice(0, 8));
    let cpu = cpuMark();
    started = performance.now();
    const report = await workflow.importContacts(campaign.id, input);
    const importMs = performance.now() - started;
    const importRate = rate(CONTACTS, importMs);
    const importCpu = cpuSince(cpu, importMs);
    check(report.created.length === CONTACTS, `import created ${report.created.length} of ${CONTACTS}`);
    check(report.duplicates.length === 0, `import reported ${report.duplicates.length} duplicates`);
    const afterImport = await rawStore.getCampaignStats(campaign.id);
    check(afterImport?.total === CONTACTS, `stats total after import is ${afterImport?.total}`);
    check(
      afterImport?.byStage.prospect === CONTACTS,
      `stats prospect after import is ${afterImport?.byStage.prospect}`,
    );
    const importTx = recorder.requests.get('TransactWriteItemsCommand') ?? 0;
    line(
      `import ${CONTACTS} contacts: ${seconds(importMs)}, ${fmtRate(importRate)} contacts/s ` +
        `(${(importRate / rawPutRate).toFixed(2)} × raw PutItem rate; each contact is one 5-item transaction: ` +
        `contact, dedupe, reply token, timeline, counters)`,
    );
    line(
      `import requests: ${recorder.requestSummary()} (${importTx - CONTACTS} transaction retries on conflict)`,
    );
    line(`import ${importCpu}`);

    // 3. launch
    recorder.reset();
    cpu = cpuMark();
    started = performance.now();
    const launched = await workflow.launchCampaign(campaign.id);
    const launchEnd = performance.now();
    const launchMs = launchEnd - started;
    const launchRate = rate(CONTACTS, launchMs);
    const launchCpu = cpuSince(cpu, launchMs);
    const methods = recorder.methods;
    const lists = methods.get('store.listContactsByStage');
    const statusWrite = methods.get('store.changeCampaignStatus');
    // Per-contact work starts with the first schedule created (launch commits schedules first).
    const firstApply = methods.get('scheduler.create');
    const readMs = lists ? lists.lastEnd - started : Number.NaN;
    const planMs = lists && statusWrite ? statusWrite.firstStart - lists.lastEnd : Number.NaN;
    const applyMs = firstApply ? launchEnd - firstApply.firstStart : Number.NaN;
    const launchTx = recorder.requests.get('TransactWriteItemsCommand') ?? 0;
    line(
      `launch ${CONTACTS} contacts: ${seconds(launchMs)}, ${fmtRate(launchRate)} contacts/s ` +
        `(per contact: CreateSchedule, 1 transaction; re-read only after a version conflict)`,
    );
    line(
      `launch phases: read prospects ${seconds(readMs)}, planOutreach ${seconds(planMs)}, ` +
        `per-contact apply ${seconds(applyMs)} (${fmtRate(rate(CONTACTS, applyMs))} contacts/s, ` +
        `${(rate(CONTACTS, applyMs) / rawScheduleRate).toFixed(2)} × raw CreateSchedule rate)`,
    );
    line(`launch calls (mean latency): ${recorder.summary()}`);
    line(
      `launch requests: ${recorder.requestSummary()} (${launchTx - CONTACTS} transaction retries on conflict)`,
    );
    line(`launch ${launchCpu}`);

    // verify
    check(launched.launched === CONTACTS, `launch planned ${launched.launched} of ${CONTACTS}`);
    const afterLaunch = await rawStore.getCampaignStats(campaign.id);
    check(
      afterLaunch?.byStage.queued === CONTACTS,
      `stats queued after launch is ${afterLaunch?.byStage.queued}`,
    );
    check(
      afterLaunch?.byStage.prospect === 0,
      `stats prospect after launch is ${afterLaunch?.byStage.prospect}`,
    );
    check(afterLaunch?.total === CONTACTS, `stats total after launch is ${afterLaunch?.total}`);
    const schedules = emulator.schedules().filter((s) => s.groupName === 'rapport');
    check(schedules.length === CONTACTS, `emulator holds ${schedules.length} launch schedules`);
    check(emulator.invocations.length === 0, `emulator fired ${emulator.invocations.length} times`);

    const zoneOf = new Map(report.created.map((c) => [c.id, c.timeZone]));
    const perDay = new Map<string, number>();
    const instants: number[] = [];
    let outsideWindow = 0;
    let unknown = 0;
    for (const s of schedules) {
      const payload = JSON.parse(s.input ?? '{}') as { contactId?: string; step?: string };
      const zone = payload.contactId ? zoneOf.get(payload.contactId) : undefined;
      if (!s.dueAt || !zone || payload.step !== 'outreach') {
        unknown++;
        continue;
      }
      const ms = Date.parse(s.dueAt);
      instants.push(ms);
      const day = DateTime.fromMillis(ms, { zone: clientRecord.timeZone }).toISODate() as string;
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
      if (!isInWindow(s.dueAt, zone, policy.sendWindow)) outsideWindow++;
    }
    instants.sort((a, b) => a - b);
    let minGap = Number.POSITIVE_INFINITY;
    for (let i = 1; i < instants.length; i++) {
      minGap = Math.min(minGap, (instants[i] as number) - (instants[i - 1] as number));
    }
    const busiest = Math.max(0, ...perDay.values());
    check(unknown === 0, `${unknown} launch schedules name no known contact, step or due time`);
    check(busiest <= CAP, `a sender-local day holds ${busiest} outreach (cap ${CAP})`);
    check(outsideWindow === 0, `${outsideWindow} outreach fall outside the contact's send window`);
    check(
      instants.length < 2 || minGap >= Math.max(1, STAGGER) * 60_000,
      `two outreach are ${minGap / 60_000} min apart (stagger ${STAGGER})`,
    );
    const days = [...perDay.keys()].sort();
    line(
      `plan: ${instants.length} outreach over ${days.length} sender-local days (${days[0]} … ${days.at(-1)}), ` +
        `busiest day ${busiest}/${CAP}, min gap ${(minGap / 60_000).toFixed(0)} min, ` +
        `all in the contacts' windows: ${outsideWindow === 0}`,
    );

    // a sample of contacts as stored agrees with the emulator
    const byContact = new Map(
      schedules.map((s) => [(JSON.parse(s.input ?? '{}') as { contactId?: string }).contactId, s]),
    );
    const step = Math.max(1, Math.floor(CONTACTS / 100));
    let mismatched = 0;
    for (let i = 0; i < report.created.length; i += step) {
      const id = (report.created[i] as Contact).id;
      const stored = await rawStore.getContact(id);
      const planned = stored?.schedules.find((s) => s.step === 'outreach');
      const schedule = byContact.get(id);
      if (stored?.stage !== 'queued' || !planned || !schedule?.dueAt || planned.at !== schedule.dueAt) {
        mismatched++;
      }
    }
    check(mismatched === 0, `${mismatched} sampled contacts disagree with their schedule`);

    line(
      `peak RSS (this Node process, incl. the Scheduler emulator): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  } finally {
    client?.destroy();
    await Promise.allSettled([emulator?.stop(), dynamo?.stop()]);
  }
}

main().then(
  () => {
    if (failures.length > 0) {
      line(`FAILED: ${failures.length} check(s)`);
      process.exit(1);
    }
    line('OK');
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    line('FAILED: the run threw');
    process.exit(1);
  },
);
