import { makeEventBridgeScheduler } from '#adapters/eventbridge-scheduler.ts';
import type { SchedulerEmulator } from '#local/scheduler-emulator.ts';

export const DISPATCH_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:rapport-dispatch';
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/rapport-scheduler';
export const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:rapport-dispatch-dlq';
export const GROUP = 'rapport';

/** The real adapter pointed at the emulator, with a small retry policy. */
export function adapterFor(
  emulator: SchedulerEmulator,
  retry = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
) {
  return makeEventBridgeScheduler({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    groupName: GROUP,
    targetArn: DISPATCH_ARN,
    roleArn: ROLE_ARN,
    deadLetterArn: DLQ_ARN,
    retry,
  });
}
