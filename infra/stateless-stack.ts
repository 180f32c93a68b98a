/**
 * The code and what only the code needs: the dispatch function, the schedule group its one-time
 * schedules live in, the role EventBridge Scheduler invokes it with, the ses-events function and the
 * EventBridge rule that feeds it SES's events, the inbound function and the SES receipt rule set that
 * stores replies in the bucket and hands them to it, the dead-letter queue for deliveries that could
 * not be made, and the alarms. Redeploying this stack never touches the table,
 * the bucket or the SES setup (they come from the stateful stack through props).
 *
 * Pending schedules are live state too, so the schedule group is RETAINed: deleting this stack
 * leaves the group and its schedules (they fail into nothing until the stack is back; recreating the
 * stack then needs the old group imported or deleted first). The table stays the source of truth
 * (each contact's plan), so schedules can always be recreated from it.
 */
import {
  ArnFormat,
  CfnOutput,
  CfnParameter,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
import { INBOUND_OBJECT_PREFIX, QUARANTINE_OBJECT_PREFIX } from '#shared/inbound.ts';
import { CONFIGURATION_SET_TAG, SES_DETAIL_TYPES, SES_EVENT_SOURCE } from '#shared/ses-event-types.ts';
import { RapportFunction } from './constructs/rapport-function.ts';
import type { Settings } from './settings.ts';

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

/** What the scheduler adapter does on the dispatch path. */
export const SCHEDULE_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:DeleteSchedule',
  'scheduler:GetSchedule',
];

/** What the ses-events function does to schedules: a suppressed contact's are deleted, none created. */
export const SES_EVENTS_SCHEDULE_ACTIONS = ['scheduler:DeleteSchedule'];
/** Unsubscribing reads the contact, writes the suppression and the transition, deletes schedules. */
export const UNSUBSCRIBE_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** The inbound function reads raw mail, copies a quarantined one and deletes the original: objects only. */
export const INBOUND_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
/** The inbound function only creates the one-time schedule that forwards a reply (dispatch sends it). */
export const INBOUND_SCHEDULE_ACTIONS = ['scheduler:CreateSchedule'];

/** EventBridge retries delivering an SES event to the function this often (then: dead-letter queue). */
export const SES_EVENTS_RETRY_ATTEMPTS = 8;

/** Functions that never build an unsubscribe link still need the variable (one config for all). */
const NO_LINKS_BUILT_HERE = 'https://unsubscribe.invalid/';

export interface StatelessStackProps extends StackProps {
  settings: Settings;
  bundlesDir: string;
  table: dynamodb.ITable;
  /** ARNs of the table's indexes (the store queries GSI1). */
  tableIndexArns: string[];
  bucket: s3.IBucket;
  configurationSet: ses.IConfigurationSet;
  senderIdentity: ses.IEmailIdentity;
}

export class StatelessStack extends Stack {
  readonly dispatch: RapportFunction;
  readonly sesEvents: RapportFunction;
  readonly sesEventsRule: events.Rule;
  readonly unsubscribe: RapportFunction;
  readonly inbound: RapportFunction;
  readonly receiptRuleSet: ses.ReceiptRuleSet;
  readonly receiptRule: ses.ReceiptRule;
  readonly unsubscribeUrl: lambda.FunctionUrl;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly dispatchErrorsAlarm: cloudwatch.Alarm;
  readonly sesEventsErrorsAlarm: cloudwatch.Alarm;
  readonly inboundErrorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // Not a Secrets Manager secret: the functions read their configuration from the environment and
    // fetch nothing at runtime. A NoEcho parameter keeps the value out of cdk.json, the synthesized
    // template and the CLI's context; give it on the first deploy
    // (`--parameters <stack>:UnsubscribeSecret=$(openssl rand -hex 32)`), later deploys keep it.
    const unsubscribeSecret = new CfnParameter(this, 'UnsubscribeSecret', {
      type: 'String',
      noEcho: true,
      minLength: 32,
      description:
        'HMAC key of the signed unsubscribe links (at least 32 characters). Changing it voids sent links.',
    });

    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Standard queue (Scheduler requires one). It receives both the schedules Scheduler could not
    // deliver and the asynchronous invocations whose Lambda retries ran out; both carry the
    // schedule's payload as the message body, so one redrive tool serves both. The SES events that
    // EventBridge could not deliver to ses-events (or that failed there) land here too, as the
    // EventBridge event (`source: aws.ses`): a redrive tells them apart by that.
    this.deadLetterQueue = new sqs.Queue(this, 'DispatchDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // The name is fixed so that the function's own ARN can be in its environment (the target of the
    // schedules it creates) without a reference from the function to itself.
    const dispatchName = `${this.stackName}-dispatch`.slice(0, 64);
    const dispatchArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: dispatchName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to deliver rapport schedules to the dispatch function',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': this.scheduleGroup.scheduleGroupArn,
          },
        },
      }),
    });

    const baseEnvironment: Record<string, string> = {
      [ENV.tableName]: props.table.tableName,
      [ENV.bucketName]: props.bucket.bucketName,
      [ENV.scheduleGroup]: this.scheduleGroup.scheduleGroupName,
      [ENV.dispatchArn]: dispatchArn,
      [ENV.schedulerRoleArn]: this.schedulerRole.roleArn,
      [ENV.deadLetterArn]: this.deadLetterQueue.queueArn,
      [ENV.configurationSet]: props.configurationSet.configurationSetName,
      [ENV.consultancyName]: settings.consultancyName,
      [ENV.brandColor]: settings.brandColor,
      [ENV.logoUrl]: settings.logoUrl,
      [ENV.postalAddress]: settings.postalAddress,
      [ENV.senderDomain]: settings.senderDomain,
      [ENV.inboundDomain]: settings.inboundDomain,
      [ENV.unsubscribeSecret]: unsubscribeSecret.valueAsString,
    };

    /** Functions that never build an unsubscribe link (the variable is still required by the config). */
    const noLinksEnvironment = {
      [ENV.unsubscribeBaseUrl]: settings.unsubscribeBaseUrl || NO_LINKS_BUILT_HERE,
    };

    // The public one-click unsubscribe (RFC 8058): a Function URL without auth — the signed token in
    // the link is the authorisation. Links point at it unless a custom domain is configured.
    this.unsubscribe = new RapportFunction(this, 'Unsubscribe', {
      handler: 'unsubscribe',
      bundlesDir: props.bundlesDir,
      description: 'rapport unsubscribe: the one-click List-Unsubscribe endpoint and its confirmation page',
      baseEnvironment,
      // This function never builds links; its own URL here would be a reference to itself.
      environment: noLinksEnvironment,
    });
    this.unsubscribeUrl = this.unsubscribe.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });
    const linkBase = settings.unsubscribeBaseUrl || this.unsubscribeUrl.url;
    new CfnOutput(this, 'UnsubscribeUrl', {
      value: this.unsubscribeUrl.url,
      description:
        'The one-click unsubscribe endpoint (front it with a custom domain via the unsubscribeBaseUrl setting)',
    });

    this.dispatch = new RapportFunction(this, 'Dispatch', {
      handler: 'dispatch',
      bundlesDir: props.bundlesDir,
      functionName: dispatchName,
      description: 'rapport dispatch: sends one scheduled email and plans what follows',
      baseEnvironment,
      environment: { [ENV.unsubscribeBaseUrl]: linkBase },
      deadLetterQueue: this.deadLetterQueue,
    });
    const dispatchFn = this.dispatch.function;

    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [dispatchFn.functionArn] }),
    );
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }),
    );

    const configurationSetArn = this.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: props.configurationSet.configurationSetName,
    });
    const scheduleArns = this.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroup.scheduleGroupName}/*`,
    });
    // Statements more than one function needs (each function's own are next to it).
    const storeStatement = new iam.PolicyStatement({
      sid: 'Store',
      actions: TABLE_ACTIONS,
      resources: [props.table.tableArn, ...props.tableIndexArns],
    });
    const passSchedulerRole = new iam.PolicyStatement({
      sid: 'PassSchedulerRole',
      actions: ['iam:PassRole'],
      resources: [this.schedulerRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
    const grant = (fn: lambda.IFunction, statements: iam.PolicyStatement[]) => {
      for (const statement of statements) fn.addToRolePolicy(statement);
    };
    grant(dispatchFn, [
      storeStatement,
      new iam.PolicyStatement({
        sid: 'ReadResumes',
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects('*')],
      }),
      // Sending through a configuration set is authorised on the set too (grantSendEmail omits it).
      new iam.PolicyStatement({
        sid: 'Send',
        actions: ['ses:SendRawEmail'],
        resources: [props.senderIdentity.emailIdentityArn, configurationSetArn],
      }),
      new iam.PolicyStatement({ sid: 'Schedules', actions: SCHEDULE_ACTIONS, resources: [scheduleArns] }),
      passSchedulerRole,
    ]);

    // SES feedback: the configuration set publishes to the default bus; this rule forwards the events
    // rapport acts on (of its own configuration set only) to the ses-events function.
    this.sesEvents = new RapportFunction(this, 'SesEvents', {
      handler: 'ses-events',
      bundlesDir: props.bundlesDir,
      description:
        'rapport ses-events: records SES Send events, suppresses bounced and complaining addresses',
      baseEnvironment,
      environment: noLinksEnvironment,
      deadLetterQueue: this.deadLetterQueue,
    });
    const sesEventsFn = this.sesEvents.function;
    grant(sesEventsFn, [
      storeStatement,
      // A suppressed contact's plan is emptied: its schedules are deleted. Nothing is created (so no
      // iam:PassRole) and nothing is sent (no SES, no bucket): see functions/handlers/ses-events.ts.
      new iam.PolicyStatement({
        sid: 'DeleteSchedules',
        actions: SES_EVENTS_SCHEDULE_ACTIONS,
        resources: [scheduleArns],
      }),
    ]);
    const unsubscribeFn = this.unsubscribe.function;
    grant(unsubscribeFn, [
      new iam.PolicyStatement({
        sid: 'Store',
        actions: UNSUBSCRIBE_TABLE_ACTIONS,
        resources: [props.table.tableArn],
      }),
      // An unsubscribed contact's plan is emptied; nothing is created or sent.
      new iam.PolicyStatement({
        sid: 'DeleteSchedules',
        actions: SES_EVENTS_SCHEDULE_ACTIONS,
        resources: [scheduleArns],
      }),
    ]);
    this.sesEventsRule = new events.Rule(this, 'SesEventsRule', {
      description:
        "rapport: SES Send, Bounce and Complaint events of rapport's configuration set, to the ses-events function",
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...SES_DETAIL_TYPES],
        detail: {
          mail: { tags: { [CONFIGURATION_SET_TAG]: [props.configurationSet.configurationSetName] } },
        },
      },
    });
    this.sesEventsRule.addTarget(
      new eventsTargets.LambdaFunction(sesEventsFn, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: SES_EVENTS_RETRY_ATTEMPTS,
        maxEventAge: Duration.hours(24),
      }),
    );

    // Replies: SES stores the raw message in the bucket (a Lambda action gets headers and verdicts but
    // no body), then invokes the inbound function asynchronously (Event: SES does not wait, Lambda
    // retries, and what still fails lands in the dead-letter queue) with the message id it stored under.
    this.inbound = new RapportFunction(this, 'Inbound', {
      handler: 'inbound',
      bundlesDir: props.bundlesDir,
      description:
        'rapport inbound: reads a reply SES stored, quarantines spam and viruses, records it, schedules its forward',
      baseEnvironment,
      environment: noLinksEnvironment,
      deadLetterQueue: this.deadLetterQueue,
    });
    const inboundFn = this.inbound.function;
    grant(inboundFn, [
      storeStatement,
      // Raw mail under inbound/ (read; deleted once quarantined) and the quarantine/ copy: nothing else
      // in the bucket (no resumes).
      new iam.PolicyStatement({
        sid: 'InboundMail',
        actions: INBOUND_OBJECT_ACTIONS,
        resources: [
          props.bucket.arnForObjects(`${INBOUND_OBJECT_PREFIX}*`),
          props.bucket.arnForObjects(`${QUARANTINE_OBJECT_PREFIX}*`),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'CreateSchedules',
        actions: INBOUND_SCHEDULE_ACTIONS,
        resources: [scheduleArns],
      }),
      passSchedulerRole,
    ]);

    // The rule set lives here, next to the function it invokes. The S3 action adds its statement
    // (ses.amazonaws.com may s3:PutObject on inbound/*, from this account) to the bucket's policy in
    // the stateful stack: it names only the bucket and the account, so the reference still runs one
    // way (stateless -> stateful) and the rule waits for that policy. SES keeps ONE active rule set
    // per region: this one must be activated once (see the InboundActivation output).
    this.receiptRuleSet = new ses.ReceiptRuleSet(this, 'InboundRuleSet');
    this.receiptRule = this.receiptRuleSet.addRule('Replies', {
      recipients: [settings.inboundDomain],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new sesActions.S3({ bucket: props.bucket, objectKeyPrefix: INBOUND_OBJECT_PREFIX }),
        new sesActions.Lambda({
          function: inboundFn,
          invocationType: sesActions.LambdaInvocationType.EVENT,
        }),
      ],
    });
    new CfnOutput(this, 'InboundActivation', {
      description:
        'Run once after the first deploy: SES has one active receipt rule set per region (this replaces any other)',
      value: `aws ses set-active-receipt-rule-set --rule-set-name ${this.receiptRuleSet.receiptRuleSetName} --region ${this.region}`,
    });
    new CfnOutput(this, 'InboundMxRecord', {
      description: `MX record to publish for ${settings.inboundDomain} (replies reach SES only through it)`,
      value: `${settings.inboundDomain} MX 10 inbound-smtp.${this.region}.amazonaws.com`,
    });

    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: 'rapport alarms', enforceSSL: true });
    if (settings.alarmEmail) {
      this.alarmTopic.addSubscription(new snsSubscriptions.EmailSubscription(settings.alarmEmail));
    }
    const notify = new cloudwatchActions.SnsAction(this.alarmTopic);
    /** Alarms (and recovers, notifying both ways) when `metric` reaches 1 in a 5-minute period. */
    const atLeastOnce = (id: string, alarmDescription: string, metric: cloudwatch.IMetric) => {
      const alarm = new cloudwatch.Alarm(this, id, {
        alarmDescription,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      return alarm;
    };
    const errorsOf = (fn: lambda.IFunction) =>
      fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM });

    this.deadLetterAlarm = atLeastOnce(
      'DeadLettersAlarm',
      'A scheduled email or an SES event could not be delivered to its function (or the function failed it after retries): inspect and redrive the dead-letter queue.',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );
    this.dispatchErrorsAlarm = atLeastOnce(
      'DispatchErrorsAlarm',
      'The dispatch function failed at least once in 5 minutes: see its log group.',
      errorsOf(dispatchFn),
    );
    this.sesEventsErrorsAlarm = atLeastOnce(
      'SesEventsErrorsAlarm',
      'The ses-events function failed at least once in 5 minutes (a bounce or complaint may not be suppressed yet): see its log group.',
      errorsOf(sesEventsFn),
    );
    this.inboundErrorsAlarm = atLeastOnce(
      'InboundErrorsAlarm',
      'The inbound function failed at least once in 5 minutes (a reply may not be recorded yet; after retries it is in the dead-letter queue): see its log group.',
      errorsOf(inboundFn),
    );
  }
}
