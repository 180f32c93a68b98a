/**
 * SES feedback: the configuration set publishes to the default bus; the SesEventsRule forwards the
 * events rapport acts on (of its own configuration set only) to the ses-events function, which
 * records Send events and suppresses bounced and complaining addresses (deleting their schedules).
 *
 * It IS the RapportFunction (no extra level in the construct tree), and the rule is created in the
 * parent scope under the id it always had: logical IDs and construct paths stay those of the
 * deployed stack.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventsTargets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
import { CONFIGURATION_SET_TAG, SES_DETAIL_TYPES, SES_EVENT_SOURCE } from '#shared/ses-event-types.ts';
import { RapportFunction } from './rapport-function.ts';
import {
  deleteSchedulesStatement,
  grant,
  noLinksEnvironment,
  operationsNoticesStatement,
  type StatelessWiring,
  storeStatement,
} from './stateless-wiring.ts';

/** EventBridge retries delivering an SES event to the function this often (then: dead-letter queue). */
export const SES_EVENTS_RETRY_ATTEMPTS = 8;

export class SesEventsFunction extends RapportFunction {
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, wiring: StatelessWiring) {
    super(scope, id, {
      handler: 'ses-events',
      bundlesDir: wiring.bundlesDir,
      description:
        'rapport ses-events: records SES Send events, suppresses bounced and complaining addresses',
      baseEnvironment: wiring.baseEnvironment,
      environment: {
        ...noLinksEnvironment(wiring.settings),
        ...(wiring.settings.operationsEmail
          ? { [OPTIONAL_ENV.operationsEmail]: wiring.settings.operationsEmail }
          : {}),
      },
      deadLetterQueue: wiring.deadLetterQueue,
    });
    grant(this.function, [
      storeStatement(wiring),
      // A suppressed contact's plan is emptied: its schedules are deleted. Nothing is created (so no
      // iam:PassRole) and nothing is sent (no SES, no bucket): see functions/handlers/ses-events.ts.
      deleteSchedulesStatement(wiring),
    ]);
    // Auto-pause on reputation tells the operations address (functions/usecases/reputation-guard.ts):
    // a plain-text notice through the identity and configuration set, only when one is set.
    if (wiring.settings.operationsEmail) {
      grant(this.function, [operationsNoticesStatement(this, wiring)]);
    }

    this.rule = new events.Rule(scope, 'SesEventsRule', {
      description:
        "rapport: SES Send, Bounce and Complaint events of rapport's configuration set, to the ses-events function",
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...SES_DETAIL_TYPES],
        detail: {
          mail: { tags: { [CONFIGURATION_SET_TAG]: [wiring.configurationSet.configurationSetName] } },
        },
      },
    });
    this.rule.addTarget(
      new eventsTargets.LambdaFunction(this.function, {
        deadLetterQueue: wiring.deadLetterQueue,
        retryAttempts: SES_EVENTS_RETRY_ATTEMPTS,
        maxEventAge: Duration.hours(24),
      }),
    );
  }
}
