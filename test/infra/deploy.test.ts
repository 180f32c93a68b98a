/**
 * Issue 14 items 3 and 5, as synthesised: SES done right (inbound domain identity, custom MAIL FROM,
 * the DNS records as outputs, the opt-in activation of the receipt rule set), operations (alarms on
 * every function, dead letters, SES reputation and operator alerts to a subscribed topic; mail expiry;
 * resumes read by dispatch under their own prefix; opt-in reserved concurrency; retained resources
 * that a failed first create does not leave behind; tracing). The default app is the committed
 * example environment; the opt-in app turns every opt-in setting on (test/infra/opt-in-app.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR_ALERT_METRIC, OPERATOR_ALERT_TERMS } from '../../infra/constructs/alarms.ts';
import { nagAcknowledgements } from '../../infra/nag-acknowledgements.ts';
import { dispatchConcurrencyFor } from '../../infra/settings.ts';
import { OPT_INS, type OptInApp, synthesizedOptInApp } from './opt-in-app.ts';
import {
  logicalIdOf,
  propertiesOf,
  type SynthesizedApp,
  statementsOfRole,
  synthesizedApp,
  tracingStatementsOfRole,
  type ValidationReport,
} from './synth-app.ts';

let synth: SynthesizedApp;
let optIn: OptInApp;
beforeAll(async () => {
  synth = await synthesizedApp();
  optIn = await synthesizedOptInApp();
});

type Json = Record<string, unknown>;
const outputs = (app: SynthesizedApp | OptInApp, stack: 'stateful' | 'stateless') =>
  app[stack].template.toJSON().Outputs as Record<string, { Value: unknown; Description?: string }>;
const resources = (app: SynthesizedApp | OptInApp, stack: 'stateful' | 'stateless') =>
  app[stack].template.toJSON().Resources as Record<
    string,
    {
      Type: string;
      Properties: Json;
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
      DependsOn?: string[];
    }
  >;
/** rapport's functions (not CDK's BucketDeployment handler, which runs only while a deploy uploads the dashboard). */
const functionsOf = (app: SynthesizedApp | OptInApp) =>
  Object.entries(resources(app, 'stateless')).filter(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && !id.startsWith('CustomCDKBucketDeployment'),
  );

describe('SES', () => {
  it('verifies the inbound domain as an identity and outputs its DKIM records and the MX record', () => {
    const identities = synth.stateful.template.findResources('AWS::SES::EmailIdentity');
    const names = Object.values(identities).map((r) => r.Properties.EmailIdentity);
    expect(names).toEqual(['mail.example-consultancy.com', 'reply.example-consultancy.com']);
    const out = outputs(synth, 'stateful');
    for (const n of [1, 2, 3])
      expect(JSON.stringify(out[`InboundDkimRecord${n}`]?.Value)).toContain(' CNAME ');
    expect(JSON.stringify(outputs(synth, 'stateless').InboundMxRecord?.Value)).toContain(
      'reply.example-consultancy.com MX 10 inbound-smtp.',
    );
  });

  it('sends from a custom MAIL FROM subdomain, with its MX and SPF records and a DMARC recommendation as outputs', () => {
    const sender = propertiesOf(
      synth.stateful.template,
      logicalIdOf(synth.stateful.stack, synth.stateful.stack.senderIdentity),
    );
    expect(sender.MailFromAttributes).toEqual({
      MailFromDomain: 'bounce.mail.example-consultancy.com',
      BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
    });
    const out = outputs(synth, 'stateful');
    expect(JSON.stringify(out.MailFromMxRecord?.Value)).toContain(
      'bounce.mail.example-consultancy.com MX 10 feedback-smtp.',
    );
    expect(out.MailFromSpfRecord?.Value).toBe(
      'bounce.mail.example-consultancy.com TXT "v=spf1 include:amazonses.com ~all"',
    );
    expect(out.DmarcRecord?.Value).toBe(
      '_dmarc.mail.example-consultancy.com TXT "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:alarms@example-consultancy.com"',
    );
  });

  it('by default activates no rule set: the one-line command is an output', () => {
    expect(synth.stateless.template.findResources('Custom::AWS')).toEqual({});
    const command = JSON.stringify(outputs(synth, 'stateless').InboundActivation?.Value);
    expect(command).toContain('aws ses set-active-receipt-rule-set --rule-set-name ');
  });

  it('activateReceiving: a custom resource activates the rule set after its rule, and deactivates it on delete', () => {
    const custom = Object.entries(resources(optIn, 'stateless')).filter(([, r]) => r.Type === 'Custom::AWS');
    expect(custom).toHaveLength(1);
    const [, activation] = custom[0] as [string, (typeof custom)[number][1]];
    const call = (name: string) => JSON.parse(JSON.stringify(activation.Properties[name])) as unknown;
    expect(JSON.stringify(call('Create'))).toContain('SetActiveReceiptRuleSet');
    expect(JSON.stringify(call('Create'))).toContain(
      logicalIdOf(optIn.stateless.stack, optIn.stateless.stack.receiptRuleSet),
    );
    // No RuleSetName: no rule set active (SES refuses to delete an active one).
    expect(JSON.parse(activation.Properties.Delete as string)).toEqual({
      service: 'SES',
      action: 'SetActiveReceiptRuleSet',
      parameters: {},
    });
    expect(activation.DependsOn).toContain(
      logicalIdOf(optIn.stateless.stack, optIn.stateless.stack.receiptRule),
    );
  });
});

describe('cdk-nag with every opt-in setting on', () => {
  it('leaves no unacknowledged finding and uses every acknowledgement (none stale)', () => {
    const report = (
      JSON.parse(
        readFileSync(join(optIn.assembly.directory, 'validation-report.json'), 'utf8'),
      ) as ValidationReport
    ).pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(report?.conclusion).toBe('success');
    expect(report?.violations).toEqual([]);
    const used = report?.suppressedViolations?.map((v) => v.acknowledgedId) ?? [];
    const declared = nagAcknowledgements({
      stateful: optIn.stateful.stack,
      stateless: optIn.stateless.stack,
    });
    expect([...used].sort()).toEqual(declared.map((a) => a.id).sort());
  });
});

describe('operations', () => {
  it('every function has an errors and a throttles alarm, and an operator-alert metric filter on its log group', () => {
    const template = synth.stateless.template.toJSON() as {
      Resources: Record<string, { Type: string; Properties: Json }>;
    };
    const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const filters = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Logs::MetricFilter');
    for (const [id, fn] of functionsOf(synth)) {
      const on = (metric: string) =>
        alarms.filter(
          (a) =>
            a.Properties.MetricName === metric &&
            JSON.stringify(a.Properties.Dimensions) ===
              JSON.stringify([{ Name: 'FunctionName', Value: { Ref: id } }]),
        );
      expect(on('Errors'), `${id} errors`).toHaveLength(1);
      expect(on('Throttles'), `${id} throttles`).toHaveLength(1);
      const logGroup = (fn.Properties.LoggingConfig as { LogGroup: unknown }).LogGroup;
      const filter = filters.filter(
        (f) =>
          JSON.stringify(f.Properties.LogGroupName) === JSON.stringify(logGroup) &&
          JSON.stringify(f.Properties.MetricTransformations).includes(OPERATOR_ALERT_METRIC.metricName),
      );
      expect(filter, `${id} operator alerts`).toHaveLength(1);
      expect(filter[0]?.Properties).toMatchObject({
        FilterPattern: OPERATOR_ALERT_TERMS.map((t) => `?"${t}"`).join(' '),
        MetricTransformations: [
          {
            MetricNamespace: OPERATOR_ALERT_METRIC.namespace,
            MetricName: OPERATOR_ALERT_METRIC.metricName,
            MetricValue: '1',
          },
        ],
      });
    }
    expect(functionsOf(synth).length).toBeGreaterThanOrEqual(8);
  });

  it('alarms on dead letters, SES bounce and complaint rates and operator alerts, all to the topic e-mailed to alarmEmail', () => {
    const { template } = synth.stateless;
    const topic = logicalIdOf(synth.stateless.stack, synth.stateless.stack.alarmTopic);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'alarms@example-consultancy.com',
      TopicArn: { Ref: topic },
    });
    const alarm = (metric: string) =>
      Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(
        (a) => a.Properties.MetricName === metric,
      )?.Properties as Json;
    expect(alarm('ApproximateNumberOfMessagesVisible')).toMatchObject({ Threshold: 1 });
    expect(alarm('Reputation.BounceRate')).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.05 });
    expect(alarm('Reputation.ComplaintRate')).toMatchObject({ Namespace: 'AWS/SES', Threshold: 0.001 });
    expect(alarm('OperatorAlerts')).toMatchObject({ Namespace: 'Rapport', Statistic: 'Sum', Threshold: 1 });
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topic }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: topic }]);
    }
  });

  it('expires inbound/ and quarantine/ after mailRetentionDays, never resumes/', () => {
    const rules = (app: SynthesizedApp | OptInApp) =>
      (
        propertiesOf(app.stateful.template, logicalIdOf(app.stateful.stack, app.stateful.stack.bucket))
          .LifecycleConfiguration as { Rules: Json[] }
      ).Rules;
    const expiring = (app: SynthesizedApp | OptInApp) =>
      rules(app)
        .filter((r) => r.ExpirationInDays !== undefined)
        .map((r) => [r.Prefix, r.ExpirationInDays]);
    expect(expiring(synth)).toEqual([
      ['inbound/', 90],
      ['quarantine/', 90],
    ]);
    expect(expiring(optIn)).toEqual([
      ['inbound/', 30],
      ['quarantine/', 30],
    ]);
  });

  it('dispatch reads resumes under resumes/ only (the prefix the API uploads them to)', () => {
    const role = logicalIdOf(synth.stateless.stack, synth.stateless.stack.dispatch.role);
    const reads = statementsOfRole(synth.stateless.template, role).filter((s) => s.Sid === 'ReadResumes');
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]?.Resource)).toMatch(/"\/resumes\/\*"\]/);
  });

  it('reserves no concurrency by default (a new account quota of 10 would refuse it); the opt-ins size it', () => {
    for (const [id, fn] of functionsOf(synth)) {
      expect(fn.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
    }
    const reserved = (app: OptInApp, fn: { function: unknown }) =>
      propertiesOf(app.stateless.template, logicalIdOf(app.stateless.stack, fn.function as never))
        .ReservedConcurrentExecutions;
    expect(reserved(optIn, optIn.stateless.stack.dispatch)).toBe(
      dispatchConcurrencyFor(OPT_INS.sesMaxSendRate),
    );
    expect(dispatchConcurrencyFor(14)).toBe(14);
    expect(dispatchConcurrencyFor(0.5)).toBe(1);
    expect(reserved(optIn, optIn.stateless.stack.unsubscribe)).toBe(5);
  });

  it('retains the table, the bucket and the schedule group on update and delete, but not on a failed first create', () => {
    const policies = (stack: 'stateful' | 'stateless', type: string) =>
      Object.values(resources(synth, stack))
        .filter((r) => r.Type === type)
        .map((r) => [r.DeletionPolicy, r.UpdateReplacePolicy]);
    const retainExceptOnCreate = [['RetainExceptOnCreate', 'Retain']];
    expect(policies('stateful', 'AWS::DynamoDB::Table')).toEqual(retainExceptOnCreate);
    expect(policies('stateful', 'AWS::S3::Bucket')).toEqual(retainExceptOnCreate);
    expect(policies('stateless', 'AWS::Scheduler::ScheduleGroup')).toEqual(retainExceptOnCreate);
  });

  it('traces every function with X-Ray (its role may put trace segments, which take no resource)', () => {
    for (const [id, fn] of functionsOf(synth)) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const [role] = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'];
      expect(tracingStatementsOfRole(synth.stateless.template, role), id).toEqual([
        { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
      ]);
    }
  });
});
