/**
 * PLACEHOLDER — replaced at merge by the jobs branch's construct. The jobs function runs an import
 * or a launch job by id, invoked asynchronously by the API function (`api-function.ts` grants that
 * invoke and names this function in `RAPPORT_JOBS_FUNCTION`). The shape the API wiring needs: a
 * RapportFunction built from the wiring, with `.function`.
 *
 * Its grants: the store; the uploaded import files (read); launching plans schedules.
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
      timeout: Duration.minutes(5),
    });
    grant(this.function, [
      storeStatement(wiring),
      new iam.PolicyStatement({
        sid: 'ReadImportUploads',
        actions: ['s3:GetObject'],
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
