/**
 * The two opt-in settings of issue 13: `operationsEmail` (ses-events tells it when a campaign pauses
 * itself: the env var and ses:SendRawEmail on the identity and configuration set) and `modelReader`
 * (inbound may invoke that Bedrock model only). Off by default: the default synth has neither.
 */
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
import { buildApp } from '../../infra/build-app.ts';
import { inferenceProfileOf } from '../../infra/constructs/model-reader-grant.ts';
import { allowing, type Environment, type Statement, statementsOf } from './iam-contract/policy.ts';
import { OPT_INS, synthesizedOptInApp } from './opt-in-app.ts';
import {
  actionsOf,
  logicalIdOf,
  propertiesOf,
  type SynthesizedApp,
  statementsOfRole,
  synthesizedApp,
} from './synth-app.ts';

type Json = Record<string, unknown>;
const MODEL = 'amazon.nova-micro-v1:0';

let base: SynthesizedApp;
let optedIn: { stack: ReturnType<typeof buildApp>['stateless']; template: Template };
beforeAll(async () => {
  base = await synthesizedApp();
  const built = buildApp({
    bundlesDir: join(inject('infraDir'), 'bundles'),
    outdir: join(inject('infraDir'), 'cdk.out.opt-in'),
    config: { operationsEmail: 'ops@consultancy.example', modelReader: MODEL },
  });
  optedIn = { stack: built.stateless, template: Template.fromStack(built.stateless) };
});

function roleOf(
  synth: { stack: ReturnType<typeof buildApp>['stateless']; template: Template },
  fn: 'sesEvents' | 'inbound',
) {
  const construct = synth.stack[fn] as unknown as {
    role: import('constructs').IConstruct;
    function: import('constructs').IConstruct;
  };
  const statements = statementsOfRole(synth.template, logicalIdOf(synth.stack, construct.role));
  const env = (
    propertiesOf(synth.template, logicalIdOf(synth.stack, construct.function)).Environment as {
      Variables: Json;
    }
  ).Variables;
  return { statements, env };
}

describe('opt-in settings', () => {
  it('by default: no operations address, no model reader, no SES for ses-events, no Bedrock for inbound', () => {
    const sesEvents = roleOf(base.stateless, 'sesEvents');
    const inbound = roleOf(base.stateless, 'inbound');
    expect(sesEvents.env[OPTIONAL_ENV.operationsEmail]).toBeUndefined();
    expect(inbound.env[OPTIONAL_ENV.modelReaderId]).toBeUndefined();
    expect(inbound.env[OPTIONAL_ENV.operationsEmail]).toBeUndefined();
    expect(inbound.statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(sesEvents.statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual([]);
    expect(inbound.statements.flatMap(actionsOf).filter((a) => a.startsWith('bedrock:'))).toEqual([]);
  });

  // ses-events tells it of a campaign that paused itself; inbound e-mails it every unmatched reply.
  it.each(['sesEvents', 'inbound'] as const)(
    'operationsEmail: %s gets the address and may send raw email through the identity and set only',
    (fn) => {
      const { env, statements } = roleOf(optedIn, fn);
      expect(env[OPTIONAL_ENV.operationsEmail]).toBe('ops@consultancy.example');
      const send = statements.find((s) => s.Sid === 'OperationsNotices') as Json;
      expect(actionsOf(send)).toEqual(['ses:SendRawEmail']);
      expect(JSON.stringify(send.Resource)).toMatch(/identity/);
      expect(JSON.stringify(send.Resource)).toMatch(/configuration-set/);
      expect(statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:'))).toEqual(['ses:SendRawEmail']);
    },
  );

  it('modelReader: inbound gets the model id and may invoke that foundation model only', () => {
    const { env, statements } = roleOf(optedIn, 'inbound');
    expect(env[OPTIONAL_ENV.modelReaderId]).toBe(MODEL);
    const model = statements.find((s) => s.Sid === 'ModelReader') as Json;
    expect(actionsOf(model)).toEqual(['bedrock:InvokeModel']);
    expect(JSON.stringify(model.Resource)).toContain(`:bedrock:`);
    expect(JSON.stringify(model.Resource)).toContain(`::foundation-model/${MODEL}`);
  });
});

describe('modelReader through a cross-Region inference profile (what AWS authorises twice)', () => {
  const ACCOUNT = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
  const PROFILE = OPT_INS.modelReader; // us.amazon.nova-micro-v1:0
  const profileArn = `arn:aws:bedrock:us-east-1:111122223333:inference-profile/${PROFILE}`;
  const modelIn = (region: string) => `arn:aws:bedrock:${region}::foundation-model/amazon.nova-micro-v1:0`;
  let statements: Statement[];
  let classify: { statements: Statement[]; env: Json };

  beforeAll(async () => {
    const app = await synthesizedOptInApp();
    const env: Environment = {
      ...ACCOUNT,
      stacks: {
        [app.stateful.stack.stackName]: app.stateful.template.toJSON() as Environment['stacks'][string],
        [app.stateless.stack.stackName]: app.stateless.template.toJSON() as Environment['stacks'][string],
      },
    };
    const roleStatements = (fn: { role: import('constructs').IConstruct }) =>
      statementsOf(env, app.stateless.stack.stackName, logicalIdOf(app.stateless.stack, fn.role));
    statements = roleStatements(app.stateless.stack.inbound);
    const classifyFn = app.stateless.stack.classify;
    classify = {
      statements: roleStatements(classifyFn),
      env: (
        propertiesOf(app.stateless.template, logicalIdOf(app.stateless.stack, classifyFn.function))
          .Environment as {
          Variables: Json;
        }
      ).Variables,
    };
  });

  it('the classify function reads with the same model reader: the same id and the same grant', () => {
    expect(classify.env[OPTIONAL_ENV.modelReaderId]).toBe(PROFILE);
    const bedrockOf = (list: Statement[]) =>
      list.filter((s) => s.actions.some((a) => a.startsWith('bedrock:')));
    expect(bedrockOf(classify.statements)).toEqual(bedrockOf(statements));
    expect(bedrockOf(classify.statements)).toHaveLength(2);
  });

  it('tells a profile id from a foundation model id', () => {
    expect(inferenceProfileOf('us.amazon.nova-micro-v1:0')).toEqual({
      geo: 'us',
      foundationModel: 'amazon.nova-micro-v1:0',
    });
    expect(inferenceProfileOf('eu.anthropic.claude-3-haiku-20240307-v1:0')?.geo).toBe('eu');
    expect(inferenceProfileOf('global.anthropic.claude-sonnet-4-20250514-v1:0')?.geo).toBe('global');
    expect(inferenceProfileOf('amazon.nova-micro-v1:0')).toBeUndefined();
    expect(inferenceProfileOf('anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
  });

  it('allows the call on the profile and on its model in every destination Region, through the profile only', () => {
    const through = { 'bedrock:InferenceProfileArn': profileArn };
    // 1. The source Region checks the profile itself.
    expect(allowing(statements, 'bedrock:InvokeModel', profileArn)).not.toEqual([]);
    // 2. The destination Region (any the profile routes to) checks the foundation model.
    for (const region of ['us-east-1', 'us-east-2', 'us-west-2']) {
      expect(allowing(statements, 'bedrock:InvokeModel', modelIn(region), through), region).not.toEqual([]);
    }
    // The model called directly (not through the profile), another model, another action: refused.
    expect(
      allowing(statements, 'bedrock:InvokeModel', modelIn('us-east-1'), {
        'bedrock:InferenceProfileArn': 'none',
      }),
    ).toEqual([]);
    expect(
      allowing(
        statements,
        'bedrock:InvokeModel',
        'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',
        through,
      ),
    ).toEqual([]);
    expect(allowing(statements, 'bedrock:InvokeModelWithResponseStream', profileArn)).toEqual([]);
  });

  it('AWS would refuse the grant a plain model id gets (foundation-model/<profile id>): neither check passes', () => {
    // What the construct granted before profiles were understood: AccessDeniedException on every reply.
    const naive: Statement[] = [
      {
        actions: ['bedrock:InvokeModel'],
        resources: [`arn:aws:bedrock:us-east-1::foundation-model/${PROFILE}`],
      },
    ];
    expect(allowing(naive, 'bedrock:InvokeModel', profileArn)).toEqual([]);
    expect(allowing(naive, 'bedrock:InvokeModel', modelIn('us-east-2'))).toEqual([]);
    // Nor a profile-only grant: the destination Region's model check fails.
    const profileOnly: Statement[] = [{ actions: ['bedrock:InvokeModel'], resources: [profileArn] }];
    expect(allowing(profileOnly, 'bedrock:InvokeModel', modelIn('us-east-2'))).toEqual([]);
  });
});
