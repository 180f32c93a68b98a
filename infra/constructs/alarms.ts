/**
 * The stateless stack's alarms, to one SNS topic (e-mailed to `alarmEmail` when set): a visible dead
 * letter, and one error in 5 minutes of dispatch, ses-events or inbound. Each alarms and recovers,
 * notifying both ways.
 *
 * Not a Construct node of its own: the topic and the alarms are created in the scope it is given
 * (the stack) under the ids they always had, so logical IDs and construct paths stay those of the
 * deployed stack.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface StatelessAlarmsProps {
  /** Where the topic's notifications are e-mailed (none when empty). */
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

export class StatelessAlarms {
  readonly topic: sns.Topic;
  readonly deadLetters: cloudwatch.Alarm;
  readonly dispatchErrors: cloudwatch.Alarm;
  readonly sesEventsErrors: cloudwatch.Alarm;
  readonly inboundErrors: cloudwatch.Alarm;
  readonly unmatchedReplies?: cloudwatch.Alarm;

  constructor(scope: Construct, props: StatelessAlarmsProps) {
    this.topic = new sns.Topic(scope, 'Alarms', { displayName: 'rapport alarms', enforceSSL: true });
    if (props.alarmEmail) {
      this.topic.addSubscription(new snsSubscriptions.EmailSubscription(props.alarmEmail));
    }
    const notify = new cloudwatchActions.SnsAction(this.topic);
    /** Alarms (and recovers, notifying both ways) when `metric` reaches 1 in a 5-minute period. */
    const atLeastOnce = (id: string, alarmDescription: string, metric: cloudwatch.IMetric) => {
      const alarm = new cloudwatch.Alarm(scope, id, {
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

    this.deadLetters = atLeastOnce(
      'DeadLettersAlarm',
      'A scheduled email or an SES event could not be delivered to its function (or the function failed it after retries): inspect and redrive the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
    );
    this.dispatchErrors = atLeastOnce(
      'DispatchErrorsAlarm',
      'The dispatch function failed at least once in 5 minutes: see its log group.',
      errorsOf(props.dispatch),
    );
    this.sesEventsErrors = atLeastOnce(
      'SesEventsErrorsAlarm',
      'The ses-events function failed at least once in 5 minutes (a bounce or complaint may not be suppressed yet): see its log group.',
      errorsOf(props.sesEvents),
    );
    this.inboundErrors = atLeastOnce(
      'InboundErrorsAlarm',
      'The inbound function failed at least once in 5 minutes (a reply may not be recorded yet; after retries it is in the dead-letter queue): see its log group.',
      errorsOf(props.inbound),
    );
    if (props.inboundLogGroup) {
      const unmatched = new logs.MetricFilter(scope, 'UnmatchedRepliesFilter', {
        logGroup: props.inboundLogGroup,
        filterPattern: logs.FilterPattern.stringValue('$.outcome', '=', 'unmatched'),
        metricNamespace: 'rapport',
        metricName: 'UnmatchedReplies',
        metricValue: '1',
      });
      this.unmatchedReplies = atLeastOnce(
        'UnmatchedRepliesAlarm',
        'A reply matched no contact: it is kept in the unmatched inbox (`rapport replies --state unmatched`); attach it to its contact (`rapport replies attach`).',
        unmatched.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      );
    }
  }
}
