/**
 * The stateless stack's alarms, to one SNS topic e-mailed to the REQUIRED `alarmEmail` setting
 * (confirm the subscription after the first deploy): a visible dead letter; for every rapport
 * function an error and a throttle in 5 minutes, and an operator-alert log line (a metric filter on
 * its log group: `operator attention needed`, which dispatch logs for sandbox, quota and paused-account
 * rejections, or SES's `Maximum sending rate exceeded`); and the account's SES bounce and complaint
 * rates nearing the levels where SES reviews the account. Each alarms and recovers, notifying both ways.
 *
 * Not a Construct node of its own: the topic and the alarms are created in the scope it is given
 * (the stack) under the ids they always had, so logical IDs and construct paths stay those of the
 * deployed stack.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RapportFunction } from './rapport-function.ts';

/** What a log line says when the operator must act (functions/handlers/dispatch.ts logs the first). */
export const OPERATOR_ALERT_TERMS = ['operator attention needed', 'Maximum sending rate exceeded'];
/** The metric every function's operator-alert filter counts into. */
export const OPERATOR_ALERT_METRIC = { namespace: 'Rapport', metricName: 'OperatorAlerts' } as const;
/**
 * SES puts an account under review at a 5% bounce rate and a 0.1% complaint rate (and may pause
 * sending at 10% and 0.5%): the alarms fire at those review levels.
 */
export const SES_REPUTATION_THRESHOLDS = { bounceRate: 0.05, complaintRate: 0.001 } as const;

export interface StatelessAlarmsProps {
  /** Where the topic's notifications are e-mailed. */
  alarmEmail: string;
  deadLetterQueue: sqs.IQueue;
  dispatch: lambda.IFunction;
  sesEvents: lambda.IFunction;
  inbound: lambda.IFunction;
  /**
   * The inbound function's log group: a reply that matched no contact (its `outcome: "unmatched"`
   * line) notifies the operations address (`alarmEmail`) to look at the unmatched inbox.
   */
  inboundLogGroup?: logs.ILogGroup;
}

const FIVE_MINUTES = Duration.minutes(5);

export class StatelessAlarms {
  readonly topic: sns.Topic;
  readonly deadLetters: cloudwatch.Alarm;
  readonly dispatchErrors: cloudwatch.Alarm;
  readonly sesEventsErrors: cloudwatch.Alarm;
  readonly inboundErrors: cloudwatch.Alarm;
  readonly bounceRate: cloudwatch.Alarm;
  readonly complaintRate: cloudwatch.Alarm;
  readonly operatorAlerts: cloudwatch.Alarm;
  readonly unmatchedReplies?: cloudwatch.Alarm;
  /** Every alarm by construct id (the per-function ones included once `watchEveryFunction` ran). */
  readonly byId = new Map<string, cloudwatch.Alarm>();
  private readonly notify: cloudwatchActions.SnsAction;

  constructor(
    private readonly scope: Construct,
    props: StatelessAlarmsProps,
  ) {
    this.topic = new sns.Topic(scope, 'Alarms', { displayName: 'rapport alarms', enforceSSL: true });
    this.topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    this.notify = new cloudwatchActions.SnsAction(this.topic);

    this.deadLetters = this.atLeastOnce(
      'DeadLettersAlarm',
      'A scheduled email or an SES event could not be delivered to its function (or the function failed it after retries): inspect and redrive the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );
    this.dispatchErrors = this.errorsAlarm(
      'Dispatch',
      props.dispatch,
      'The dispatch function failed at least once in 5 minutes: see its log group.',
    );
    this.sesEventsErrors = this.errorsAlarm(
      'SesEvents',
      props.sesEvents,
      'The ses-events function failed at least once in 5 minutes (a bounce or complaint may not be suppressed yet): see its log group.',
    );
    this.inboundErrors = this.errorsAlarm(
      'Inbound',
      props.inbound,
      'The inbound function failed at least once in 5 minutes (a reply may not be recorded yet; after retries it is in the dead-letter queue): see its log group.',
    );

    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      });
    this.bounceRate = this.alarm('SesBounceRateAlarm', {
      alarmDescription: `The account's SES bounce rate reached ${SES_REPUTATION_THRESHOLDS.bounceRate * 100}% (SES reviews the account there, pauses it at 10%): check the lists being imported.`,
      metric: reputation('Reputation.BounceRate'),
      threshold: SES_REPUTATION_THRESHOLDS.bounceRate,
    });
    this.complaintRate = this.alarm('SesComplaintRateAlarm', {
      alarmDescription: `The account's SES complaint rate reached ${SES_REPUTATION_THRESHOLDS.complaintRate * 100}% (SES reviews the account there, pauses it at 0.5%): check who is being written to.`,
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_REPUTATION_THRESHOLDS.complaintRate,
    });
    this.operatorAlerts = this.atLeastOnce(
      'OperatorAlertsAlarm',
      'A function logged an operator alert (SES sandbox or quota rejection, sending paused, sending rate exceeded, retries exhausted): search its log group for "operator attention needed".',
      new cloudwatch.Metric({
        ...OPERATOR_ALERT_METRIC,
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.SUM,
      }),
    );
    if (props.inboundLogGroup) {
      const unmatched = new logs.MetricFilter(scope, 'UnmatchedRepliesFilter', {
        logGroup: props.inboundLogGroup,
        filterPattern: logs.FilterPattern.stringValue('$.outcome', '=', 'unmatched'),
        metricNamespace: 'rapport',
        metricName: 'UnmatchedReplies',
        metricValue: '1',
      });
      this.unmatchedReplies = this.atLeastOnce(
        'UnmatchedRepliesAlarm',
        'A reply matched no contact: it is kept in the unmatched inbox (`rapport replies --state unmatched`); attach it to its contact (`rapport replies attach`).',
        unmatched.metric({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      );
    }
  }

  /**
   * For every rapport function in the stack: an errors alarm (unless it has one), a throttles alarm,
   * and the operator-alert metric filter on its log group. Run once, after the stack is complete.
   */
  watchEveryFunction(stack: Stack): void {
    const functions = stack.node.findAll().filter((c): c is RapportFunction => c instanceof RapportFunction);
    for (const fn of functions) {
      const name = fn.node.id;
      if (!this.byId.has(`${name}ErrorsAlarm`)) {
        this.errorsAlarm(
          name,
          fn.function,
          `The ${name} function failed at least once in 5 minutes: see its log group.`,
        );
      }
      this.atLeastOnce(
        `${name}ThrottlesAlarm`,
        `The ${name} function was throttled at least once in 5 minutes (account concurrency or its reservation exhausted).`,
        fn.function.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
      );
      new logs.MetricFilter(this.scope, `${name}OperatorAlertFilter`, {
        logGroup: fn.logGroup,
        filterPattern: logs.FilterPattern.anyTerm(...OPERATOR_ALERT_TERMS),
        metricNamespace: OPERATOR_ALERT_METRIC.namespace,
        metricName: OPERATOR_ALERT_METRIC.metricName,
        metricValue: '1',
      });
    }
  }

  private errorsAlarm(name: string, fn: lambda.IFunction, description: string): cloudwatch.Alarm {
    return this.atLeastOnce(
      `${name}ErrorsAlarm`,
      description,
      fn.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    );
  }

  /** Alarms (and recovers, notifying both ways) when `metric` reaches 1 in its period. */
  private atLeastOnce(id: string, alarmDescription: string, metric: cloudwatch.IMetric): cloudwatch.Alarm {
    return this.alarm(id, { alarmDescription, metric, threshold: 1 });
  }

  private alarm(
    id: string,
    props: { alarmDescription: string; metric: cloudwatch.IMetric; threshold: number },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this.scope, id, {
      ...props,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.notify);
    alarm.addOkAction(this.notify);
    this.byId.set(id, alarm);
    return alarm;
  }
}
