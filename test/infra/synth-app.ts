/**
 * Bundles every handler once into a temp dir and synthesizes the whole app there (cdk-nag included),
 * for the infra tests. Not a test file: each test file calls it once in its beforeAll.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { type BuildAppOptions, buildApp } from '../../infra/build-app.ts';
import { bundleHandlers } from '../../infra/bundling/bundle-handlers.ts';

export async function synthApp(config?: BuildAppOptions['config']) {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-infra-'));
  const bundlesDir = join(dir, 'bundles');
  let built: ReturnType<typeof buildApp>;
  let assembly: ReturnType<ReturnType<typeof buildApp>['app']['synth']>;
  try {
    await bundleHandlers(bundlesDir);
    built = buildApp({ bundlesDir, outdir: join(dir, 'cdk.out'), ...(config ? { config } : {}) });
    // Synthesis runs the cdk-nag plugin; it throws on any unacknowledged error.
    assembly = built.app.synth();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const validationReport = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return {
    ...built,
    assembly,
    bundlesDir,
    validationReport,
    stateful: { stack: built.stateful, template: Template.fromStack(built.stateful) },
    stateless: { stack: built.stateless, template: Template.fromStack(built.stateless) },
    cleanup: () => rm(dir, { recursive: true, force: true }),
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

/** Every statement of every IAM policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleId: string): Json[] {
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
