/**
 * Replies: SES stores the raw message in the bucket (a Lambda action gets headers and verdicts but
 * no body), then invokes the inbound function asynchronously (Event: SES does not wait, Lambda
 * retries, and what still fails lands in the dead-letter queue) with the message id it stored under.
 * The function reads the reply, quarantines spam and viruses, records it and schedules its forward.
 *
 * It IS the RapportFunction (no extra level in the construct tree), and its stack-level companions
 * (the receipt rule set, the InboundActivation and InboundMxRecord outputs) are created in the parent
 * scope under the ids they always had: logical IDs and construct paths stay those of the deployed stack.
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { INBOUND_OBJECT_PREFIX, QUARANTINE_OBJECT_PREFIX } from '#shared/inbound.ts';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
import { grantModelReader, modelReaderEnvironment } from './model-reader-grant.ts';
import { RapportFunction } from './rapport-function.ts';
import {
  grant,
  noLinksEnvironment,
  operationsNoticesStatement,
  passSchedulerRoleStatement,
  type StatelessWiring,
  storeStatement,
} from './stateless-wiring.ts';

/** The inbound function reads raw mail, copies a quarantined one and deletes the original: objects only. */
export const INBOUND_OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
/**
 * The inbound function creates the one-time schedule that forwards a reply (dispatch sends it) and,
 * as a reply ends the sequence, deletes the contact's pending follow-ups (found by the IAM contract
 * test: without DeleteSchedule every reply failed after its commit, and a referral in it was lost).
 * Never GetSchedule or UpdateSchedule.
 */
export const INBOUND_SCHEDULE_ACTIONS = ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'];

export class InboundFunction extends RapportFunction {
  readonly receiptRuleSet: ses.ReceiptRuleSet;
  readonly receiptRule: ses.ReceiptRule;
  /** The custom resource activating the rule set at deploy, when `activateReceiving` opts in. */
  readonly activation?: cr.AwsCustomResource;
  /** The model reader's wildcard resources (an inference profile's model in every Region), as cdk-nag names them. */
  readonly modelReaderWildcards: string[];

  constructor(scope: Construct, id: string, wiring: StatelessWiring) {
    const { settings, bucket } = wiring;
    super(scope, id, {
      handler: 'inbound',
      bundlesDir: wiring.bundlesDir,
      description:
        'rapport inbound: reads a reply SES stored, quarantines spam and viruses, records it, schedules its forward',
      baseEnvironment: wiring.baseEnvironment,
      environment: {
        ...noLinksEnvironment(settings),
        ...modelReaderEnvironment(settings),
        // An unmatched reply is e-mailed there (functions/usecases/forward-unmatched.ts), when one is set.
        ...(settings.operationsEmail ? { [OPTIONAL_ENV.operationsEmail]: settings.operationsEmail } : {}),
      },
      deadLetterQueue: wiring.deadLetterQueue,
    });
    // The optional model reader (functions/usecases/read-with-model.ts): Converse on that model (or
    // inference profile) only, granted only when the `modelReader` setting names one (off by default).
    this.modelReaderWildcards = grantModelReader(this.function, settings);
    if (settings.operationsEmail) grant(this.function, [operationsNoticesStatement(this, wiring)]);
    grant(this.function, [
      storeStatement(wiring),
      // Raw mail under inbound/ (read; deleted once quarantined) and the quarantine/ copy: nothing else
      // in the bucket (no resumes).
      new iam.PolicyStatement({
        sid: 'InboundMail',
        actions: INBOUND_OBJECT_ACTIONS,
        resources: [
          bucket.arnForObjects(`${INBOUND_OBJECT_PREFIX}*`),
          bucket.arnForObjects(`${QUARANTINE_OBJECT_PREFIX}*`),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'Schedules',
        actions: INBOUND_SCHEDULE_ACTIONS,
        resources: [wiring.scheduleArns],
      }),
      passSchedulerRoleStatement(wiring),
    ]);

    // The rule set lives in the stateless stack, next to the function it invokes. The S3 action adds
    // its statement (ses.amazonaws.com may s3:PutObject on inbound/*, from this account) to the
    // bucket's policy in the stateful stack: it names only the bucket and the account, so the
    // reference still runs one way (stateless -> stateful) and the rule waits for that policy. SES
    // keeps ONE active rule set per region: this one must be activated once (InboundActivation).
    this.receiptRuleSet = new ses.ReceiptRuleSet(scope, 'InboundRuleSet');
    this.receiptRule = this.receiptRuleSet.addRule('Replies', {
      recipients: [settings.inboundDomain],
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new sesActions.S3({ bucket, objectKeyPrefix: INBOUND_OBJECT_PREFIX }),
        new sesActions.Lambda({
          function: this.function,
          invocationType: sesActions.LambdaInvocationType.EVENT,
        }),
      ],
    });
    const { region } = Stack.of(scope);
    if (settings.activateReceiving)
      this.activation = activateRuleSet(scope, this.receiptRuleSet, this.receiptRule);
    new CfnOutput(scope, 'InboundActivation', {
      description: settings.activateReceiving
        ? 'Activated by this stack (activateReceiving); the command, should another rule set have been activated since'
        : 'Run once after the first deploy: SES has one active receipt rule set per region (this replaces any other)',
      value: `aws ses set-active-receipt-rule-set --rule-set-name ${this.receiptRuleSet.receiptRuleSetName} --region ${region}`,
    });
    new CfnOutput(scope, 'InboundMxRecord', {
      description: `MX record to publish for ${settings.inboundDomain} (replies reach SES only through it)`,
      value: `${settings.inboundDomain} MX 10 inbound-smtp.${region}.amazonaws.com`,
    });
  }
}

/**
 * Makes the rule set the region's active one at deploy, after its rule exists. WARNING: SES keeps ONE
 * active rule set per region, so this replaces any other (hence opt-in). Deleting the stack
 * deactivates it first: SES refuses to delete an active rule set.
 */
function activateRuleSet(scope: Construct, ruleSet: ses.ReceiptRuleSet, rule: ses.ReceiptRule) {
  const name = ruleSet.receiptRuleSetName;
  const activate: cr.AwsSdkCall = {
    service: 'SES',
    action: 'SetActiveReceiptRuleSet',
    parameters: { RuleSetName: name },
    physicalResourceId: cr.PhysicalResourceId.of(`active-${name}`),
  };
  const activation = new cr.AwsCustomResource(scope, 'InboundRuleSetActivation', {
    onCreate: activate,
    onUpdate: activate,
    // No RuleSetName: no rule set active.
    onDelete: { service: 'SES', action: 'SetActiveReceiptRuleSet', parameters: {} },
    // SetActiveReceiptRuleSet has no resource-level permissions.
    policy: cr.AwsCustomResourcePolicy.fromStatements([
      new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] }),
    ]),
    installLatestAwsSdk: false,
  });
  activation.node.addDependency(rule);
  return activation;
}
