/**
 * The dispatch function: sends one scheduled email and plans what follows. EventBridge Scheduler
 * invokes it with the scheduler role (allowed here to invoke it and to dead-letter the schedules it
 * could not deliver); it reads the table and the resumes, sends through the identity and the
 * configuration set, and creates, reads and deletes schedules in rapport's group.
 *
 * It IS the RapportFunction (no extra level in the construct tree): logical IDs and construct
 * paths stay those of the deployed stack.
 */
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import { dispatchConcurrencyFor } from '../settings.ts';
import { RapportFunction } from './rapport-function.ts';
import {
  grant,
  passSchedulerRoleStatement,
  type StatelessWiring,
  storeStatement,
} from './stateless-wiring.ts';

/** What the scheduler adapter does on the dispatch path. */
export const SCHEDULE_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:DeleteSchedule',
  'scheduler:GetSchedule',
];

export interface DispatchFunctionProps {
  wiring: StatelessWiring;
  /** Fixed, so that its ARN (see `dispatchArn`) can be in the environment before the function exists. */
  functionName: string;
  /** Where the unsubscribe links the emails carry point. */
  linkBase: string;
}

/**
 * The ARN the function will have under `functionName`, for its own environment (the target of the
 * schedules it creates) without a reference from the function to itself.
 */
export function dispatchArn(stack: Stack, functionName: string): string {
  return stack.formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: functionName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export class DispatchFunction extends RapportFunction {
  constructor(scope: Construct, id: string, { wiring, functionName, linkBase }: DispatchFunctionProps) {
    super(scope, id, {
      handler: 'dispatch',
      bundlesDir: wiring.bundlesDir,
      functionName,
      description: 'rapport dispatch: sends one scheduled email and plans what follows',
      baseEnvironment: wiring.baseEnvironment,
      environment: { [ENV.unsubscribeBaseUrl]: linkBase },
      deadLetterQueue: wiring.deadLetterQueue,
      // Opt-in (sesMaxSendRate): a new account's concurrency quota of 10 refuses any reservation.
      ...(wiring.settings.sesMaxSendRate
        ? { reservedConcurrentExecutions: dispatchConcurrencyFor(wiring.settings.sesMaxSendRate) }
        : {}),
    });

    wiring.schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    wiring.schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [wiring.deadLetterQueue.queueArn] }),
    );

    const configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: wiring.configurationSet.configurationSetName,
    });
    grant(this.function, [
      storeStatement(wiring),
      new iam.PolicyStatement({
        sid: 'ReadResumes',
        actions: ['s3:GetObject'],
        // The resume it attaches, under its own prefix: never the raw or quarantined mail.
        resources: [wiring.bucket.arnForObjects(`${UPLOAD_PREFIXES.resumes}*`)],
      }),
      // Sending through a configuration set is authorised on the set too (grantSendEmail omits it).
      new iam.PolicyStatement({
        sid: 'Send',
        actions: ['ses:SendRawEmail'],
        resources: [wiring.senderIdentity.emailIdentityArn, configurationSetArn],
      }),
      new iam.PolicyStatement({
        sid: 'Schedules',
        actions: SCHEDULE_ACTIONS,
        resources: [wiring.scheduleArns],
      }),
      passSchedulerRoleStatement(wiring),
    ]);
  }
}
