import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';
import { bundleFile } from '../../infra/bundling/bundle-handlers.ts';
import { nagAcknowledgements } from '../../infra/nag-acknowledgements.ts';
import {
  actionsOf,
  importedValue,
  logicalIdOf,
  onlyResource,
  resourcesOf,
  type SynthesizedApp,
  statementsOfRole,
  synthesizedApp,
} from './synth-app.ts';

let synth: SynthesizedApp;
beforeAll(async () => {
  synth = await synthesizedApp();
});

type Json = Record<string, unknown>;
const LOCAL_ONLY = new Set<string>([
  ENV.dynamoEndpoint,
  ENV.sesEndpoint,
  ENV.s3Endpoint,
  ENV.schedulerEndpoint,
  ENV.cognitoEndpoint,
  ENV.secretsEndpoint,
  // Set by Lambda in each execution environment, not by the template.
  ENV.sessionToken,
]);
/** The Parameters and Secrets extension's own settings (its layer's variables). */
const EXTENSION_SETTING = /^(PARAMETERS_SECRETS_EXTENSION_|SECRETS_MANAGER_|SSM_PARAMETER_STORE_)/;
/** Read by the API function alone (`test/infra/http-api.test.ts`). */
const API_ONLY = new Set<string>([ENV.jobsFunction, ENV.inboundFunction, ENV.userPoolId]);

/** The logical id of a construct's CloudFormation resource (there is more than one function). */
const idOf = (construct: IConstruct) => logicalIdOf(synth.stateless.stack, construct);
const dispatchFunction = () => {
  const id = idOf(synth.stateless.stack.dispatch.function);
  return { id, props: synth.stateless.template.toJSON().Resources[id].Properties as Json };
};
const dispatchLogGroupId = () => idOf(synth.stateless.stack.dispatch.logGroup);
const environment = () => (dispatchFunction().props.Environment as { Variables: Json }).Variables;
const logicalId = (type: string) => onlyResource(synth.stateless.template, type).id;
const statefulId = (type: string) => onlyResource(synth.stateful.template, type).id;
const dispatchRoleId = () =>
  (dispatchFunction().props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
const schedulerRoleId = () => {
  const roles = synth.stateless.template.findResources('AWS::IAM::Role', {
    Properties: {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })],
      },
    },
  });
  const ids = Object.keys(roles);
  if (ids.length !== 1) throw new Error(`expected one scheduler role, found ${ids.length}`);
  return ids[0] as string;
};
const scheduleGroupName = () =>
  onlyResource(synth.stateless.template, 'AWS::Scheduler::ScheduleGroup').props.Name;
const statement = (roleId: string, action: string) => {
  const found = statementsOfRole(synth.stateless.template, roleId).filter((s) =>
    actionsOf(s).includes(action),
  );
  if (found.length !== 1) throw new Error(`expected one statement with ${action}, found ${found.length}`);
  return found[0] as Json;
};

describe('dispatch function', () => {
  it('runs the bundle on Node 22, ARM64, with the settings of the shared construct', () => {
    expect(dispatchFunction().props).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 30,
      MemorySize: 512,
      FunctionName: 'RapportStateless-dispatch',
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: dispatchLogGroupId() } },
    });
    synth.stateless.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('ships exactly the file bundleFunction wrote', () => {
    const key = (dispatchFunction().props.Code as { S3Key: string }).S3Key;
    const staged = join(synth.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
    expect(readFileSync(staged).equals(readFileSync(bundleFile(synth.bundlesDir, 'dispatch')))).toBe(true);
  });

  it('sends failed asynchronous invocations to the dead-letter queue', () => {
    expect(dispatchFunction().props.DeadLetterConfig).toEqual({
      TargetArn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue'), 'Arn'] },
    });
  });
});

describe('dispatch environment', () => {
  it('sets every variable the runtime config reads (named by the ENV constants), and no other', () => {
    // The consultancy's country is set only when configured (then emails to contacts follow its law).
    const expected = Object.values(ENV).filter(
      (name) => !LOCAL_ONLY.has(name) && !API_ONLY.has(name) && name !== ENV.consultancyCountry,
    );
    const names = Object.keys(environment()).filter((name) => !EXTENSION_SETTING.test(name));
    expect(names.sort()).toEqual([...expected].sort());
  });

  it('satisfies loadConfig once CloudFormation has filled in the references', () => {
    const filled = Object.fromEntries(
      Object.entries(environment()).map(([name, value]) => [
        name,
        typeof value === 'string'
          ? value
          : name === ENV.unsubscribeBaseUrl || name === ENV.resumeBaseUrl
            ? 'https://abcdefghij.lambda-url.us-east-1.on.aws/'
            : 'x'.repeat(40),
      ]),
    );
    expect(() => loadConfig(filled)).not.toThrow();
  });

  it('points at the stateful resources', () => {
    const env = environment();
    expect(importedValue(synth.stateful.template, env[ENV.tableName])).toEqual({
      Ref: statefulId('AWS::DynamoDB::Table'),
    });
    expect(importedValue(synth.stateful.template, env[ENV.bucketName])).toEqual({
      Ref: statefulId('AWS::S3::Bucket'),
    });
    expect(importedValue(synth.stateful.template, env[ENV.configurationSet])).toEqual({
      Ref: statefulId('AWS::SES::ConfigurationSet'),
    });
  });

  it('gives the scheduling settings: group, own ARN, scheduler role, dead-letter queue', () => {
    const env = environment();
    expect(env[ENV.scheduleGroup]).toBe(scheduleGroupName());
    expect(env[ENV.schedulerRoleArn]).toEqual({ 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] });
    expect(env[ENV.deadLetterArn]).toEqual({ 'Fn::GetAtt': [logicalId('AWS::SQS::Queue'), 'Arn'] });
    // The function's own ARN, built from its fixed name (a GetAtt of itself would be a cycle).
    const arn = JSON.stringify(env[ENV.dispatchArn]);
    expect(arn).toContain('":lambda:"');
    expect(arn).toMatch(new RegExp(`":function:${dispatchFunction().props.FunctionName}"\\]\\]\\}$`));
  });

  it('carries the mail settings from the context and the key ring secret by its ARN, never a key', () => {
    const env = environment();
    const { settings } = synth;
    expect(env).toMatchObject({
      [ENV.consultancyName]: settings.consultancyName,
      [ENV.brandColor]: settings.brandColor,
      [ENV.logoUrl]: settings.logoUrl,
      [ENV.postalAddress]: settings.postalAddress,
      [ENV.senderDomain]: settings.senderDomain,
      [ENV.inboundDomain]: settings.inboundDomain,
      [ENV.unsubscribeKeysSecret]: { Ref: idOf(synth.stateless.stack.unsubscribeKeys) },
    });
    // No custom domain configured: the links point at the unsubscribe function's own URL.
    expect(settings.unsubscribeBaseUrl).toBe('');
    expect(env[ENV.unsubscribeBaseUrl]).toEqual({
      'Fn::GetAtt': [idOf(synth.stateless.stack.unsubscribeUrl), 'FunctionUrl'],
    });
  });
});

describe('unsubscribe key ring', () => {
  // rapport's functions (not CDK's BucketDeployment handler that uploads the dashboard at deploy time).
  const functions = () =>
    (
      Object.entries(synth.stateless.template.findResources('AWS::Lambda::Function')) as [string, Json][]
    ).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
  const variablesOf = (fn: Json) =>
    ((fn.Properties as Json).Environment as { Variables: Record<string, unknown> }).Variables;

  it('no function environment holds a key or the parameter: only the secret ARN', () => {
    for (const [id, fn] of functions()) {
      const text = JSON.stringify(variablesOf(fn));
      expect(text, id).not.toContain('UnsubscribeSecret');
      expect(text, id).not.toContain('RAPPORT_UNSUBSCRIBE_SECRET');
      expect(variablesOf(fn)[ENV.unsubscribeKeysSecret], id).toEqual({
        Ref: idOf(synth.stateless.stack.unsubscribeKeys),
      });
    }
  });

  it('is generated by CloudFormation (a ring seeded with the earlier secret, if any) and retained', () => {
    const secretId = idOf(synth.stateless.stack.unsubscribeKeys);
    const secret = synth.stateless.template.toJSON().Resources[secretId];
    expect(secret).toMatchObject({ Type: 'AWS::SecretsManager::Secret', DeletionPolicy: 'Retain' });
    expect(secret.Properties.GenerateSecretString).toMatchObject({
      GenerateStringKey: 'initialKey',
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    const [template, vars] = secret.Properties.GenerateSecretString.SecretStringTemplate['Fn::Sub'];
    expect(vars).toEqual({ Days: '365', Legacy: { Ref: 'UnsubscribeSecret' } });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    const filled = template.replace('${Days}', '365').replace('${Legacy}', '');
    expect(JSON.parse(filled)).toEqual({
      keys: [],
      oldKeysValidForDays: 365,
      legacySecret: '',
    });
    // The earlier deployments' parameter: optional now, NoEcho, kept only to seed legacySecret.
    synth.stateless.template.hasParameter('UnsubscribeSecret', { Type: 'String', NoEcho: true, Default: '' });
  });

  it('is readable (GetSecretValue on it alone) by every function but classify, through the extension layer', () => {
    const secretId = idOf(synth.stateless.stack.unsubscribeKeys);
    const readers: string[] = [];
    for (const [id, fn] of functions()) {
      const roleId = ((fn.Properties as Json).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const reads = statementsOfRole(synth.stateless.template, roleId).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
      );
      if (reads.length === 0) {
        expect((fn.Properties as Json).Layers, id).toBeUndefined();
        continue;
      }
      readers.push(id.replace(/Function.*$/, ''));
      expect(
        reads.flatMap((s) => actionsOf(s)),
        id,
      ).toEqual(['secretsmanager:GetSecretValue']);
      expect(
        reads.flatMap((s) => resourcesOf(s)),
        id,
      ).toEqual([{ Ref: secretId }]);
      // The layer's ARN per region: CDK's table, as a mapping (the stack is region-agnostic).
      expect(JSON.stringify((fn.Properties as Json).Layers), id).toMatch(/Paramsandsecrets.*arm64/i);
      expect(variablesOf(fn).PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, id).toBe('2773');
      expect(variablesOf(fn).SECRETS_MANAGER_TTL, id).toBe('300');
    }
    expect(readers.sort()).toEqual([
      'Api',
      'Dispatch',
      'Inbound',
      'Jobs',
      'Preview',
      'Resume',
      'SesEvents',
      'Unsubscribe',
    ]);
  });
});

describe('dispatch permissions', () => {
  it('sends raw email through the identity AND the configuration set', () => {
    const send = statement(dispatchRoleId(), 'ses:SendRawEmail');
    expect(actionsOf(send)).toEqual(['ses:SendRawEmail']);
    const resources = resourcesOf(send).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(2);
    const configurationSetArn = resources.find((r) => r.includes(':configuration-set/'));
    const identityArn = resources.find((r) => r.includes(':identity/'));
    expect(configurationSetArn).toBeDefined();
    expect(identityArn).toBeDefined();
    const configurationSetImport = JSON.parse(configurationSetArn as string)['Fn::Join'][1].at(-1);
    expect(importedValue(synth.stateful.template, configurationSetImport)).toEqual({
      Ref: statefulId('AWS::SES::ConfigurationSet'),
    });
    const identityImport = JSON.parse(identityArn as string)['Fn::Join'][1].at(-1);
    expect(importedValue(synth.stateful.template, identityImport)).toEqual({
      Ref: logicalIdOf(synth.stateful.stack, synth.stateful.stack.senderIdentity),
    });
  });

  it('creates, deletes and reads schedules of its own group only', () => {
    const schedules = statement(dispatchRoleId(), 'scheduler:CreateSchedule');
    expect(actionsOf(schedules).sort()).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:GetSchedule',
    ]);
    const resources = resourcesOf(schedules);
    expect(resources).toHaveLength(1);
    expect(JSON.stringify(resources[0])).toMatch(
      new RegExp(`":schedule/${scheduleGroupName()}/\\*"\\]\\]\\}$`),
    );
  });

  it('may pass the scheduler role, to EventBridge Scheduler only', () => {
    expect(statement(dispatchRoleId(), 'iam:PassRole')).toMatchObject({
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [schedulerRoleId(), 'Arn'] },
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
  });

  it('reads and writes the table and its GSI1 (named, no wildcard), never scans', () => {
    const store = statement(dispatchRoleId(), 'dynamodb:PutItem');
    expect(actionsOf(store)).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect(actionsOf(store)).not.toContain('dynamodb:Scan');
    const [table, index] = resourcesOf(store) as Json[];
    expect(importedValue(synth.stateful.template, table)).toEqual({
      'Fn::GetAtt': [statefulId('AWS::DynamoDB::Table'), 'Arn'],
    });
    expect(index).toEqual({ 'Fn::Join': ['', [table, '/index/GSI1']] });
  });

  it('only reads objects from the bucket, under resumes/', () => {
    const read = statement(dispatchRoleId(), 's3:GetObject');
    expect(actionsOf(read)).toEqual(['s3:GetObject']);
    const [objects] = resourcesOf(read) as Json[];
    const [bucketArn, suffix] = (objects as { 'Fn::Join': [string, [unknown, string]] })['Fn::Join'][1];
    expect(suffix).toBe('/resumes/*');
    expect(importedValue(synth.stateful.template, bucketArn)).toEqual({
      'Fn::GetAtt': [statefulId('AWS::S3::Bucket'), 'Arn'],
    });
  });

  it('writes only to its own log group (no AWSLambdaBasicExecutionRole)', () => {
    const logs = statement(dispatchRoleId(), 'logs:PutLogEvents');
    expect(logs.Resource).toEqual({ 'Fn::GetAtt': [dispatchLogGroupId(), 'Arn'] });
    const role = synth.stateless.template.toJSON().Resources[dispatchRoleId()];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('scheduler role', () => {
  it('is assumable by EventBridge Scheduler from this account and schedule group only', () => {
    synth.stateless.template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                'aws:SourceArn': { 'Fn::GetAtt': [logicalId('AWS::Scheduler::ScheduleGroup'), 'Arn'] },
              },
            },
          },
        ],
      },
    });
  });

  it('may invoke dispatch and dead-letter to the queue, nothing else', () => {
    const statements = statementsOfRole(synth.stateless.template, schedulerRoleId());
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [dispatchFunction().id, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue'), 'Arn'] },
      },
    ]);
  });
});

describe('dead-letter queue and alarms', () => {
  it('is a standard queue, SQS-encrypted, kept 14 days, TLS only', () => {
    const { id, props } = onlyResource(synth.stateless.template, 'AWS::SQS::Queue');
    expect(props).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    synth.stateless.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: id }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('alarms on one visible dead letter', () => {
    synth.stateless.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue'), 'QueueName'] } },
      ],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: logicalId('AWS::SNS::Topic') }],
    });
  });

  it('alarms on one dispatch error in 5 minutes', () => {
    synth.stateless.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: dispatchFunction().id } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: logicalId('AWS::SNS::Topic') }],
    });
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('leaves no unacknowledged finding', () => {
    const report = synth.validationReport.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(report?.conclusion).toBe('success');
    expect(report?.violations).toEqual([]);
  });

  it('uses every acknowledgement, each with a reason (none stale)', () => {
    const report = synth.validationReport.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    // One suppressed finding per acknowledgement: the same id may be acknowledged on several scopes
    // (each function's runtime), and each of them must be in use.
    const used = report?.suppressedViolations?.map((s) => s.acknowledgedId) ?? [];
    const declared = nagAcknowledgements({
      stateful: synth.stateful.stack,
      stateless: synth.stateless.stack,
    });
    expect([...used].sort()).toEqual(declared.map((a) => a.id).sort());
    for (const a of declared) expect(a.reason.length).toBeGreaterThan(40);
  });

  it('leaves no error annotation on either stack', () => {
    // Read from the run's one assembly (Annotations.fromStack would synthesise the app again).
    for (const stack of [synth.stateful.stack, synth.stateless.stack]) {
      const messages = synth.assembly.getStackArtifact(stack.artifactId).messages;
      expect(messages.filter((m) => m.level === 'error')).toEqual([]);
    }
  });
});

describe('unsubscribe function', () => {
  const unsubscribeFunction = () => {
    const id = idOf(synth.stateless.stack.unsubscribe.function);
    return { id, props: synth.stateless.template.toJSON().Resources[id].Properties as Json };
  };

  it('is public through a Function URL without auth: the signed token is the authorisation', () => {
    synth.stateless.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [unsubscribeFunction().id, 'Arn'] },
    });
    expect(unsubscribeFunction().props).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler' });
  });

  it('may read and write the table and delete schedules, and nothing else', () => {
    const roleId = (unsubscribeFunction().props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const actions = statementsOfRole(synth.stateless.template, roleId)
      .flatMap((s) => actionsOf(s))
      .filter((a) => !a.startsWith('logs:'))
      .sort();
    expect(actions).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'scheduler:DeleteSchedule',
      'secretsmanager:GetSecretValue',
    ]);
  });
});

describe('resume function (resume mode link)', () => {
  const resumeFunction = () => {
    const id = idOf(synth.stateless.stack.resume.function);
    return { id, props: synth.stateless.template.toJSON().Resources[id].Properties as Json };
  };

  it('is public through a Function URL without auth: the signed, expiring token is the authorisation', () => {
    synth.stateless.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [resumeFunction().id, 'Arn'] },
    });
    expect(resumeFunction().props).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler' });
  });

  it('may only read the resumes (and the key ring its links are signed with)', () => {
    const roleId = (resumeFunction().props.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = statementsOfRole(synth.stateless.template, roleId).filter(
      (s) => !actionsOf(s).every((a) => a.startsWith('logs:')),
    );
    expect(statements.flatMap((s) => actionsOf(s)).sort()).toEqual([
      's3:GetObject',
      'secretsmanager:GetSecretValue',
    ]);
    expect(JSON.stringify(statements)).toContain('/resumes/*');
  });

  it('the emails link to it: dispatch and preview carry its URL', () => {
    const url = { 'Fn::GetAtt': [idOf(synth.stateless.stack.resume.url), 'FunctionUrl'] };
    expect(environment()[ENV.resumeBaseUrl]).toEqual(url);
  });
});
