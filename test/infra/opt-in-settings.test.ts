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
