import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '#shared/table-definition.ts';
import { mergeEnvironment, RapportFunction } from '../../infra/constructs/rapport-function.ts';
import { tablePropsFromDefinition } from '../../infra/constructs/rapport-table.ts';
import { loadSettings } from '../../infra/settings.ts';

let bundlesDir: string;
beforeAll(async () => {
  // The construct only needs a directory to hash; a one-line bundle stands in for the real one.
  bundlesDir = await mkdtemp(join(tmpdir(), 'rapport-construct-'));
  await mkdir(join(bundlesDir, 'dispatch'));
  await writeFile(join(bundlesDir, 'dispatch', 'index.mjs'), 'export const handler = async () => {};\n');
});
afterAll(() => rm(bundlesDir, { recursive: true, force: true }));

describe('RapportFunction', () => {
  it('merges the function’s own environment into the base, keeping every base variable', () => {
    const stack = new Stack(new App(), 'Test');
    new RapportFunction(stack, 'Fn', {
      handler: 'dispatch',
      bundlesDir,
      description: 'test function',
      baseEnvironment: { RAPPORT_TABLE_NAME: 'table', RAPPORT_BUCKET_NAME: 'bucket' },
      environment: { POWERTOOLS_LOG_LEVEL: 'DEBUG' },
      tracing: true,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          RAPPORT_TABLE_NAME: 'table',
          RAPPORT_BUCKET_NAME: 'bucket',
          POWERTOOLS_LOG_LEVEL: 'DEBUG',
        },
      },
      TracingConfig: { Mode: 'Active' },
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
    });
  });

  it('refuses an own variable that would replace a base one', () => {
    expect(() => mergeEnvironment({ RAPPORT_TABLE_NAME: 'a' }, { RAPPORT_TABLE_NAME: 'b' })).toThrow(
      /may not replace base variables: RAPPORT_TABLE_NAME/,
    );
  });
});

describe('settings', () => {
  it('fails the synth naming each bad value of the environment file', () => {
    const bad = { brandColor: 'blue', senderDomain: 'not a domain' };
    expect(() => loadSettings({ overrides: bad })).toThrow(/"brandColor": must be #rrggbb/);
    expect(() => loadSettings({ overrides: bad })).toThrow(/"senderDomain": must be a domain name/);
  });
});

describe('table from definition', () => {
  it('refuses a definition the stack cannot reproduce faithfully', () => {
    const provisioned = { ...tableDefinition('t'), BillingMode: 'PROVISIONED' as const };
    expect(() => tablePropsFromDefinition(provisioned)).toThrow(/unsupported billing mode PROVISIONED/);
  });
});
