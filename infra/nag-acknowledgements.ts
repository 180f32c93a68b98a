/**
 * The cdk-nag (AwsSolutions) findings rapport accepts on purpose, each on the narrowest construct and
 * with its full id as cdk-nag prints it, so a NEW finding of the same rule elsewhere still fails the
 * synth. Listed in one place to be reviewed together.
 */
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { dashboardSiteAcknowledgements } from './constructs/dashboard-site.ts';
import { RapportFunction } from './constructs/rapport-function.ts';
import type { StatefulStack } from './stateful-stack.ts';
import type { StatelessStack } from './stateless-stack.ts';

export interface NagAcknowledgement {
  scope: IConstruct;
  id: string;
  reason: string;
}

const IAM5 = 'AwsSolutions::AwsSolutions-IAM5';

export function nagAcknowledgements(stacks: {
  stateful: StatefulStack;
  stateless: StatelessStack;
}): NagAcknowledgement[] {
  const { stateful, stateless } = stacks;
  const group = stateless.scheduleGroup.scheduleGroupName;
  return [
    ...dashboardSiteAcknowledgements(stateless.dashboard),
    {
      scope: stateful.bucket,
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Server access logs would need a second bucket and hold the same object keys; the bucket is private ' +
        '(public access blocked, TLS only) and read by rapport functions alone. Turn on CloudTrail S3 data ' +
        'events if an audit trail of object access is required.',
    },
    {
      scope: stateless.dispatch.role,
      // The bucket ARN crosses from the stateful stack as an import; cdk-nag names it by its export.
      id: `${IAM5}[Resource::RapportStateful:ExportsOutputFnGetAttMailBucketFABEC941ArnB8304EC6/resumes/*]`,
      reason:
        "s3:GetObject on the resumes/ prefix only: dispatch attaches the client's resume, stored under a key " +
        'chosen per upload; raw and quarantined mail stay out of reach.',
    },
    {
      scope: stateless.dispatch.role,
      id: `${IAM5}[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`,
      reason:
        'Schedule names are made per contact, step and plan version at run time, so they cannot be listed; ' +
        "the wildcard is confined to rapport's own schedule group and to Create/Delete/GetSchedule.",
    },
    {
      scope: stateless.dispatch.function,
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: the bundles target node22 and the toolchain here is Node 20, so 24 would be ' +
        'untested. nodejs22.x is supported by Lambda; move to 24 together with the esbuild target.',
    },
    {
      scope: stateless.sesEvents.role,
      id: `${IAM5}[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`,
      reason:
        "DeleteSchedule only: a bounced or complaining contact's schedules are named per contact, step and plan " +
        "version at run time; the wildcard is confined to rapport's own schedule group.",
    },
    {
      scope: stateless.sesEvents.function,
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose, like dispatch: the bundles target node22 and the toolchain here is Node 20. ' +
        'Move every function to 24 together with the esbuild target.',
    },
    {
      scope: stateless.unsubscribe.role,
      id: `${IAM5}[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`,
      reason:
        "DeleteSchedule only: an unsubscribed contact's schedules are named per contact, step and plan version " +
        "at run time; the wildcard is confined to rapport's own schedule group.",
    },
    {
      scope: stateless.unsubscribe.function,
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose, like dispatch: the bundles target node22 and the toolchain here is Node 20. ' +
        'Move every function to 24 together with the esbuild target.',
    },
    {
      scope: stateless.inbound.role,
      id: `${IAM5}[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`,
      reason:
        "CreateSchedule only: a reply's forward is a one-time schedule named per contact and reply at run " +
        "time; the wildcard is confined to rapport's own schedule group.",
    },
    {
      scope: stateless.inbound.role,
      id: `${IAM5}[Resource::RapportStateful:ExportsOutputFnGetAttMailBucketFABEC941ArnB8304EC6/inbound/*]`,
      reason:
        'Get/Put/DeleteObject on the inbound/ prefix only: SES stores each reply under its message id, ' +
        'which is known only when the mail arrives; resumes elsewhere in the bucket stay out of reach.',
    },
    {
      scope: stateless.inbound.role,
      id: `${IAM5}[Resource::RapportStateful:ExportsOutputFnGetAttMailBucketFABEC941ArnB8304EC6/quarantine/*]`,
      reason:
        'Get/Put/DeleteObject on the quarantine/ prefix only: a spam or virus FAIL is copied there under ' +
        'its SES message id, known only at run time.',
    },
    {
      scope: stateless.inbound.function,
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose, like dispatch: the bundles target node22 and the toolchain here is Node 20. ' +
        'Move every function to 24 together with the esbuild target.',
    },
    ...apiAcknowledgements(stateless, group),
    ...deployAcknowledgements(stateless),
    ...[stateless.inbound, stateless.classify].flatMap((fn) =>
      fn.modelReaderWildcards.map((resource) => ({
        scope: fn.role,
        id: `${IAM5}[Resource::${resource}]`,
        reason:
          'The model reader through a cross-Region inference profile: Bedrock authorises the foundation model ' +
          'in whichever Region the profile routes the call to (AWS picks and adds them); granted for this ' +
          'one model, InvokeModel only, and only through this profile (bedrock:InferenceProfileArn).',
      })),
    ),
  ];
}

const XRAY =
  'xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing, added by Lambda) take no resource: ' +
  'IAM offers none for them.';

/** Tracing on every rapport function, and the opt-in activation of the SES receipt rule set. */
function deployAcknowledgements(stateless: StatelessStack): NagAcknowledgement[] {
  const functions = stateless.node
    .findAll()
    .filter((c): c is RapportFunction => c instanceof RapportFunction);
  const tracing = functions
    // The api role's Resource::* acknowledgement (ListSchedules) covers its tracing statement too.
    .filter((fn) => fn !== stateless.api)
    .map((fn) => ({ scope: fn.role, id: `${IAM5}[Resource::*]`, reason: XRAY }));
  const provider = stateless.inbound.activation
    ? stateless.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID)
    : undefined;
  const activation: NagAcknowledgement[] =
    stateless.inbound.activation && provider
      ? [
          {
            scope: stateless.inbound.activation,
            id: `${IAM5}[Resource::*]`,
            reason:
              'ses:SetActiveReceiptRuleSet only (activateReceiving): SES offers no resource-level permission for it.',
          },
          {
            scope: provider,
            id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            reason:
              "CDK's AwsCustomResource provider (activateReceiving only): runs once per deploy to activate the receipt rule set; its log permissions are the managed basic execution role.",
          },
        ]
      : [];
  return [...tracing, ...activation];
}

/** The construct id CDK gives the singleton function behind every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

const BUCKET = 'RapportStateful:ExportsOutputFnGetAttMailBucketFABEC941ArnB8304EC6';
const NODE_22 =
  'Node.js 22 on purpose, like dispatch: the bundles target node22 and the toolchain here is Node 20. ' +
  'Move every function to 24 together with the esbuild target.';

/** The HTTP API's functions: api, and the jobs and preview functions it hands work to. */
function apiAcknowledgements(stateless: StatelessStack, group: string): NagAcknowledgement[] {
  const schedules = `${IAM5}[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${group}/*]`;
  return [
    {
      scope: stateless.api.role,
      id: schedules,
      reason:
        "Create/Delete/GetSchedule: pausing, resuming and erasing a contact change its schedules, named per contact, step and plan version at run time; the wildcard is confined to rapport's own schedule group.",
    },
    {
      scope: stateless.api.role,
      id: `${IAM5}[Resource::${BUCKET}/resumes/*]`,
      reason:
        'Put/Get/DeleteObject on the resumes/ prefix only: the presigned upload URL is signed with this role, and the key (per client and upload) is chosen at run time; GetObject checks the uploaded file, DeleteObject removes a refused one.',
    },
    {
      scope: stateless.api.role,
      id: `${IAM5}[Resource::${BUCKET}/imports/*]`,
      reason:
        'Put/Get/DeleteObject on the imports/ prefix only: the presigned upload URL of a large import file is signed with this role, under a key chosen per upload at run time.',
    },
    {
      scope: stateless.api.role,
      id: `${IAM5}[Resource::${BUCKET}/inbound/*]`,
      reason:
        'DeleteObject/DeleteObjectVersion on inbound/ only: erasing a contact deletes every version of the replies SES stored for it, under keys SES chooses per message.',
    },
    {
      scope: stateless.api.role,
      id: `${IAM5}[Resource::${BUCKET}/quarantine/*]`,
      reason:
        "DeleteObject/DeleteObjectVersion on quarantine/ only: erasing a contact deletes every version of an unreadable reply's quarantined copy, keyed per message.",
    },
    {
      scope: stateless.api.role,
      id: `${IAM5}[Resource::*]`,
      reason:
        "scheduler:ListSchedules only: it takes no resource (IAM offers none for it); erasure lists a contact's schedules by name prefix and deletes them through the group-scoped statement. Also the X-Ray PutTraceSegments/PutTelemetryRecords of active tracing, which take no resource either.",
    },
    { scope: stateless.api.function, id: 'AwsSolutions::AwsSolutions-L1', reason: NODE_22 },
    { scope: stateless.classify.function, id: 'AwsSolutions::AwsSolutions-L1', reason: NODE_22 },
    {
      scope: stateless.jobs.role,
      id: schedules,
      reason:
        "Create/Delete/GetSchedule: a launch job plans each contact's outreach as a schedule named per contact, step and plan version at run time; the wildcard is confined to rapport's own schedule group.",
    },
    {
      scope: stateless.jobs.role,
      id: `${IAM5}[Resource::${BUCKET}/imports/*]`,
      reason:
        'GetObject on the imports/ prefix only: an import job reads the file uploaded under a key chosen per upload at run time.',
    },
    { scope: stateless.jobs.function, id: 'AwsSolutions::AwsSolutions-L1', reason: NODE_22 },
    {
      scope: stateless.preview.role,
      id: `${IAM5}[Resource::${BUCKET}/resumes/*]`,
      reason:
        "GetObject on the resumes/ prefix only: a preview attaches the client's resume (its name), stored under a key chosen per upload.",
    },
    { scope: stateless.preview.function, id: 'AwsSolutions::AwsSolutions-L1', reason: NODE_22 },
    {
      scope: stateless.coachLogins.userPool,
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        "The Essentials tier: a consultancy's handful of invited coaches, no self sign-up. The Plus tier's threat " +
        'protection (compromised credentials, adaptive auth) is a paid upgrade to weigh when the pool grows.',
    },
    {
      scope: stateless.coachLogins.userPool,
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason:
        'MFA is optional (TOTP), not required: coaches are invited by the admin, passwords are 12+ characters ' +
        'with every class; make it required (`mfa: Mfa.REQUIRED`) when the consultancy asks for it.',
    },
    {
      scope: stateless.coachLogins.jwtApi.httpApi,
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'GET /openapi.json only: the public description of the operations (no data), as on the local stack; ' +
        'every other route of the coaches API takes a Cognito ID token.',
    },
    {
      scope: stateless.unsubscribeKeys,
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'A key ring, not a credential: rotation appends a signing key inside the value (npm run ' +
        'rotate:unsubscribe-key) and old keys must keep verifying links for a year, which a rotation Lambda ' +
        'replacing the value would break. Rotate on a schedule by running that command.',
    },
    {
      scope: stateless.resume.role,
      id: `${IAM5}[Resource::${BUCKET}/resumes/*]`,
      reason:
        "GetObject on the resumes/ prefix only: a resume link names the client's resume, stored under a key chosen per upload.",
    },
    { scope: stateless.resume.function, id: 'AwsSolutions::AwsSolutions-L1', reason: NODE_22 },
  ];
}

export function acknowledgeNagFindings(stacks: { stateful: StatefulStack; stateless: StatelessStack }): void {
  for (const { scope, id, reason } of nagAcknowledgements(stacks)) {
    Validations.of(scope).acknowledge({ id, reason });
  }
}
