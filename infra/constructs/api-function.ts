/**
 * The HTTP API function (bundle `api`): every operation of `functions/api/` except the previews,
 * behind API Gateway's HTTP API (`http-api.ts`, IAM on every route). Long work (import, launch) is
 * a job: the API writes the job item and invokes the jobs function asynchronously — the one
 * function it may invoke (`RAPPORT_JOBS_FUNCTION` names it).
 *
 * Its grants: the store (table and indexes); presigned PUTs of uploads (a resume, an import file)
 * are signed with this role, so it may put — and read back, to check an upload — under the upload
 * prefixes only; pausing, resuming and erasing change a contact's schedules.
 *
 * Like every function construct of the stateless stack it IS the RapportFunction (no extra level
 * in the construct tree).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ENV } from '#shared/env-names.ts';
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

export interface ApiFunctionProps {
  wiring: StatelessWiring;
  /** The function that runs import and launch jobs (invoked with InvocationType Event). */
  jobs: lambda.IFunction;
}

export class ApiFunction extends RapportFunction {
  constructor(scope: Construct, id: string, { wiring, jobs }: ApiFunctionProps) {
    super(scope, id, {
      handler: 'api',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport api: the HTTP API (clients, campaigns, contacts, meetings, jobs)',
      baseEnvironment: wiring.baseEnvironment,
      environment: { ...noLinksEnvironment(wiring.settings), [ENV.jobsFunction]: jobs.functionName },
    });
    const uploads = Object.values(UPLOAD_PREFIXES).map((prefix) => wiring.bucket.arnForObjects(`${prefix}*`));
    grant(this.function, [
      storeStatement(wiring),
      new iam.PolicyStatement({
        sid: 'Uploads',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: uploads,
      }),
      new iam.PolicyStatement({
        sid: 'Schedules',
        actions: SCHEDULE_ACTIONS,
        resources: [wiring.scheduleArns],
      }),
      passSchedulerRoleStatement(wiring),
      // The unqualified function only: no version or alias, and no other function.
      new iam.PolicyStatement({
        sid: 'RunJobs',
        actions: ['lambda:InvokeFunction'],
        resources: [jobs.functionArn],
      }),
    ]);
  }
}
