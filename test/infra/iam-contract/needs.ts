/**
 * What IAM must allow for each AWS API call a function makes: an EXPLICIT table from
 * (service, operation) to the (action, resource) pairs it needs, for one deployment's names. A call
 * this table does not know fails the contract test: a new operation is added here, on purpose.
 *
 * The recorded calls ran against the emulators, whose table, bucket and schedule group have test
 * names; the resources here are the deployed ones (`Deployed`, from the function's own environment
 * as synthesised), keeping what identifies the item: the index, the object key, the schedule name.
 */
import type { SdkCall } from '#adapters/sdk-calls.ts';

export interface Deployed {
  partition: string;
  region: string;
  account: string;
  table: string;
  bucket: string;
  scheduleGroup: string;
  schedulerRoleArn: string;
  configurationSet: string;
  /** The SES identity mail is sent from (the sender domain). */
  senderIdentity: string;
  /** The jobs function's name (`RAPPORT_JOBS_FUNCTION`): the API function's only. */
  jobsFunction?: string;
  /** The coaches' user pool id (`RAPPORT_USER_POOL_ID`): the API function's only. */
  userPoolId?: string;
  /** The unsubscribe key ring's secret ARN (`RAPPORT_UNSUBSCRIBE_KEYS_SECRET`). */
  unsubscribeKeysSecret?: string;
  /** The inbound function's name (`RAPPORT_INBOUND_FUNCTION`): the API function runs it to attach a reply. */
  inboundFunction?: string;
  /** The preview function's name (`RAPPORT_PREVIEW_FUNCTION`): the API function asks it for a launch's outreach check. */
  previewFunction?: string;
}

export interface Need {
  action: string;
  resource: string;
  /** The request's condition keys as IAM sees them (checked against a grant's conditions). */
  context?: Record<string, string>;
}

type Input = Record<string, unknown>;
type Needs = (input: Input, d: Deployed) => Need[];

const arn = (d: Deployed, service: string, resource: string, region = d.region, account = d.account) =>
  `arn:${d.partition}:${service}:${region}:${account}:${resource}`;

const tableArn = (d: Deployed) => arn(d, 'dynamodb', `table/${d.table}`);
/** One table per deployment: whatever table the emulator run used is the deployed table. */
const onTable = (action: string) => (input: Input, d: Deployed) => [
  {
    action,
    resource: typeof input.IndexName === 'string' ? `${tableArn(d)}/index/${input.IndexName}` : tableArn(d),
  },
];

/** The item writes of a transaction, each needing its own action on its table. */
const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

function transactWrite(input: Input, d: Deployed): Need[] {
  const items = (input.TransactItems ?? []) as Record<string, unknown>[];
  return items.flatMap((item) =>
    Object.keys(item).map((kind) => {
      const action = TRANSACT_WRITE_ACTIONS[kind];
      if (!action) throw new Error(`TransactWriteItems: unknown item kind ${kind}`);
      return { action, resource: tableArn(d) };
    }),
  );
}

function transactGet(input: Input, d: Deployed): Need[] {
  const items = (input.TransactItems ?? []) as Record<string, unknown>[];
  return items.map(() => ({ action: 'dynamodb:GetItem', resource: tableArn(d) }));
}

/** Batch requests name their tables as the keys of RequestItems. */
const perRequestTable = (action: string) => (input: Input, d: Deployed) =>
  Object.keys((input.RequestItems ?? {}) as object).map(() => ({ action, resource: tableArn(d) }));

const objectArn = (d: Deployed, key: unknown) => `arn:${d.partition}:s3:::${d.bucket}/${String(key)}`;
const bucketArn = (d: Deployed) => `arn:${d.partition}:s3:::${d.bucket}`;
const onObject = (action: string) => (input: Input, d: Deployed) => [
  { action, resource: objectArn(d, input.Key) },
];

function deleteObject(input: Input, d: Deployed): Need[] {
  // Deleting a given version is its own action.
  const action = input.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject';
  return [{ action, resource: objectArn(d, input.Key) }];
}

function deleteObjects(input: Input, d: Deployed): Need[] {
  const objects = (input.Delete as { Objects?: { Key: string; VersionId?: string }[] })?.Objects ?? [];
  return objects.map((o) => ({
    action: o.VersionId ? 's3:DeleteObjectVersion' : 's3:DeleteObject',
    resource: objectArn(d, o.Key),
  }));
}

function listVersions(input: Input, d: Deployed): Need[] {
  return [
    {
      action: 's3:ListBucketVersions',
      resource: bucketArn(d),
      context: { 's3:prefix': String(input.Prefix ?? '') },
    },
  ];
}

const scheduleArn = (d: Deployed, input: Input) =>
  arn(d, 'scheduler', `schedule/${d.scheduleGroup}/${String(input.Name)}`);

const onSchedule = (action: string) => (input: Input, d: Deployed) => [
  { action, resource: scheduleArn(d, input) },
];

/** Creating (or updating) a schedule passes its target's role to EventBridge Scheduler. */
const schedulePassingRole = (action: string) => (input: Input, d: Deployed) => {
  const target = input.Target as { RoleArn?: string } | undefined;
  if (!target?.RoleArn) throw new Error(`${action} without a target role`);
  return [
    { action, resource: scheduleArn(d, input) },
    {
      action: 'iam:PassRole',
      resource: d.schedulerRoleArn,
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    },
  ];
};

/** Sending is authorised on the identity sent from AND the configuration set sent through. */
const send = (action: string) => (input: Input, d: Deployed) => [
  { action, resource: arn(d, 'ses', `identity/${d.senderIdentity}`) },
  ...(input.ConfigurationSetName
    ? [{ action, resource: arn(d, 'ses', `configuration-set/${d.configurationSet}`) }]
    : []),
];

/**
 * The functions invoked are the jobs function, (attaching a reply) the inbound function and (a
 * launch's outreach check) the preview function: the recorded name is the test's (`rapport-jobs`,
 * `rapport-inbound`, `rapport-preview`), the deployed one its variable.
 */
function invoke(input: Input, d: Deployed): Need[] {
  const recorded = String(input.FunctionName ?? '');
  const name = recorded.endsWith('inbound')
    ? (d.inboundFunction ?? '(RAPPORT_INBOUND_FUNCTION not set)')
    : recorded.endsWith('preview')
      ? (d.previewFunction ?? '(RAPPORT_PREVIEW_FUNCTION not set)')
      : (d.jobsFunction ?? '(RAPPORT_JOBS_FUNCTION not set)');
  return [
    {
      action: 'lambda:InvokeFunction',
      resource: name.startsWith('arn:') ? name : arn(d, 'lambda', `function:${name}`),
    },
  ];
}

/** A Cognito admin call: the action on the deployment's user pool (there is one; the recorded id is cognito-local's). */
const onUserPool = (action: string) => (_input: Input, d: Deployed) => {
  if (!d.userPoolId) throw new Error(`${action} from a function that names no user pool`);
  return [{ action, resource: arn(d, 'cognito-idp', `userpool/${d.userPoolId}`) }];
};
/**
 * The key ring is fetched through the Parameters and Secrets extension, which calls GetSecretValue
 * with the function's role: the recorded id is the test's, the deployed one the function's variable.
 */
function getSecretValue(_input: Input, d: Deployed): Need[] {
  return [
    {
      action: 'secretsmanager:GetSecretValue',
      resource: d.unsubscribeKeysSecret ?? '(RAPPORT_UNSUBSCRIBE_KEYS_SECRET not set)',
    },
  ];
}

export const NEEDS: Record<string, Record<string, Needs>> = {
  DynamoDB: {
    GetItem: onTable('dynamodb:GetItem'),
    PutItem: onTable('dynamodb:PutItem'),
    UpdateItem: onTable('dynamodb:UpdateItem'),
    DeleteItem: onTable('dynamodb:DeleteItem'),
    Query: onTable('dynamodb:Query'),
    Scan: onTable('dynamodb:Scan'),
    BatchGetItem: perRequestTable('dynamodb:BatchGetItem'),
    BatchWriteItem: perRequestTable('dynamodb:BatchWriteItem'),
    TransactWriteItems: transactWrite,
    TransactGetItems: transactGet,
  },
  S3: {
    GetObject: onObject('s3:GetObject'),
    HeadObject: onObject('s3:GetObject'),
    PutObject: onObject('s3:PutObject'),
    DeleteObject: deleteObject,
    DeleteObjects: deleteObjects,
    ListObjectVersions: listVersions,
    ListObjectsV2: (_input, d) => [{ action: 's3:ListBucket', resource: bucketArn(d) }],
  },
  Scheduler: {
    CreateSchedule: schedulePassingRole('scheduler:CreateSchedule'),
    UpdateSchedule: schedulePassingRole('scheduler:UpdateSchedule'),
    DeleteSchedule: onSchedule('scheduler:DeleteSchedule'),
    GetSchedule: onSchedule('scheduler:GetSchedule'),
    ListSchedules: () => [{ action: 'scheduler:ListSchedules', resource: '*' }],
  },
  SES: {
    SendRawEmail: send('ses:SendRawEmail'),
    SendEmail: send('ses:SendEmail'),
  },
  Lambda: {
    Invoke: invoke,
  },
  CognitoIdentityProvider: {
    AdminCreateUser: onUserPool('cognito-idp:AdminCreateUser'),
    AdminGetUser: onUserPool('cognito-idp:AdminGetUser'),
    AdminAddUserToGroup: onUserPool('cognito-idp:AdminAddUserToGroup'),
    ListUsersInGroup: onUserPool('cognito-idp:ListUsersInGroup'),
  },
  SecretsManager: {
    GetSecretValue: getSecretValue,
  },
};

/** The (action, resource) pairs one recorded call needs; throws for a call the table does not know. */
export function needsOf(call: SdkCall, deployed: Deployed): Need[] {
  const needs = NEEDS[call.service]?.[call.operation];
  if (!needs) throw new Error(`no IAM needs known for ${call.service}.${call.operation}: add it to needs.ts`);
  return needs(call.input, deployed);
}
