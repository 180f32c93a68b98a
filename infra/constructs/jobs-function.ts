/**
 * The jobs function: runs an import or a launch job by id (`functions/handlers/jobs.ts`), invoked
 * asynchronously by the API function (`api-function.ts` grants that invoke and names this function
 * in `RAPPORT_JOBS_FUNCTION`). Lambda retries a failed run twice, then the event (`{"jobId"}`) goes
 * to the dead-letter queue; the job's claim (a conditional write with a lease as long as the
 * function's timeout) makes a second delivery harmless.
 *
 * Its grants: the store; the import files under `imports/` — read, and deleted once imported (they
 * hold the contacts' data); launching plans schedules (created with the scheduler role).
 *
 * It IS the RapportFunction (no extra level in the construct tree), like the other functions.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import { SCHEDULE_ACTIONS } from './dispatch-function.ts';
import { RapportFunction } from './rapport-function.ts';
import {
  grant,
  noLinksEnvironment,
  passSchedulerRoleStatement,
  type StatelessWiring,
  storeStatement,
} from './stateless-wiring.ts';

export class JobsFunction extends RapportFunction {
  constructor(scope: Construct, id: string, wiring: StatelessWiring) {
    super(scope, id, {
      handler: 'jobs',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport jobs: runs an import or a launch job, invoked asynchronously by the API',
      baseEnvironment: wiring.baseEnvironment,
      environment: noLinksEnvironment(wiring.settings),
      memorySize: 1024,
      // As long as a job's lease (JOB_LEASE_MS, #usecases/jobs.ts): a run that died is taken over after it.
      timeout: Duration.minutes(15),
      deadLetterQueue: wiring.deadLetterQueue,
    });
    grant(this.function, [
      storeStatement(wiring),
      new iam.PolicyStatement({
        sid: 'ImportFiles',
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [wiring.bucket.arnForObjects(`${UPLOAD_PREFIXES.imports}*`)],
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
