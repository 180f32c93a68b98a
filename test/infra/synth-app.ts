/**
 * The app as `npm run synth` builds it (the example environment's settings, cdk-nag included),
 * synthesised ONCE per test run for every infra test file: the project's global setup (test/infra/global-setup.ts) bundles
 * the handlers once into a temp folder, and the infra project runs its files one after another in one
 * worker without isolation (vitest.config.ts), so this module — and the memo below — is shared by them
 * all. Not a test file: each test file awaits `synthesizedApp()` in its beforeAll.
 *
 * The synth is shared: tests read it, they never add to the app or its stacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { inject } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';

export type SynthesizedApp = ReturnType<typeof synthesize>;

let synthesized: SynthesizedApp | undefined;

/** The one synthesised app of this test run (synthesised on the first call). */
export async function synthesizedApp(): Promise<SynthesizedApp> {
  synthesized ??= synthesize(inject('infraDir'));
  return synthesized;
}

function synthesize(dir: string) {
  const bundlesDir = join(dir, 'bundles');
  const started = performance.now();
  const built = buildApp({ bundlesDir, outdir: join(dir, 'cdk.out') });
  // Synthesis runs the cdk-nag plugin; it throws on any unacknowledged error.
  const assembly = built.app.synth();
  /** Building and synthesising both stacks (cdk-nag included), bundles excluded. */
  const synthMs = performance.now() - started;
  const validationReport = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return {
    ...built,
    assembly,
    synthMs,
    bundlesDir,
    validationReport,
    stateful: { stack: built.stateful, template: Template.fromStack(built.stateful) },
    stateless: { stack: built.stateless, template: Template.fromStack(built.stateless) },
  };
}

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; severity: string }[];
    suppressedViolations?: { acknowledgedId: string; reason: string; acknowledgedAt: string }[];
  }[];
}

type Json = Record<string, unknown>;

/** The logical id of a construct's CloudFormation resource in its stack. */
export function logicalIdOf(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

/** The properties of the resource with this logical id (throws when there is none). */
export function propertiesOf(template: Template, id: string): Json {
  const resource = (template.toJSON().Resources as Record<string, { Properties: Json }>)[id];
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties;
}

/** The one resource of `type` in the template (its logical id and properties); throws unless exactly one. */
export function onlyResource(template: Template, type: string): { id: string; props: Json } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Json }];
  return { id, props: resource.Properties };
}

/**
 * What a `Fn::ImportValue` in the consumer stands for: the value of the producer's output exported
 * under that name (e.g. `{ Ref: <table> }`).
 */
export function importedValue(producer: Template, value: unknown): unknown {
  const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  if (!name) throw new Error(`not an import: ${JSON.stringify(value)}`);
  const outputs = producer.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  const output = Object.values(outputs).find((o) => o.Export?.Name === name);
  if (!output) throw new Error(`no output exported as ${name}`);
  return output.Value;
}

/**
 * Every statement of every IAM policy attached to the role with this logical id — except the one
 * Lambda's active tracing adds (X-Ray, no resource: the runtime's, not the code's; see
 * `tracingStatementsOfRole` and test/infra/deploy.test.ts).
 */
export function statementsOfRole(template: Template, roleId: string): Json[] {
  return allStatementsOfRole(template, roleId).filter((s) => !isTracingStatement(s));
}

/** The X-Ray statements of the role with this logical id (active tracing). */
export function tracingStatementsOfRole(template: Template, roleId: string): Json[] {
  return allStatementsOfRole(template, roleId).filter(isTracingStatement);
}

const TRACING_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const isTracingStatement = (s: Json) =>
  JSON.stringify([...actionsOf(s)].sort()) === JSON.stringify(TRACING_ACTIONS);

function allStatementsOfRole(template: Template, roleId: string): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) =>
      (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}

/** Actions of a statement as a list (CloudFormation writes a single action as a string). */
export function actionsOf(statement: Json): string[] {
  const action = statement.Action as string | string[];
  return Array.isArray(action) ? action : [action];
}

/** Resources of a statement as a list (CloudFormation writes a single resource as is). */
export function resourcesOf(statement: Json): unknown[] {
  return (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]) as unknown[];
}
