/**
 * The synthesised policies read as AWS would (test/infra/iam-contract/policy.ts): intrinsics resolved
 * for a fixed account and region, IAM's wildcards, conditions.
 */
import { describe, expect, it } from 'vitest';
import {
  allowing,
  conditionHolds,
  type Environment,
  resolve,
  statementsOf,
  wildcardMatches,
} from '../../infra/iam-contract/policy.ts';

// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
const SCHEDULES_SUB = 'arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${Group}/*';

const env: Environment = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '111122223333',
  stacks: {
    Data: {
      Resources: {
        Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
        Identity: { Type: 'AWS::SES::EmailIdentity', Properties: { EmailIdentity: 'mail.example.com' } },
      },
      Outputs: {
        TableArn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] }, Export: { Name: 'Data:TableArn' } },
      },
    },
    Code: {
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
        Other: { Type: 'AWS::IAM::Role', Properties: {} },
        Group: { Type: 'AWS::Scheduler::ScheduleGroup', Properties: { Name: 'rapport' } },
        Policy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Role' }],
            PolicyDocument: {
              Statement: [
                {
                  Sid: 'Store',
                  Effect: 'Allow',
                  Action: ['dynamodb:GetItem', 'dynamodb:Query'],
                  Resource: [
                    { 'Fn::ImportValue': 'Data:TableArn' },
                    { 'Fn::Join': ['', [{ 'Fn::ImportValue': 'Data:TableArn' }, '/index/GSI1']] },
                  ],
                },
                {
                  Sid: 'Schedules',
                  Effect: 'Allow',
                  Action: 'scheduler:*Schedule',
                  Resource: { 'Fn::Sub': SCHEDULES_SUB },
                },
              ],
            },
          },
        },
        OtherPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            Roles: [{ Ref: 'Other' }],
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
          },
        },
      },
    },
  },
};

describe('resolving intrinsics', () => {
  it('Ref, Fn::GetAtt Arn, Fn::Join, Fn::Sub and Fn::ImportValue of the exporting stack', () => {
    expect(resolve(env, 'Data', { Ref: 'Identity' })).toBe('mail.example.com');
    expect(resolve(env, 'Code', { 'Fn::ImportValue': 'Data:TableArn' })).toBe(
      'arn:aws:dynamodb:eu-west-1:111122223333:table/Data-Table',
    );
    expect(resolve(env, 'Code', { 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(
      'arn:aws:iam::111122223333:role/Code-Role',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    expect(resolve(env, 'Code', { 'Fn::Sub': ['${A}-${AWS::Region}', { A: { Ref: 'Group' } }] })).toBe(
      'rapport-eu-west-1',
    );
    expect(() => resolve(env, 'Code', { 'Fn::If': ['c', 'a', 'b'] })).toThrow(/unresolved intrinsic Fn::If/);
    expect(() => resolve(env, 'Code', { 'Fn::ImportValue': 'Nope' })).toThrow(/no stack exports Nope/);
  });

  it("a role's statements are those of the policies attached to it, resolved", () => {
    const statements = statementsOf(env, 'Code', 'Role');
    expect(statements.map((s) => s.sid)).toEqual(['Store', 'Schedules']);
    expect(statements[1]?.resources).toEqual(['arn:aws:scheduler:eu-west-1:111122223333:schedule/rapport/*']);
  });
});

describe("IAM's matching", () => {
  const statements = statementsOf(env, 'Code', 'Role');
  const table = 'arn:aws:dynamodb:eu-west-1:111122223333:table/Data-Table';

  it('`*` spans any characters (also `/` and `:`), `?` exactly one; actions case-insensitive, resources not', () => {
    expect(wildcardMatches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/inbound/a/b')).toBe(true);
    expect(wildcardMatches('arn:aws:s3:::b/?', 'arn:aws:s3:::b/ab')).toBe(false);
    expect(wildcardMatches('arn:aws:s3:::b/a?', 'arn:aws:s3:::b/ab')).toBe(true);
    expect(allowing(statements, 'DynamoDB:getitem', table)).toHaveLength(1);
    expect(allowing(statements, 'dynamodb:GetItem', table.toUpperCase())).toHaveLength(0);
  });

  it('an action wildcard covers the actions it spells; the index needs its own ARN', () => {
    const schedule = 'arn:aws:scheduler:eu-west-1:111122223333:schedule/rapport/c1.outreach.v1';
    expect(allowing(statements, 'scheduler:DeleteSchedule', schedule)).toHaveLength(1);
    expect(allowing(statements, 'scheduler:ListSchedules', schedule)).toHaveLength(0);
    expect(allowing(statements, 'dynamodb:Query', `${table}/index/GSI1`)).toHaveLength(1);
    expect(allowing(statements, 'dynamodb:Query', `${table}/index/GSI2`)).toHaveLength(0);
    expect(allowing(statements, 'dynamodb:PutItem', table)).toHaveLength(0);
  });

  it("another role's grants do not count", () => {
    expect(allowing(statements, 's3:GetObject', 'arn:aws:s3:::b/k')).toHaveLength(0);
  });

  it('conditions: StringEquals and StringLike checked against the request keys, others assumed', () => {
    const like = { StringLike: { 's3:prefix': ['inbound/*', 'quarantine/*'] } };
    expect(conditionHolds(like, { 's3:prefix': 'inbound/m1' })).toEqual({ holds: true, unchecked: [] });
    expect(conditionHolds(like, { 's3:prefix': 'resumes/r' }).holds).toBe(false);
    const pass = { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } };
    expect(conditionHolds(pass, { 'iam:PassedToService': 'lambda.amazonaws.com' }).holds).toBe(false);
    expect(conditionHolds({ Bool: { 'aws:SecureTransport': 'true' } }, {})).toEqual({
      holds: true,
      unchecked: ['Bool aws:SecureTransport "true"'],
    });
  });
});
