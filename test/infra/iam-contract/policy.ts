/**
 * The synthesised templates read as AWS would: intrinsics resolved to strings for a fixed account
 * and region, and a role's statements evaluated with IAM's matching rules.
 */
type Json = Record<string, unknown>;

export interface Template {
  Resources: Record<string, { Type: string; Properties?: Json }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface Environment {
  partition: string;
  region: string;
  account: string;
  /** Every stack of the app by name (Fn::ImportValue looks up the exporting stack's outputs). */
  stacks: Record<string, Template>;
}

/** A resource's physical name when the template leaves it to CloudFormation: deterministic here. */
function physicalName(stack: string, id: string, type: string): string {
  const name = `${stack}-${id}`;
  return type === 'AWS::S3::Bucket' ? name.toLowerCase() : name;
}

function refOf(env: Environment, stack: string, id: string): string {
  const pseudo: Record<string, string> = {
    'AWS::Partition': env.partition,
    'AWS::Region': env.region,
    'AWS::AccountId': env.account,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stack,
  };
  if (pseudo[id]) return pseudo[id];
  const resource = env.stacks[stack]?.Resources[id];
  if (!resource) throw new Error(`Ref to unknown ${id} in ${stack}`);
  // A secret's Ref is its ARN, which ends in a random suffix (a fixed one here).
  if (resource.Type === 'AWS::SecretsManager::Secret') {
    return `arn:${env.partition}:secretsmanager:${env.region}:${env.account}:secret:${physicalName(stack, id, resource.Type)}-AbCdEf`;
  }
  const p = resource.Properties ?? {};
  const named: Record<string, unknown> = {
    'AWS::DynamoDB::Table': p.TableName,
    'AWS::S3::Bucket': p.BucketName,
    'AWS::SES::ConfigurationSet': p.Name,
    'AWS::SES::EmailIdentity': p.EmailIdentity,
    'AWS::Scheduler::ScheduleGroup': p.Name,
    'AWS::IAM::Role': p.RoleName,
    'AWS::Lambda::Function': p.FunctionName,
    'AWS::SQS::Queue': p.QueueName,
    'AWS::Logs::LogGroup': p.LogGroupName,
  };
  const name = named[resource.Type];
  return name === undefined ? physicalName(stack, id, resource.Type) : String(resolve(env, stack, name));
}

function getAtt(env: Environment, stack: string, id: string, attribute: string): string {
  const resource = env.stacks[stack]?.Resources[id];
  if (!resource) throw new Error(`Fn::GetAtt of unknown ${id} in ${stack}`);
  const name = refOf(env, stack, id);
  const { partition: p, region: r, account: a } = env;
  if (attribute !== 'Arn') throw new Error(`Fn::GetAtt ${id}.${attribute}: only Arn is resolved`);
  const arns: Record<string, string> = {
    'AWS::DynamoDB::Table': `arn:${p}:dynamodb:${r}:${a}:table/${name}`,
    'AWS::S3::Bucket': `arn:${p}:s3:::${name}`,
    'AWS::IAM::Role': `arn:${p}:iam::${a}:role/${name}`,
    'AWS::Lambda::Function': `arn:${p}:lambda:${r}:${a}:function:${name}`,
    'AWS::SQS::Queue': `arn:${p}:sqs:${r}:${a}:${name}`,
    'AWS::Logs::LogGroup': `arn:${p}:logs:${r}:${a}:log-group:${name}:*`,
    'AWS::Scheduler::ScheduleGroup': `arn:${p}:scheduler:${r}:${a}:schedule-group/${name}`,
    'AWS::SNS::Topic': `arn:${p}:sns:${r}:${a}:${name}`,
    'AWS::Cognito::UserPool': `arn:${p}:cognito-idp:${r}:${a}:userpool/${name}`,
  };
  const out = arns[resource.Type];
  if (!out) throw new Error(`Fn::GetAtt ${id}.Arn: no ARN format for ${resource.Type}`);
  return out;
}

function importValue(env: Environment, name: string): string {
  for (const [stack, template] of Object.entries(env.stacks)) {
    for (const output of Object.values(template.Outputs ?? {})) {
      if (output.Export && resolve(env, stack, output.Export.Name) === name) {
        return String(resolve(env, stack, output.Value));
      }
    }
  }
  throw new Error(`Fn::ImportValue: no stack exports ${name}`);
}

function sub(env: Environment, stack: string, text: string, vars: Record<string, unknown>): string {
  return text.replace(/\$\{([^}!]+)\}/g, (_m, name: string) => {
    if (name in vars) return String(resolve(env, stack, vars[name]));
    const [id, attribute] = name.split('.');
    return attribute ? getAtt(env, stack, id as string, attribute) : refOf(env, stack, id as string);
  });
}

/** A template value with its intrinsics resolved (strings stay, arrays resolve element-wise). */
export function resolve(env: Environment, stack: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => resolve(env, stack, v));
  const o = value as Json;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = o[key];
    switch (key) {
      case 'Ref':
        return refOf(env, stack, String(arg));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAtt(env, stack, String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return (resolve(env, stack, parts) as unknown[]).map(String).join(sep);
      }
      case 'Fn::Sub':
        return Array.isArray(arg)
          ? sub(env, stack, String(arg[0]), arg[1] as Json)
          : sub(env, stack, String(arg), {});
      case 'Fn::ImportValue':
        return importValue(env, String(resolve(env, stack, arg)));
      default:
        if (key.startsWith('Fn::')) throw new Error(`unresolved intrinsic ${key}`);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, resolve(env, stack, o[k])]));
}

export interface Statement {
  sid?: string;
  actions: string[];
  resources: string[];
  condition?: unknown;
}

/** The Allow statements of every AWS::IAM::Policy attached to the role, resolved. */
export function statementsOf(env: Environment, stack: string, roleId: string): Statement[] {
  const template = env.stacks[stack] as Template;
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => ((r.Properties?.Roles ?? []) as unknown[]).some((role) => (role as Json).Ref === roleId))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement: Json[] } | undefined)?.Statement ?? [])
    .map((s) => {
      if (s.NotAction || s.NotResource) throw new Error(`NotAction/NotResource in ${roleId}: not evaluated`);
      if (s.Effect !== 'Allow')
        throw new Error(`a ${String(s.Effect)} statement in ${roleId}: not evaluated`);
      const list = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
      return {
        ...(s.Sid ? { sid: String(s.Sid) } : {}),
        actions: list(s.Action),
        resources: list(resolve(env, stack, s.Resource)),
        ...(s.Condition ? { condition: resolve(env, stack, s.Condition) } : {}),
      };
    });
}

/** IAM's wildcards: `*` any run of characters (including `/` and `:`), `?` exactly one. */
export function wildcardMatches(pattern: string, value: string, caseInsensitive = false): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, caseInsensitive ? 'i' : '').test(value);
}

/** Condition operators evaluated here; any other makes the statement an assumption. */
const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringLike: (p, v) => wildcardMatches(p, v),
};

export type ConditionVerdict = { holds: boolean; unchecked: string[] };

/**
 * A statement's Condition against the request's keys: every operator and key must hold (any value of
 * a key's list). A key the request does not carry, or an operator not known here, is not evaluated:
 * it is reported as unchecked (an assumption) and taken to hold.
 */
export function conditionHolds(condition: unknown, context: Record<string, string> = {}): ConditionVerdict {
  const unchecked: string[] = [];
  let holds = true;
  for (const [operator, keys] of Object.entries(
    (condition ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    for (const [key, expected] of Object.entries(keys)) {
      const test = OPERATORS[operator];
      const value = context[key];
      if (!test || value === undefined) {
        unchecked.push(`${operator} ${key} ${JSON.stringify(expected)}`);
        continue;
      }
      const patterns = (Array.isArray(expected) ? expected : [expected]).map(String);
      if (!patterns.some((p) => test(p, value))) holds = false;
    }
  }
  return { holds, unchecked };
}

/**
 * The statements that allow `action` on `resource` for a request with these condition keys (actions
 * compare case-insensitively, resources case-sensitively, as in IAM).
 */
export function allowing(
  statements: Statement[],
  action: string,
  resource: string,
  context: Record<string, string> = {},
): Statement[] {
  return statements.filter(
    (s) =>
      s.actions.some((a) => wildcardMatches(a, action, true)) &&
      s.resources.some((r) => wildcardMatches(r, resource)) &&
      conditionHolds(s.condition, context).holds,
  );
}
