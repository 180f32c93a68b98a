/**
 * The rapport CDK app, built from bundles that already exist (infra/app.ts bundles first; the tests
 * bundle once in a beforeAll). Two stacks: stateful (data) and stateless (code), wired through props.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ROOT } from './bundling/bundle-function.ts';
import { assertBundled } from './bundling/bundle-handlers.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { loadSettings, type Settings } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildAppOptions {
  /** Where `bundleHandlers` wrote `<name>/index.mjs`. */
  bundlesDir: string;
  /** Settings that win over the environment file (tests). */
  config?: Partial<Settings>;
  /** The environment (`infra/env/<name>.json`); else the context's `env` (`-c env=<name>`), else `example`. */
  env?: string;
  /** Where the environment files are (tests). @default infra/env */
  envDir?: string;
  /** The cloud assembly directory; the CDK CLI's when run by it. */
  outdir?: string;
}

export const STACK_NAMES = { stateful: 'RapportStateful', stateless: 'RapportStateless' } as const;

export function buildApp({ bundlesDir, config, outdir, env, envDir }: BuildAppOptions) {
  assertBundled(bundlesDir);
  // cdk.json's context (feature flags) as defaults, so the app also synthesizes outside the CLI.
  const app = new App({ context: cdkJsonContext(), ...(outdir ? { outdir } : {}) });
  const settings = loadSettings({
    env: env ?? (app.node.tryGetContext('env') as string | undefined),
    ...(envDir ? { dir: envDir } : {}),
    ...(config ? { overrides: config } : {}),
  });

  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    description: 'rapport data: table, mail bucket, SES identities and configuration set',
    settings,
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    description: 'rapport code: functions, schedule group, dead-letter queue, alarms',
    settings,
    bundlesDir,
    table: stateful.table,
    tableIndexArns: stateful.tableIndexArns,
    bucket: stateful.bucket,
    configurationSet: stateful.configurationSet,
    senderIdentity: stateful.senderIdentity,
  });

  // Every function's errors and throttles (also those constructed after the stack's own alarms).
  stateless.alarms.watchEveryFunction(stateless);

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeNagFindings({ stateful, stateless });
  return { app, stateful, stateless, settings };
}

/** The `context` block of cdk.json (feature flags only: the settings are in infra/env/<name>.json). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: object };
  return { ...(cdkJson.context ?? {}) };
}
