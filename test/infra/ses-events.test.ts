import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config.ts';
import { SES_DETAIL_TYPES } from '#shared/ses-event-types.ts';
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
const fnId = () => idOf(synth.stateless.stack.sesEvents.function);
const propsOf = (id: string): Json => propertiesOf(synth.stateless.template, id);
const fnProps = () => propsOf(fnId());
const roleId = () => idOf(synth.stateless.stack.sesEvents.role);
const ruleId = () => idOf(synth.stateless.stack.sesEventsRule);
const queueId = () => onlyResource(synth.stateless.template, 'AWS::SQS::Queue').id;
const statefulId = (type: string) => onlyResource(synth.stateful.template, type).id;

describe('ses-events function', () => {
  it('runs its own bundle on the shared construct, dead-lettering failed invocations', () => {
    expect(fnProps()).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
      LoggingConfig: {
        LogFormat: 'JSON',
        LogGroup: { Ref: idOf(synth.stateless.stack.sesEvents.logGroup) },
      },
    });
  });

  it('gets an environment loadConfig accepts once CloudFormation filled it in', () => {
    const variables = (fnProps().Environment as { Variables: Json }).Variables;
    const filled = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : 'x'.repeat(40)]),
    );
    expect(() => loadConfig(filled)).not.toThrow();
  });
});

describe('SES events rule', () => {
  it("matches SES's Send, Bounce and Complaint events of rapport's configuration set, on the default bus", () => {
    const rule = propsOf(ruleId());
    expect(rule.EventBusName).toBeUndefined(); // the default bus: where SES event destinations publish
    expect(rule.State).toBe('ENABLED');
    const pattern = rule.EventPattern as Json;
    expect(pattern.source).toEqual(['aws.ses']);
    expect(pattern['detail-type']).toEqual(['Email Sent', 'Email Bounced', 'Email Complaint Received']);
    expect(pattern['detail-type']).toEqual([...SES_DETAIL_TYPES]);
    const [configurationSet, ...others] = (pattern.detail as { mail: { tags: Record<string, unknown[]> } })
      .mail.tags['ses:configuration-set'] as unknown[];
    expect(others).toEqual([]);
    expect(importedValue(synth.stateful.template, configurationSet)).toEqual({
      Ref: statefulId('AWS::SES::ConfigurationSet'),
    });
  });

  it('targets the function with retries and the dead-letter queue', () => {
    const targets = (propsOf(ruleId()) as { Targets: Json[] }).Targets;
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      Arn: { 'Fn::GetAtt': [fnId(), 'Arn'] },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId(), 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 86_400 },
    });
  });

  it('may invoke the function, from this rule only, and dead-letter into the queue, from this rule only', () => {
    synth.stateless.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId(), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId(), 'Arn'] },
    });
    const policy = onlyResource(synth.stateless.template, 'AWS::SQS::QueuePolicy').props;
    const statements = (policy.PolicyDocument as { Statement: Json[] }).Statement;
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Resource: { 'Fn::GetAtt': [queueId(), 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId(), 'Arn'] } } },
      }),
    ]);
  });
});

describe('ses-events permissions', () => {
  const statements = () => statementsOfRole(synth.stateless.template, roleId());
  const allActions = () => statements().flatMap(actionsOf);

  it('reads and writes the table and its GSI1, never scans', () => {
    const store = statements().find((s) => s.Sid === 'Store') as Json;
    expect(actionsOf(store)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem']));
    expect(actionsOf(store)).not.toContain('dynamodb:Scan');
    const [table, index] = store.Resource as Json[];
    expect(importedValue(synth.stateful.template, table)).toEqual({
      'Fn::GetAtt': [statefulId('AWS::DynamoDB::Table'), 'Arn'],
    });
    expect(index).toEqual({ 'Fn::Join': ['', [table, '/index/GSI1']] });
  });

  it("deletes schedules of rapport's group only, and creates none", () => {
    const schedules = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('scheduler:')));
    expect(schedules).toHaveLength(1);
    expect(actionsOf(schedules[0] as Json)).toEqual(['scheduler:DeleteSchedule']);
    const group = onlyResource(synth.stateless.template, 'AWS::Scheduler::ScheduleGroup').props.Name;
    expect(JSON.stringify((schedules[0] as Json).Resource)).toMatch(
      new RegExp(`":schedule/${group}/\\*"\\]\\]\\}$`),
    );
  });

  it('has nothing else: no SES, no bucket, no role to pass, only its own logs and the dead-letter queue', () => {
    const actions = allActions();
    expect(actions.filter((a) => /^(ses|s3|iam|lambda):/.test(a))).toEqual([]);
    expect(actions.filter((a) => !/^(dynamodb|scheduler):/.test(a)).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      // The unsubscribe key ring: the suppression list is keyed with it.
      'secretsmanager:GetSecretValue',
      'sqs:SendMessage',
    ]);
    expect(propsOf(roleId()).ManagedPolicyArns).toBeUndefined();
  });
});

describe('ses-events alarm', () => {
  it('alarms on one error in 5 minutes', () => {
    synth.stateless.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId() } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
    });
  });
});
