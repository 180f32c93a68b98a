import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { TABLE_ACTIONS } from '../../infra/constructs/stateless-wiring.ts';
import {
  actionsOf,
  importedValue,
  logicalIdOf,
  onlyResource,
  propertiesOf,
  type SynthesizedApp,
  statementsOfRole,
  synthesizedApp,
} from './synth-app.ts';

let synth: SynthesizedApp;
beforeAll(async () => {
  synth = await synthesizedApp();
});

type Json = Record<string, unknown>;
const idOf = (construct: IConstruct) => logicalIdOf(synth.stateless.stack, construct);
const propsOf = (id: string): Json => propertiesOf(synth.stateless.template, id);
const fnId = () => idOf(synth.stateless.stack.inbound.function);
const fnProps = () => propsOf(fnId());
const roleId = () => idOf(synth.stateless.stack.inbound.role);
const queueId = () => onlyResource(synth.stateless.template, 'AWS::SQS::Queue').id;
const statefulId = (type: string) => onlyResource(synth.stateful.template, type).id;
const schedulerRoleId = () => idOf(synth.stateless.stack.schedulerRole);
const statementsBySid = () =>
  Object.fromEntries(statementsOfRole(synth.stateless.template, roleId()).map((s) => [s.Sid ?? '', s]));
/** `{ Fn::Join: ['', [<bucket ARN import>, '/<suffix>']] }` → the bucket it imports and the suffix. */
const objectPath = (resource: unknown) => {
  const [bucketArn, suffix] = (resource as { 'Fn::Join': [string, [unknown, string]] })['Fn::Join'][1];
  return { bucket: importedValue(synth.stateful.template, bucketArn), suffix };
};

describe('inbound function', () => {
  it('runs its own bundle on the shared construct, dead-lettering failed asynchronous invocations', () => {
    expect(fnProps()).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 30,
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
      LoggingConfig: {
        LogFormat: 'JSON',
        LogGroup: { Ref: idOf(synth.stateless.stack.inbound.logGroup) },
      },
    });
  });

  it('gets the base environment plus a link base, which loadConfig accepts once filled in', () => {
    const variables = (fnProps().Environment as { Variables: Json }).Variables;
    expect(variables).toMatchObject({
      [ENV.inboundDomain]: synth.settings.inboundDomain,
      // It never builds an unsubscribe link (no custom domain configured): the placeholder.
      [ENV.unsubscribeBaseUrl]: 'https://unsubscribe.invalid/',
    });
    expect(importedValue(synth.stateful.template, variables[ENV.bucketName])).toEqual({
      Ref: statefulId('AWS::S3::Bucket'),
    });
    const filled = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : 'x'.repeat(40)]),
    );
    expect(() => loadConfig(filled)).not.toThrow();
  });
});

describe('SES receipt rule', () => {
  const rule = () => onlyResource(synth.stateless.template, 'AWS::SES::ReceiptRule');

  it('takes mail for the inbound domain, spam/virus-scanned, over TLS only, in the one rule set', () => {
    const { props } = rule();
    expect(props.RuleSetName).toEqual({
      Ref: onlyResource(synth.stateless.template, 'AWS::SES::ReceiptRuleSet').id,
    });
    expect(props.Rule).toMatchObject({
      Enabled: true,
      Recipients: [synth.settings.inboundDomain],
      ScanEnabled: true,
      TlsPolicy: 'Require',
    });
  });

  it('stores the raw message under the inbound prefix first, then invokes the function asynchronously', () => {
    const actions = (rule().props.Rule as { Actions: Json[] }).Actions;
    expect(actions).toHaveLength(2);
    const [store, invoke] = actions as [Json, Json];
    const s3Action = store.S3Action as Json;
    expect(s3Action.ObjectKeyPrefix).toBe(INBOUND_OBJECT_PREFIX);
    expect(importedValue(synth.stateful.template, s3Action.BucketName)).toEqual({
      Ref: statefulId('AWS::S3::Bucket'),
    });
    expect(invoke).toEqual({
      LambdaAction: { FunctionArn: { 'Fn::GetAtt': [fnId(), 'Arn'] }, InvocationType: 'Event' },
    });
  });

  it('lets SES invoke the function from this account, and is created after that permission', () => {
    const permissions = Object.entries(synth.stateless.template.findResources('AWS::Lambda::Permission'))
      .filter(([, p]) => p.Properties.Principal === 'ses.amazonaws.com')
      .map(([id, p]) => ({ id, props: p.Properties as Json }));
    expect(permissions).toHaveLength(1);
    const [permission] = permissions as [{ id: string; props: Json }];
    expect(permission.props).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId(), 'Arn'] },
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    const dependsOn = (synth.stateless.template.toJSON().Resources[rule().id] as { DependsOn?: string[] })
      .DependsOn;
    expect(dependsOn).toContain(permission.id);
  });

  it("lets SES write into the bucket's inbound/ prefix only, from this account (stateful bucket policy)", () => {
    const policy = onlyResource(synth.stateful.template, 'AWS::S3::BucketPolicy').props;
    const sesStatements = (policy.PolicyDocument as { Statement: Json[] }).Statement.filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'ses.amazonaws.com' }),
    );
    const bucket = statefulId('AWS::S3::Bucket');
    expect(sesStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { Service: 'ses.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, `/${INBOUND_OBJECT_PREFIX}*`]] },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    // One way only: the stateless stack depends on the stateful one, never the reverse (no cycle).
    expect(synth.stateless.stack.dependencies).toContain(synth.stateful.stack);
    expect(synth.stateful.stack.dependencies).not.toContain(synth.stateless.stack);
  });

  it('tells the operator to activate the rule set once and which MX record to publish', () => {
    const outputs = synth.stateless.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const activation = JSON.stringify(outputs.InboundActivation?.Value);
    expect(activation).toContain('aws ses set-active-receipt-rule-set --rule-set-name ');
    expect(activation).toContain(
      JSON.stringify({ Ref: onlyResource(synth.stateless.template, 'AWS::SES::ReceiptRuleSet').id }),
    );
    expect(outputs.InboundMxRecord?.Value).toEqual({
      'Fn::Join': [
        '',
        [`${synth.settings.inboundDomain} MX 10 inbound-smtp.`, { Ref: 'AWS::Region' }, '.amazonaws.com'],
      ],
    });
  });
});

describe('inbound permissions', () => {
  it('has exactly these actions (besides its own logs and the dead-letter queue)', () => {
    const bySid = statementsBySid();
    expect(Object.keys(bySid).filter(Boolean).sort()).toEqual([
      'InboundMail',
      'PassSchedulerRole',
      'Schedules',
      'Store',
      'UnsubscribeKeys',
    ]);
    const all = statementsOfRole(synth.stateless.template, roleId()).flatMap(actionsOf);
    expect(all.filter((a) => !/^(logs|sqs):/.test(a)).sort()).toEqual(
      [
        ...TABLE_ACTIONS,
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'iam:PassRole',
        // The unsubscribe key ring: an unsubscribe reply suppresses the address (keyed with it).
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    expect(all.filter((a) => /^(logs|sqs):/.test(a)).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
    ]);
    expect(all).not.toContain('dynamodb:Scan');
    expect(propsOf(roleId()).ManagedPolicyArns).toBeUndefined();
  });

  it('reads and writes the table and its GSI1', () => {
    const store = statementsBySid().Store as Json;
    const [table, index] = store.Resource as Json[];
    expect(importedValue(synth.stateful.template, table)).toEqual({
      'Fn::GetAtt': [statefulId('AWS::DynamoDB::Table'), 'Arn'],
    });
    expect(index).toEqual({ 'Fn::Join': ['', [table, '/index/GSI1']] });
  });

  it('gets, puts and deletes objects under inbound/ and quarantine/ only (no resumes)', () => {
    const mail = statementsBySid().InboundMail as Json;
    expect(actionsOf(mail)).toEqual(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    const paths = (mail.Resource as unknown[]).map(objectPath);
    const bucketArn = { 'Fn::GetAtt': [statefulId('AWS::S3::Bucket'), 'Arn'] };
    expect(paths).toEqual([
      { bucket: bucketArn, suffix: `/${INBOUND_OBJECT_PREFIX}*` },
      { bucket: bucketArn, suffix: '/quarantine/*' },
    ]);
  });

  it("creates and deletes schedules in rapport's group only, and may pass the scheduler role to Scheduler only", () => {
    const { Schedules: create, PassSchedulerRole: pass } = statementsBySid() as Record<string, Json>;
    // A reply creates its forward and deletes the pending follow-ups.
    expect(actionsOf(create as Json)).toEqual(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
    const group = onlyResource(synth.stateless.template, 'AWS::Scheduler::ScheduleGroup').props.Name;
    expect(JSON.stringify((create as Json).Resource)).toMatch(
      new RegExp(`":schedule/${group}/\\*"\\]\\]\\}$`),
    );
    expect(pass).toMatchObject({
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: { 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  });

  it('dead-letters into the one queue (the statement the DLQ needs)', () => {
    const sqs = statementsOfRole(synth.stateless.template, roleId()).find((s) =>
      actionsOf(s).includes('sqs:SendMessage'),
    ) as Json;
    expect(sqs.Resource).toEqual({ 'Fn::GetAtt': [queueId(), 'Arn'] });
  });
});

describe('inbound alarm', () => {
  it('alarms on one error in 5 minutes, to the alarm topic', () => {
    synth.stateless.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId() } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: onlyResource(synth.stateless.template, 'AWS::SNS::Topic').id }],
    });
  });
});
