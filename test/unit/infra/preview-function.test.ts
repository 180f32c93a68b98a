/**
 * The preview and classify functions' constructs (wired into the HTTP API by the stateless stack):
 * least privilege — the preview function reads the table and the resumes only, the classify function
 * nothing — and the routes each serves, from the same table the local gateway and OpenAPI use.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClassifyFunction,
  PREVIEW_TABLE_ACTIONS,
  PreviewFunction,
  routesOf,
} from '../../../infra/constructs/preview-function.ts';
import type { StatelessWiring } from '../../../infra/constructs/stateless-wiring.ts';
import type { Settings } from '../../../infra/settings.ts';

let bundlesDir: string;
beforeAll(async () => {
  // The construct only needs a directory to hash; one-line bundles stand in for the real ones.
  bundlesDir = await mkdtemp(join(tmpdir(), 'rapport-preview-construct-'));
  for (const name of ['preview', 'classify']) {
    await mkdir(join(bundlesDir, name));
    await writeFile(join(bundlesDir, name, 'index.mjs'), 'export const handler = async () => {};\n');
  }
});
afterAll(() => rm(bundlesDir, { recursive: true, force: true }));

function wiringIn(stack: Stack): StatelessWiring {
  const table = dynamodb.Table.fromTableName(stack, 'Table', 'rapport');
  return {
    settings: { unsubscribeBaseUrl: '' } as Settings,
    bundlesDir,
    baseEnvironment: { RAPPORT_TABLE_NAME: 'rapport' },
    table,
    tableIndexArns: [`${table.tableArn}/index/GSI1`],
    bucket: s3.Bucket.fromBucketName(stack, 'Bucket', 'rapport-bucket'),
  } as unknown as StatelessWiring;
}

/** Every statement of the role policies other than the log group's. */
function grantedStatements(stack: Stack): { Action: string | string[]; Resource: unknown }[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: never[] } } }).Properties.PolicyDocument.Statement,
    )
    .filter(
      (s: { Action: string | string[] }) =>
        ![s.Action].flat().some((a) => a.startsWith('logs:') || a.startsWith('xray:')),
    );
}

// The first synth loads aws-cdk-lib: slow on a busy machine.
describe('preview and classify function constructs', { timeout: 60_000 }, () => {
  it('the preview function reads the table and the resumes, and nothing else', () => {
    const stack = new Stack(new App(), 'Test');
    new PreviewFunction(stack, 'Preview', { wiring: wiringIn(stack), linkBase: 'https://u.example/u' });
    const statements = grantedStatements(stack);
    expect(statements.map((s) => s.Action)).toEqual([PREVIEW_TABLE_ACTIONS, 's3:GetObject']);
    expect(JSON.stringify(statements[1]?.Resource)).toContain('/resumes/*');
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { RAPPORT_UNSUBSCRIBE_BASE_URL: 'https://u.example/u' } },
    });
  });

  it('the classify function is granted nothing', () => {
    const stack = new Stack(new App(), 'Test');
    new ClassifyFunction(stack, 'Classify', wiringIn(stack));
    expect(grantedStatements(stack)).toEqual([]);
  });

  it('names the routes each function serves', () => {
    expect(routesOf('preview')).toEqual([
      'GET /contacts/{contactId}/preview/{step}',
      'GET /campaigns/{campaignId}/outreach-check',
    ]);
    expect(routesOf('classify')).toEqual(['POST /replies/classify']);
  });
});
