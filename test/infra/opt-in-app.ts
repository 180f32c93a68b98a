/**
 * The app with every opt-in setting of the deployment turned on (receipt rule set activated at
 * deploy, dispatch's and unsubscribe's reserved concurrency, a shorter mail retention, the model
 * reader through an inference profile), synthesised ONCE for the infra test files that need it, like synth-app.ts.
 * cdk-nag runs during the synth: it throws on any unacknowledged finding.
 */
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { inject } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import type { Settings } from '../../infra/settings.ts';

export const OPT_INS = {
  activateReceiving: true,
  sesMaxSendRate: 14,
  unsubscribeReservedConcurrency: 5,
  mailRetentionDays: 30,
  // The model reader through a cross-Region inference profile (its grant has a wildcard to acknowledge).
  modelReader: 'us.amazon.nova-micro-v1:0',
} satisfies Partial<Settings>;

export type OptInApp = ReturnType<typeof synthesize>;
let synthesized: OptInApp | undefined;

export async function synthesizedOptInApp(): Promise<OptInApp> {
  synthesized ??= synthesize(inject('infraDir'));
  return synthesized;
}

function synthesize(dir: string) {
  const started = performance.now();
  const built = buildApp({
    bundlesDir: join(dir, 'bundles'),
    outdir: join(dir, 'cdk.out-opt-in'),
    config: OPT_INS,
  });
  const assembly = built.app.synth();
  return {
    ...built,
    assembly,
    synthMs: performance.now() - started,
    stateful: { stack: built.stateful, template: Template.fromStack(built.stateful) },
    stateless: { stack: built.stateless, template: Template.fromStack(built.stateless) },
  };
}
