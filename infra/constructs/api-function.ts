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
import { INBOUND_OBJECT_PREFIX, QUARANTINE_OBJECT_PREFIX } from '#shared/inbound.ts';
import { OPTIONAL_ENV } from '#shared/optional-settings.ts';
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
  /** The inbound function: run synchronously on an unmatched reply a person attaches to a contact. */
  inbound?: lambda.IFunction;
  /** The preview function: asked synchronously for a launch's outreach check (it has the renderer). */
  preview?: lambda.IFunction;
}

export class ApiFunction extends RapportFunction {
  constructor(scope: Construct, id: string, { wiring, jobs, inbound, preview }: ApiFunctionProps) {
    super(scope, id, {
      handler: 'api',
      bundlesDir: wiring.bundlesDir,
      description: 'rapport api: the HTTP API (clients, campaigns, contacts, meetings, jobs)',
      baseEnvironment: wiring.baseEnvironment,
      environment: {
        ...noLinksEnvironment(wiring.settings),
        [ENV.jobsFunction]: jobs.functionName,
        ...(inbound ? { [ENV.inboundFunction]: inbound.functionName } : {}),
        ...(preview ? { [OPTIONAL_ENV.previewFunction]: preview.functionName } : {}),
      },
    });
    const uploads = Object.values(UPLOAD_PREFIXES).map((prefix) => wiring.bucket.arnForObjects(`${prefix}*`));
    grant(this.function, [
      storeStatement(wiring),
      new iam.PolicyStatement({
        sid: 'Uploads',
        // Put: the presigned PUTs are signed with this role; get: an upload is checked; delete: a
        // refused upload (a resume that is no PDF) is removed.
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: uploads,
      }),
      // Erasure (GDPR): every version of the mail stored for a contact (SES writes it under inbound/,
      // an unreadable one is copied to quarantine/).
      new iam.PolicyStatement({
        sid: 'EraseStoredMail',
        actions: ['s3:ListBucketVersions'],
        resources: [wiring.bucket.bucketArn],
        conditions: {
          StringLike: { 's3:prefix': [`${INBOUND_OBJECT_PREFIX}*`, `${QUARANTINE_OBJECT_PREFIX}*`] },
        },
      }),
      new iam.PolicyStatement({
        sid: 'EraseStoredMailVersions',
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [
          wiring.bucket.arnForObjects(`${INBOUND_OBJECT_PREFIX}*`),
          wiring.bucket.arnForObjects(`${QUARANTINE_OBJECT_PREFIX}*`),
        ],
      }),
      // Erasure lists the contact's schedules by name prefix; ListSchedules takes no resource.
      new iam.PolicyStatement({
        sid: 'ListSchedules',
        actions: ['scheduler:ListSchedules'],
        resources: ['*'],
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
      // The review queue: an unmatched reply attached to a contact is processed by the inbound
      // function (synchronously, the receipt event SES would send); its export reads the raw mail.
      ...(inbound
        ? [
            new iam.PolicyStatement({
              sid: 'AttachReplies',
              actions: ['lambda:InvokeFunction'],
              resources: [inbound.functionArn],
            }),
          ]
        : []),
      // A launch's outreach check: the preview function renders every prospect's outreach (synchronously).
      ...(preview
        ? [
            new iam.PolicyStatement({
              sid: 'CheckLaunches',
              actions: ['lambda:InvokeFunction'],
              resources: [preview.functionArn],
            }),
          ]
        : []),
      new iam.PolicyStatement({
        sid: 'ExportReplies',
        actions: ['s3:GetObject'],
        resources: [wiring.bucket.arnForObjects(`${INBOUND_OBJECT_PREFIX}*`)],
      }),
    ]);
  }
}
