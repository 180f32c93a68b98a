/**
 * What the stateless stack hands each of its function constructs: the bundles and the base
 * environment, the stateful resources, the scheduling plumbing every function shares (schedule
 * group ARNs, scheduler role, dead-letter queue), and the IAM statements more than one function
 * needs (each function's own statements are in its construct).
 */
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
import type { Settings } from '../settings.ts';

/** What the store does to the table: item reads and writes, transactions, queries. Never a scan. */
export const TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** What ses-events and unsubscribe do to schedules: a suppressed contact's are deleted, none created. */
export const DELETE_SCHEDULE_ACTIONS = ['scheduler:DeleteSchedule'];

/** Functions that never build an unsubscribe link still need the variable (one config for all). */
const NO_LINKS_BUILT_HERE = 'https://unsubscribe.invalid/';

export interface StatelessWiring {
  settings: Settings;
  /** Where `bundleHandlers` wrote the bundles. */
  bundlesDir: string;
  /** The variables every function gets (table, bucket, scheduling, SES, mail settings). */
  baseEnvironment: Record<string, string>;
  table: dynamodb.ITable;
  /** ARNs of the table's indexes (the store queries GSI1). */
  tableIndexArns: string[];
  bucket: s3.IBucket;
  configurationSet: ses.IConfigurationSet;
  senderIdentity: ses.IEmailIdentity;
  /** Deliveries that could not be made: failed schedules, asynchronous invocations, SES events. */
  deadLetterQueue: sqs.IQueue;
  /** The role EventBridge Scheduler delivers rapport's schedules with. */
  schedulerRole: iam.IRole;
  /** Every schedule in rapport's group (`…:schedule/<group>/*`). */
  scheduleArns: string;
}

/** The own variables of a function that never builds an unsubscribe link (the config still requires it). */
export function noLinksEnvironment(settings: Settings): Record<string, string> {
  return { [ENV.unsubscribeBaseUrl]: settings.unsubscribeBaseUrl || NO_LINKS_BUILT_HERE };
}

/** The store's reads and writes on the table and its indexes. */
export function storeStatement(wiring: StatelessWiring): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'Store',
    actions: TABLE_ACTIONS,
    resources: [wiring.table.tableArn, ...wiring.tableIndexArns],
  });
}

/** Creating a schedule names the scheduler role: it may be passed, to EventBridge Scheduler only. */
export function passSchedulerRoleStatement(wiring: StatelessWiring): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'PassSchedulerRole',
    actions: ['iam:PassRole'],
    resources: [wiring.schedulerRole.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
  });
}

/** Emptying a contact's plan: its schedules in rapport's group are deleted. */
export function deleteSchedulesStatement(wiring: StatelessWiring): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'DeleteSchedules',
    actions: DELETE_SCHEDULE_ACTIONS,
    resources: [wiring.scheduleArns],
  });
}

/**
 * Notices to the operations address (a campaign that paused itself, an unmatched reply): a plain-text
 * raw email through the sender identity and rapport's configuration set, nothing else.
 */
export function operationsNoticesStatement(scope: Construct, wiring: StatelessWiring): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'OperationsNotices',
    actions: ['ses:SendRawEmail'],
    resources: [
      wiring.senderIdentity.emailIdentityArn,
      Stack.of(scope).formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: wiring.configurationSet.configurationSetName,
      }),
    ],
  });
}

/** Adds the statements, in order, to the function's execution role. */
export function grant(fn: lambda.IFunction, statements: iam.PolicyStatement[]): void {
  for (const statement of statements) fn.addToRolePolicy(statement);
}
