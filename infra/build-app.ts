/**
 * The rapport CDK app, built from bundles that already exist (infra/app.ts bundles first; the tests
 * bundle once in a beforeAll). Two stacks: stateful (data) and stateless (code), wired through props.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { assertBundled } from './bundling/bundle-handlers.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import { cdkJsonContext, readSettings, type Settings } from './settings.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildAppOptions {
  /** Where `bundleHandlers` wrote `<name>/index.mjs`. */
  bundlesDir: string;
  /** Settings that win over the CDK context (tests). */
  config?: Partial<Settings>;
  /** The cloud assembly directory; the CDK CLI's when run by it. */
  outdir?: string;
}

export const STACK_NAMES = { stateful: 'RapportStateful', stateless: 'RapportStateless' } as const;

export function buildApp({ bundlesDir, config, outdir }: BuildAppOptions) {
  assertBundled(bundlesDir);
  // cdk.json's context as defaults, so the app also synthesizes outside the CLI (the CLI's own
  // context, including `-c` values, still wins).
  const app = new App({ context: cdkJsonContext(), ...(outdir ? { outdir } : {}) });
  const settings = readSettings(app, config);

  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    description: 'rapport data: table, mail bucket, SES identity and configuration set',
    senderDomain: settings.senderDomain,
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

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeNagFindings({ stateful, stateless });
  return { app, stateful, stateless, settings };
}
