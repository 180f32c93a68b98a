/**
 * The code and what only the code needs: the dispatch function, the schedule group its one-time
 * schedules live in, the role EventBridge Scheduler invokes it with, the ses-events function and the
 * EventBridge rule that feeds it SES's events, the inbound function and the SES receipt rule set that
 * stores replies in the bucket and hands them to it, the unsubscribe function and its URL, the
 * dead-letter queue for deliveries that could not be made, and the alarms. Redeploying this stack
 * never touches the table, the bucket or the SES setup (they come from the stateful stack through props).
 *
 * Here: what every function shares (the unsubscribe key ring, the schedule group, the scheduler role, the
 * dead-letter queue, the base environment); each function is one construct in `constructs/` (with
 * its permissions and its rule, URL or outputs), the alarms another. Those constructs keep the ids
 * and construct paths the resources always had — a changed logical ID would replace a deployed
 * resource, and a renamed schedule group would strand the schedules waiting in the old one — and
 * test/infra/logical-ids.test.ts lists every logical ID and physical name to keep it so.
 *
 * Pending schedules are live state too, so the schedule group is retained on update and delete
 * (RETAIN_ON_UPDATE_OR_DELETE; a failed first create still removes it, so a retry can create it
 * again): deleting this stack leaves the group and its schedules (they fail into nothing until the
 * stack is back; recreating the stack then needs the old group imported or deleted first). The table stays the source of truth
 * (each contact's plan), so schedules can always be recreated from it.
 */
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
import { StatelessAlarms } from './constructs/alarms.ts';
import { ApiFunction } from './constructs/api-function.ts';
import { CoachLogins } from './constructs/coach-logins.ts';
import { DashboardSite } from './constructs/dashboard-site.ts';
import { DispatchFunction, dispatchArn } from './constructs/dispatch-function.ts';
import { RapportHttpApi } from './constructs/http-api.ts';
import { InboundFunction } from './constructs/inbound-function.ts';
import { JobsFunction } from './constructs/jobs-function.ts';
import { ClassifyFunction, PreviewFunction } from './constructs/preview-function.ts';
import { ResumeFunction } from './constructs/resume-function.ts';
import { SesEventsFunction } from './constructs/ses-events-function.ts';
import type { StatelessWiring } from './constructs/stateless-wiring.ts';
import { UnsubscribeFunction } from './constructs/unsubscribe-function.ts';
import { readsUnsubscribeKeys, unsubscribeKeysSecret } from './constructs/unsubscribe-keys.ts';
import type { Settings } from './settings.ts';

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
  readonly dispatch: DispatchFunction;
  readonly sesEvents: SesEventsFunction;
  readonly sesEventsRule: events.Rule;
  readonly unsubscribe: UnsubscribeFunction;
  /** The public resume function (resume mode `link`) and its URL. */
  readonly resume: ResumeFunction;
  readonly inbound: InboundFunction;
  readonly receiptRuleSet: ses.ReceiptRuleSet;
  readonly receiptRule: ses.ReceiptRule;
  readonly unsubscribeUrl: lambda.FunctionUrl;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: StatelessAlarms;
  readonly alarmTopic: sns.Topic;
  readonly deadLetterAlarm: cloudwatch.Alarm;
  readonly dispatchErrorsAlarm: cloudwatch.Alarm;
  readonly sesEventsErrorsAlarm: cloudwatch.Alarm;
  readonly inboundErrorsAlarm: cloudwatch.Alarm;
  readonly jobs: JobsFunction;
  readonly preview: PreviewFunction;
  readonly classify: ClassifyFunction;
  readonly api: ApiFunction;
  readonly httpApi: RapportHttpApi;
  readonly coachLogins: CoachLogins;
  /** The coach's dashboard: the built web/ behind CloudFront, signing in through the hosted UI. */
  readonly dashboard: DashboardSite;
  readonly unsubscribeKeys: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;

    // The unsubscribe key ring: a secret generated by CloudFormation, fetched at run time by the
    // functions granted it below (constructs/unsubscribe-keys.ts); no key in any environment.
    this.unsubscribeKeys = unsubscribeKeysSecret(this);

    // Its name is generated from this id and path: never move or rename it (see the file comment).
    // Retained on update and delete, not on a failed first create: its name is fixed by its path, so a
    // group left behind by a rolled-back first deploy would make every retry fail "already exists".
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
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

    const wiring: StatelessWiring = {
      settings,
      bundlesDir: props.bundlesDir,
      baseEnvironment: {
        [ENV.tableName]: props.table.tableName,
        [ENV.bucketName]: props.bucket.bucketName,
        [ENV.scheduleGroup]: this.scheduleGroup.scheduleGroupName,
        [ENV.dispatchArn]: dispatchArn(this, dispatchName),
        [ENV.schedulerRoleArn]: this.schedulerRole.roleArn,
        [ENV.deadLetterArn]: this.deadLetterQueue.queueArn,
        [ENV.configurationSet]: props.configurationSet.configurationSetName,
        [ENV.consultancyName]: settings.consultancyName,
        [ENV.brandColor]: settings.brandColor,
        [ENV.logoUrl]: settings.logoUrl,
        [ENV.postalAddress]: settings.postalAddress,
        [ENV.senderDomain]: settings.senderDomain,
        [ENV.inboundDomain]: settings.inboundDomain,
        [ENV.unsubscribeKeysSecret]: this.unsubscribeKeys.secretArn,
        ...(settings.consultancyCountry ? { [ENV.consultancyCountry]: settings.consultancyCountry } : {}),
        [ENV.resumeLinkDays]: String(settings.resumeLinkDays),
      },
      table: props.table,
      tableIndexArns: props.tableIndexArns,
      bucket: props.bucket,
      configurationSet: props.configurationSet,
      senderIdentity: props.senderIdentity,
      deadLetterQueue: this.deadLetterQueue,
      schedulerRole: this.schedulerRole,
      scheduleArns: this.formatArn({
        service: 'scheduler',
        resource: 'schedule',
        resourceName: `${this.scheduleGroup.scheduleGroupName}/*`,
      }),
    };

    // The order below is the order of the resources in the template: keep it.
    this.unsubscribe = new UnsubscribeFunction(this, 'Unsubscribe', wiring);
    this.unsubscribeUrl = this.unsubscribe.url;
    this.resume = new ResumeFunction(this, 'Resume', wiring);
    const resumeBase = settings.resumeBaseUrl || this.resume.url.url;
    this.dispatch = new DispatchFunction(this, 'Dispatch', {
      wiring,
      functionName: dispatchName,
      linkBase: settings.unsubscribeBaseUrl || this.unsubscribeUrl.url,
      resumeBase,
    });
    this.sesEvents = new SesEventsFunction(this, 'SesEvents', wiring);
    this.sesEventsRule = this.sesEvents.rule;
    this.inbound = new InboundFunction(this, 'Inbound', wiring);
    this.receiptRuleSet = this.inbound.receiptRuleSet;
    this.receiptRule = this.inbound.receiptRule;

    const alarms = new StatelessAlarms(this, {
      alarmEmail: settings.alarmEmail,
      deadLetterQueue: this.deadLetterQueue,
      dispatch: this.dispatch.function,
      sesEvents: this.sesEvents.function,
      inbound: this.inbound.function,
      inboundLogGroup: this.inbound.logGroup,
    });
    this.alarms = alarms;
    this.alarmTopic = alarms.topic;
    this.deadLetterAlarm = alarms.deadLetters;
    this.dispatchErrorsAlarm = alarms.dispatchErrors;
    this.sesEventsErrorsAlarm = alarms.sesEventsErrors;
    this.inboundErrorsAlarm = alarms.inboundErrors;

    // The HTTP API (issue 9): the API function, the jobs it starts, the previews; IAM on every route.
    this.jobs = new JobsFunction(this, 'Jobs', wiring);
    this.preview = new PreviewFunction(this, 'Preview', {
      wiring,
      linkBase: settings.unsubscribeBaseUrl || this.unsubscribeUrl.url,
      resumeBase,
    });
    this.classify = new ClassifyFunction(this, 'Classify', wiring);
    this.api = new ApiFunction(this, 'Api', {
      wiring,
      jobs: this.jobs.function,
      inbound: this.inbound.function,
      preview: this.preview.function,
    });
    this.httpApi = new RapportHttpApi(this, 'HttpApi', {
      api: this.api.function,
      separate: { preview: this.preview.function, classify: this.classify.function },
    });
    // Coach logins (issue 11): the user pool and the second API, for people (JWT); see coach-logins.ts.
    // The dashboard (S3 + CloudFront) first, so the sign-in can call back to it; its files and config
    // (which name the sign-in) are published after.
    this.dashboard = new DashboardSite(this, 'Dashboard');
    this.coachLogins = new CoachLogins(this, 'CoachLogins', {
      domainPrefix: settings.loginDomainPrefix || `rapport-${this.account}`,
      dashboardUrl: settings.dashboardUrl || `${this.dashboard.url}/app/`,
      ...(settings.dashboardUrl ? {} : { dashboardOrigin: this.dashboard.url }),
      api: this.api.function,
      separate: { preview: this.preview.function, classify: this.classify.function },
    });
    this.dashboard.publish({
      apiUrl: this.coachLogins.jwtApi.url,
      cognitoDomain: this.coachLogins.domain.baseUrl(),
      userPoolClientId: this.coachLogins.dashboardClient.userPoolClientId,
    });

    // Every function that signs links (dispatch, preview), verifies them (unsubscribe, resume) or keys the
    // suppression list (all of those, ses-events, inbound, api, jobs) reads the ring; classify does not.
    for (const fn of [
      this.unsubscribe,
      this.resume,
      this.dispatch,
      this.sesEvents,
      this.inbound,
      this.jobs,
      this.preview,
      this.api,
    ]) {
      readsUnsubscribeKeys(fn.function, this.unsubscribeKeys);
    }
  }
}
