/**
 * Issue 14, item 1: the IAM contract. Emulators do not enforce IAM, so "a function calls an AWS API
 * its role does not allow" used to be found by a deploy. Here every function runs a scenario through
 * its real handler and shared setup on the emulators, each AWS call recorded ({service, operation,
 * input}, `stack.ts`); each call is mapped to the (action, resource) pairs IAM needs
 * (`test/infra/iam-contract/needs.ts`); the app is synthesised, each function role's policies
 * resolved for a fixed account and region (`policy.ts`), and every need checked against them with
 * IAM's wildcard rules. A call the role does not allow fails, naming function, action and resource.
 * Conditions are not evaluated: they are printed as assumptions. A granted action no call used is
 * printed as a warning.
 *
 * It lives in the integration project (it needs the emulators) and synthesises the app itself with
 * placeholder bundles (the policies do not depend on the code bundled).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#domain/types.ts';
import { resumeUrl } from '#mail/resume-token.ts';
import { ENV } from '#shared/env-names.ts';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
import { buildApp } from '../../infra/build-app.ts';
import { bundleFile, HANDLERS, type HandlerName } from '../../infra/bundling/bundle-handlers.ts';
import { type Deployed, type Need, needsOf } from '../infra/iam-contract/needs.ts';
import {
  allowing,
  conditionHolds,
  type Environment,
  resolve,
  type Statement,
  statementsOf,
} from '../infra/iam-contract/policy.ts';
import { aClientBody, uploadResume, v2Event } from './api/support.ts';
import {
  FUNCTIONS,
  type FunctionName,
  IAM_CONTRACT_INITIAL_KEY,
  startRecordedFunctions,
} from './iam-contract/stack.ts';
import { remoteMeeting } from './workflow/harness.ts';
import { fixture, replyAddress } from './workflow/inbound-stack.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const ACCOUNT = { partition: 'aws', region: 'eu-west-1', account: '111122223333' };

/** Each function's resource in the stateless stack: its logical id starts with this. */
const FUNCTION_IDS: Record<FunctionName, string> = {
  dispatch: 'DispatchFunction',
  inbound: 'InboundFunction',
  'ses-events': 'SesEventsFunction',
  unsubscribe: 'UnsubscribeFunction',
  api: 'ApiFunction',
  jobs: 'JobsFunction',
  preview: 'PreviewFunction',
  resume: 'ResumeFunction',
};

/**
 * Granted for Lambda itself, not for the code: the runtime's logs, an async invoke's dead letters,
 * active tracing's segments.
 */
const USED_BY_LAMBDA = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'sqs:SendMessage',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

type Recorded = Awaited<ReturnType<typeof startRecordedFunctions>>['calls'];

/** The scenario of every function, run once; answers what each function called. */
async function runScenarios(): Promise<{ calls: Recorded; names: Set<string> }> {
  const t = await startRecordedFunctions(START);
  try {
    const ok = (what: string, answer: { status: number; body: unknown }, status = [200, 201, 202]) => {
      if (!status.includes(answer.status))
        throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
      // biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field
      return answer.body as Record<string, any>;
    };
    // api: invite and list coaches (the user pool: cognito-local), create, resume upload (presigned
    // PUT), import and launch (jobs), later pause and erase.
    ok('invite a coach', await t.call('POST', '/coaches', { body: { email: 'coach3@rapport.local' } }));
    ok('invite again', await t.call('POST', '/coaches', { body: { email: 'coach3@rapport.local' } }));
    ok('list coaches', await t.call('GET', '/coaches'));
    const client = ok('create client', await t.call('POST', '/clients', { body: aClientBody('iam') }));
    const clientId = client.id as string;
    const resume = await uploadResume(t, clientId);
    ok('confirm resume', resume.confirmed);
    const campaign = ok(
      'create campaign',
      await t.call('POST', `/clients/${clientId}/campaigns`, { body: { name: 'iam' } }),
    );
    // A different employer each, but `colleague` works with `replies`: the reply pauses them (one
    // contact per employer), which the inbound function does.
    const row = (local: string, domain = 'lumen.example', company = `${local} Health`) => ({
      email: `${local}@${domain}`,
      firstName: 'Ana',
      lastName: 'Lima',
      company,
      role: 'UX Researcher',
      timeZone: 'America/New_York',
      foundVia: { kind: 'association', name: 'UXPA' },
    });
    const contacts = [
      row('replies'),
      row('unsubscribes'),
      row('paused'),
      row('follows'),
      row('meets'),
      row('bounce', 'simulator.amazonses.com'),
      row('colleague', 'lumen.example', 'replies Health'),
    ];
    const imported = ok(
      'import',
      await t.call('POST', `/campaigns/${campaign.id}/imports`, { body: { contacts } }),
    );
    await t.settled();
    ok('import job', await t.call('GET', `/jobs/${imported.job.id}`));
    ok(
      'launch',
      await t.call('POST', `/campaigns/${campaign.id}/launch`, {
        headers: { 'idempotency-key': `launch-${campaign.id}` },
      }),
    );
    await t.settled();
    const found = new Map<string, Contact>();
    for (const c of contacts) {
      const contact = await t.store.findContactByEmail(campaign.id as string, c.email);
      if (!contact) throw new Error(`not imported: ${c.email}`);
      found.set(c.email.split('@')[0] as string, contact);
    }
    const byLocal = (local: string) => found.get(local) as Contact;

    // dispatch: the outreach (SES Send events → ses-events: the bounce).
    const launchedContacts = await Promise.all([...found.values()].map((c) => t.store.getContact(c.id)));
    const firstSends = launchedContacts
      .filter((c) => c?.email !== byLocal('colleague').email)
      .map((c) => Date.parse(c?.schedules[0]?.at ?? START));
    await t.emulator.advanceTo(new Date(Math.max(...firstSends) + 60_000));
    const replier = await t.store.getContact(byLocal('replies').id);
    if (replier?.stage !== 'contacted') throw new Error(`outreach did not go out: ${replier?.stage}`);
    if ((await t.store.getContact(byLocal('bounce').id))?.stage !== 'bounced') throw new Error('no bounce');

    // preview
    ok('preview', await t.call('GET', `/contacts/${replier.id}/preview/follow-up-1`));
    ok('preview outreach', await t.call('GET', `/contacts/${byLocal('meets').id}/preview/outreach`));

    // resume: a resume link opened (resume mode link).
    const resumeKey = (await t.store.getClient(clientId))?.resumeKey as string;
    const signing = { ...t.config.mail, unsubscribeKey: { id: 'k0', secret: IAM_CONTRACT_INITIAL_KEY } };
    const link = new URL(resumeUrl(signing, resumeKey, t.clock.now()));
    const opened = await t.resume(link.searchParams.get('token') as string);
    if (opened.statusCode !== 200) throw new Error(`resume link: ${opened.statusCode}`);

    // inbound: a reply with a referral (it withdraws the follow-ups).
    const handled = (await t.receive(
      fixture('referral-decline.eml', { from: replier.email }),
      replyAddress(replier.replyToken),
    )) as { outcome: string; referralsAdded?: number }[];
    if (handled[0]?.outcome !== 'recorded' || handled[0].referralsAdded !== 1)
      throw new Error(`reply: ${JSON.stringify(handled)}`);
    if ((await t.store.getContact(byLocal('colleague').id))?.stage !== 'paused') {
      throw new Error('the colleague at the employer was not paused');
    }

    // unsubscribe: the one-click POST of the List-Unsubscribe header.
    const leaving = byLocal('unsubscribes');
    const outreach = await Promise.all(t.sent.map((raw) => simpleParser(raw)));
    const mail = outreach.find((m) => JSON.stringify(m.to).includes(leaving.email));
    const line = mail?.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const url = new URL(/<(https:\/\/[^>]+)>/.exec(line.replace(/\r?\n\s+/g, ' '))?.[1] ?? '');
    const page = (await t.unsubscribe(
      v2Event('POST', `${url.pathname}${url.search}`, {
        raw: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    )) as { statusCode: number };
    if (page.statusCode !== 200) throw new Error(`unsubscribe: ${page.statusCode}`);
    if ((await t.store.getContact(leaving.id))?.stage !== 'unsubscribed') throw new Error('not unsubscribed');

    // api: the review queue — the reply corrected, the corrections exported (the raw mail read), and
    // an unmatched message attached to the replier (the inbound function invoked on it).
    const read = ok('read replies', await t.call('GET', '/replies?state=read'));
    const replyId = read.items.find((i: { contactId?: string }) => i.contactId === replier.id)?.replyId;
    ok('correct', await t.call('POST', `/replies/${replyId}/correct`, { body: { intent: 'declined' } }));
    const exported = ok('export', await t.call('GET', '/replies/export'));
    if (exported.items.length !== 1) throw new Error(`export: ${JSON.stringify(exported)}`);
    await t.receive(fixture('question-resume.eml', { from: replier.email }), 'nobody@elsewhere.example');
    const unmatched = ok('unmatched', await t.call('GET', '/replies?state=unmatched'));
    const stray = unmatched.items[0]?.replyId;
    ok('attach', await t.call('POST', `/replies/${stray}/attach`, { body: { contactId: replier.id } }));

    // api: pause; erase (the replier: its stored reply is erased, every version).
    const paused = byLocal('paused');
    ok(
      'pause',
      await t.call('POST', `/contacts/${paused.id}/pause`, { headers: { 'idempotency-key': 'p1' } }),
    );
    ok('erase', await t.call('DELETE', `/contacts/${replier.id}`));

    // dispatch: a meeting's confirmation (booked through the API, sent by its schedule).
    const meets = byLocal('meets');
    const start = new Date(t.clock.now().getTime() + 3 * 86_400_000);
    ok('meeting', await t.call('POST', `/contacts/${meets.id}/meeting`, { body: remoteMeeting(start) }));
    const before = t.sent.length;
    const confirmation = (await t.store.getContact(meets.id))?.schedules.find(
      (s) => s.step === 'confirmation',
    );
    await t.emulator.advanceTo(new Date(Date.parse(confirmation?.at ?? '') + 60_000));
    if (t.sent.length <= before) throw new Error('no confirmation sent');

    // dispatch: a follow-up (the contact who never answered).
    const follows = byLocal('follows');
    // Outreach times carry a random minute: the confirmation's advance may already have passed it.
    const followsNow = await t.store.getContact(follows.id);
    if (!followsNow?.sent.some((x) => x.step === 'follow-up-1')) {
      const followUp = followsNow?.schedules.find((s) => s.step === 'follow-up-1');
      if (!followUp) throw new Error(`no follow-up planned: ${JSON.stringify(followsNow?.schedules)}`);
      await t.emulator.advanceTo(new Date(Date.parse(followUp.at) + 60_000));
    }
    const followed = await t.store.getContact(follows.id);
    if (!followed?.sent.some((x) => x.step === 'follow-up-1')) throw new Error('no follow-up sent');
    const { tableName, bucketName, scheduler, configurationSet } = t.config;
    return { calls: t.calls, names: new Set([tableName, bucketName, scheduler.groupName, configurationSet]) };
  } finally {
    await t.stop();
  }
}

/** The app synthesised with placeholder bundles; its templates by stack name. */
function synthesise() {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-iam-'));
  try {
    for (const name of Object.keys(HANDLERS) as HandlerName[]) {
      const file = bundleFile(join(dir, 'bundles'), name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, 'export const handler = async () => {};\n');
    }
    const built = buildApp({ bundlesDir: join(dir, 'bundles'), outdir: join(dir, 'cdk.out') });
    built.app.synth();
    const stacks = Object.fromEntries(
      [built.stateful, built.stateless].map((s) => [s.stackName, Template.fromStack(s).toJSON()]),
    );
    return { stateless: built.stateless.stackName, env: { ...ACCOUNT, stacks } as Environment };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Role {
  statements: Statement[];
  deployed: Deployed;
}

function roleOf(env: Environment, stack: string, fn: FunctionName): Role {
  type Fn = {
    Type: string;
    Properties: { Role: { 'Fn::GetAtt': [string] }; Environment: { Variables: object } };
  };
  const resources = (env.stacks[stack] as unknown as { Resources: Record<string, Fn> }).Resources;
  const found = Object.entries(resources).filter(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(FUNCTION_IDS[fn]),
  );
  if (found.length !== 1) throw new Error(`${fn}: ${found.length} functions named ${FUNCTION_IDS[fn]}*`);
  const [, resource] = found[0] as [string, Fn];
  const [roleId] = resource.Properties.Role['Fn::GetAtt'];
  // Only the names the needs are about (other variables may name parameters, e.g. a secret).
  const variables = resource.Properties.Environment.Variables as Record<string, unknown>;
  const names = [
    ENV.tableName,
    ENV.bucketName,
    ENV.scheduleGroup,
    ENV.schedulerRoleArn,
    ENV.configurationSet,
    ENV.senderDomain,
    ENV.unsubscribeKeysSecret,
  ];
  const vars = Object.fromEntries(names.map((n) => [n, String(resolve(env, stack, variables[n]))]));
  return {
    statements: statementsOf(env, stack, roleId),
    deployed: {
      ...ACCOUNT,
      table: vars[ENV.tableName] as string,
      bucket: vars[ENV.bucketName] as string,
      scheduleGroup: vars[ENV.scheduleGroup] as string,
      schedulerRoleArn: vars[ENV.schedulerRoleArn] as string,
      configurationSet: vars[ENV.configurationSet] as string,
      senderIdentity: vars[ENV.senderDomain] as string,
      unsubscribeKeysSecret: vars[ENV.unsubscribeKeysSecret] as string,
      ...(variables[ENV.jobsFunction] !== undefined
        ? { jobsFunction: String(resolve(env, stack, variables[ENV.jobsFunction])) }
        : {}),
      ...(variables[ENV.userPoolId] !== undefined
        ? { userPoolId: String(resolve(env, stack, variables[ENV.userPoolId])) }
        : {}),
      ...(variables[ENV.inboundFunction] !== undefined
        ? { inboundFunction: String(resolve(env, stack, variables[ENV.inboundFunction])) }
        : {}),
      ...(variables[OPTIONAL_ENV.previewFunction] !== undefined
        ? { previewFunction: String(resolve(env, stack, variables[OPTIONAL_ENV.previewFunction])) }
        : {}),
    },
  };
}

describe('IAM contract: every AWS call a function makes is allowed by its role', () => {
  let calls: Recorded;
  /** The test deployment's table, bucket, schedule group and configuration set. */
  let names: Set<string>;
  let synth: ReturnType<typeof synthesise>;

  beforeAll(async () => {
    ({ calls, names } = await runScenarios());
    synth = synthesise();
  }, 180_000);

  afterAll(() => {
    if (!synth) return;
    // Granted actions no recorded call needed: warnings (least privilege), not failures.
    for (const fn of FUNCTIONS) {
      const ops = [...new Set(calls[fn].map((c) => `${c.service}.${c.operation}`))].sort();
      console.info(`[iam] ${fn} called: ${ops.join(', ')}`);
      const { statements, deployed } = roleOf(synth.env, synth.stateless, fn);
      const needs = calls[fn].flatMap((c) => needsOf(c, deployed));
      for (const s of statements) {
        for (const action of s.actions) {
          if (USED_BY_LAMBDA.includes(action)) continue;
          const used = needs.some(
            (n) => allowing([{ ...s, actions: [action] }], n.action, n.resource).length > 0,
          );
          if (!used) console.warn(`[iam] ${fn}: ${action} granted (${s.sid ?? 'no sid'}) but never used`);
        }
      }
    }
  });

  it('each function ran its scenario and made AWS calls', () => {
    for (const fn of FUNCTIONS) expect(calls[fn].length, fn).toBeGreaterThan(0);
    const ops = (fn: FunctionName) => new Set(calls[fn].map((c) => `${c.service}.${c.operation}`));
    expect(ops('dispatch')).toContain('SES.SendRawEmail');
    expect(ops('inbound')).toContain('Scheduler.DeleteSchedule');
    expect(ops('api')).toContain('Lambda.Invoke');
    expect(ops('api')).toContain('S3.GetObject');
    expect(ops('api')).toContain('S3.ListObjectVersions');
    expect(ops('jobs')).toContain('Scheduler.CreateSchedule');
    // The key ring, through the extension: signing (dispatch), verifying (unsubscribe), suppressing.
    for (const fn of [
      'dispatch',
      'unsubscribe',
      'ses-events',
      'inbound',
      'api',
      'jobs',
      'preview',
    ] as const) {
      expect(ops(fn), fn).toContain('SecretsManager.GetSecretValue');
    }
  });

  it("every call names the deployment's own table, bucket, schedule group and set (what needs.ts maps to the deployed ones)", () => {
    const NAMED = ['TableName', 'Bucket', 'GroupName', 'ConfigurationSetName'];
    const named = (input: unknown): string[] =>
      typeof input !== 'object' || input === null || input instanceof Uint8Array
        ? []
        : Object.entries(input).flatMap(([k, v]) =>
            NAMED.includes(k) && typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(named) : named(v),
          );
    const strangers = FUNCTIONS.flatMap((fn) =>
      calls[fn].flatMap((c) => [
        // A Cognito call's GroupName is a group of the user pool (`coach`), not a schedule group.
        ...named(c.service === 'CognitoIdentityProvider' ? { ...c.input, GroupName: undefined } : c.input)
          .filter((n) => !names.has(n))
          .map((n) => `${fn}: ${c.service}.${c.operation} on ${n}`),
        ...Object.keys((c.input.RequestItems ?? {}) as object)
          .filter((n) => !names.has(n))
          .map((n) => `${fn}: ${c.service}.${c.operation} on ${n}`),
      ]),
    );
    expect(strangers).toEqual([]);
  });

  it.each(FUNCTIONS)('%s: its role allows every call it made', (fn) => {
    const { statements, deployed } = roleOf(synth.env, synth.stateless, fn);
    const denied = new Set<string>();
    const assumptions = new Set<string>();
    for (const call of calls[fn]) {
      for (const need of needsOf(call, deployed) as Need[]) {
        const by = allowing(statements, need.action, need.resource, need.context);
        if (by.length === 0) {
          denied.add(
            `${fn}: ${need.action} on ${need.resource} (${call.service}.${call.operation}) is not allowed`,
          );
        } else {
          for (const s of by) {
            for (const u of conditionHolds(s.condition, need.context).unchecked) {
              assumptions.add(`${need.action} (${s.sid ?? 'no sid'}) assumed to hold: ${u}`);
            }
          }
        }
      }
    }
    for (const a of assumptions) console.info(`[iam] ${fn}: ${a}`);
    expect([...denied]).toEqual([]);
  });
});
