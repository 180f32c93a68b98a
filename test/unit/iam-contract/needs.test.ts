/**
 * The IAM needs table (test/infra/iam-contract/needs.ts): one test per special case of the mapping
 * from a recorded call to the (action, resource) pairs IAM checks.
 */
import { describe, expect, it } from 'vitest';
import { type Deployed, needsOf } from '../../infra/iam-contract/needs.ts';

const D: Deployed = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '111122223333',
  table: 'RapportTable',
  bucket: 'rapport-mail',
  scheduleGroup: 'rapport',
  schedulerRoleArn: 'arn:aws:iam::111122223333:role/rapport-scheduler',
  configurationSet: 'rapport-set',
  senderIdentity: 'mail.example.com',
  jobsFunction: 'RapportStateless-Jobs',
};
const TABLE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/RapportTable';
const pairs = (service: string, operation: string, input: Record<string, unknown>, d = D) =>
  needsOf({ service, operation, input }, d).map((n) => [n.action, n.resource]);

describe('IAM needs of a recorded call', () => {
  it('TransactWriteItems needs PutItem/UpdateItem/DeleteItem/ConditionCheckItem, one per item, on the table', () => {
    const items = [
      { Put: { TableName: 'test-table', Item: {} } },
      { Update: { TableName: 'test-table', Key: {} } },
      { Delete: { TableName: 'test-table', Key: {} } },
      { ConditionCheck: { TableName: 'test-table', Key: {} } },
    ];
    expect(pairs('DynamoDB', 'TransactWriteItems', { TransactItems: items })).toEqual([
      ['dynamodb:PutItem', TABLE],
      ['dynamodb:UpdateItem', TABLE],
      ['dynamodb:DeleteItem', TABLE],
      ['dynamodb:ConditionCheckItem', TABLE],
    ]);
  });

  it('a Query on a GSI needs the index ARN; on the table, the table ARN', () => {
    expect(pairs('DynamoDB', 'Query', { TableName: 't', IndexName: 'GSI1' })).toEqual([
      ['dynamodb:Query', `${TABLE}/index/GSI1`],
    ]);
    expect(pairs('DynamoDB', 'Query', { TableName: 't' })).toEqual([['dynamodb:Query', TABLE]]);
  });

  it('CreateSchedule needs scheduler:CreateSchedule on the schedule and iam:PassRole on the target role (to Scheduler)', () => {
    const needs = needsOf(
      {
        service: 'Scheduler',
        operation: 'CreateSchedule',
        input: { GroupName: 'test-group', Name: 'c1.follow-up-1.v1', Target: { RoleArn: 'arn:test-role' } },
      },
      D,
    );
    expect(needs).toEqual([
      {
        action: 'scheduler:CreateSchedule',
        resource: 'arn:aws:scheduler:eu-west-1:111122223333:schedule/rapport/c1.follow-up-1.v1',
      },
      {
        action: 'iam:PassRole',
        resource: D.schedulerRoleArn,
        context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
      },
    ]);
    expect(() => pairs('Scheduler', 'CreateSchedule', { Name: 'x' })).toThrow(/without a target role/);
  });

  it('DeleteSchedule needs scheduler:DeleteSchedule on the schedule in the deployed group', () => {
    expect(pairs('Scheduler', 'DeleteSchedule', { GroupName: 'test', Name: 'c1.outreach.v1' })).toEqual([
      [
        'scheduler:DeleteSchedule',
        'arn:aws:scheduler:eu-west-1:111122223333:schedule/rapport/c1.outreach.v1',
      ],
    ]);
  });

  it('SendRawEmail needs the identity and the configuration set; without a set, the identity only', () => {
    expect(pairs('SES', 'SendRawEmail', { ConfigurationSetName: 'test-set', RawMessage: {} })).toEqual([
      ['ses:SendRawEmail', 'arn:aws:ses:eu-west-1:111122223333:identity/mail.example.com'],
      ['ses:SendRawEmail', 'arn:aws:ses:eu-west-1:111122223333:configuration-set/rapport-set'],
    ]);
    expect(pairs('SES', 'SendEmail', {})).toEqual([
      ['ses:SendEmail', 'arn:aws:ses:eu-west-1:111122223333:identity/mail.example.com'],
    ]);
  });

  it('S3 object operations need the object ARN (HeadObject is s3:GetObject; a versioned delete its own action)', () => {
    expect(pairs('S3', 'GetObject', { Bucket: 'b', Key: 'resumes/r.pdf' })).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::rapport-mail/resumes/r.pdf'],
    ]);
    expect(pairs('S3', 'HeadObject', { Bucket: 'b', Key: 'imports/i.csv' })).toEqual([
      ['s3:GetObject', 'arn:aws:s3:::rapport-mail/imports/i.csv'],
    ]);
    expect(pairs('S3', 'PutObject', { Bucket: 'b', Key: 'quarantine/q' })).toEqual([
      ['s3:PutObject', 'arn:aws:s3:::rapport-mail/quarantine/q'],
    ]);
    expect(pairs('S3', 'DeleteObject', { Bucket: 'b', Key: 'inbound/m', VersionId: 'v1' })).toEqual([
      ['s3:DeleteObjectVersion', 'arn:aws:s3:::rapport-mail/inbound/m'],
    ]);
    expect(
      pairs('S3', 'DeleteObjects', {
        Delete: { Objects: [{ Key: 'inbound/a', VersionId: 'v' }, { Key: 'inbound/b' }] },
      }),
    ).toEqual([
      ['s3:DeleteObjectVersion', 'arn:aws:s3:::rapport-mail/inbound/a'],
      ['s3:DeleteObject', 'arn:aws:s3:::rapport-mail/inbound/b'],
    ]);
  });

  it('ListObjectVersions needs s3:ListBucketVersions on the bucket, with the prefix as a condition key', () => {
    expect(
      needsOf({ service: 'S3', operation: 'ListObjectVersions', input: { Prefix: 'inbound/m' } }, D),
    ).toEqual([
      {
        action: 's3:ListBucketVersions',
        resource: 'arn:aws:s3:::rapport-mail',
        context: { 's3:prefix': 'inbound/m' },
      },
    ]);
  });

  it('Lambda Invoke needs lambda:InvokeFunction on the deployed jobs function', () => {
    expect(pairs('Lambda', 'Invoke', { FunctionName: 'rapport-jobs' })).toEqual([
      ['lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:111122223333:function:RapportStateless-Jobs'],
    ]);
    const { jobsFunction: _, ...withoutJobs } = D;
    expect(pairs('Lambda', 'Invoke', { FunctionName: 'x' }, withoutJobs)[0]?.[1]).toMatch(/not set/);
  });

  it('a call the table does not know fails, naming it', () => {
    expect(() => pairs('DynamoDB', 'DeleteTable', {})).toThrow(/DynamoDB\.DeleteTable.*needs\.ts/);
  });
});
