/**
 * Every rapport Lambda function, set up once: Node 22 on ARM64, the prebuilt bundle from
 * `<bundlesDir>/<name>/index.mjs` (see infra/app.ts for why not NodejsFunction), JSON logs into its
 * own log group kept 3 months, and an execution role that may write to that group and nothing else
 * until the stack grants more. The environment is the deployment's base environment MERGED with the
 * function's own variables — a function can add variables but never replace a base one.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { bundleDir, type HandlerName, LAMBDA_HANDLER } from '../bundling/bundle-handlers.ts';

export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_22_X;
export const FUNCTION_ARCHITECTURE = lambda.Architecture.ARM_64;

export interface RapportFunctionProps {
  /** Which bundle to run (a key of HANDLERS). */
  handler: HandlerName;
  /** Where `bundleHandlers` wrote the bundles. */
  bundlesDir: string;
  /** The physical function name; set it when something must know the ARN before the function exists. */
  functionName?: string;
  description: string;
  /** Variables every function gets (table, bucket, scheduling, SES, mail settings). */
  baseEnvironment: Record<string, string>;
  /** This function's own variables, added to the base. */
  environment?: Record<string, string>;
  /** @default 512 */
  memorySize?: number;
  /** @default 30 seconds */
  timeout?: Duration;
  /**
   * X-Ray active tracing: each invocation's duration, init and errors as a trace (no tracer in the
   * code, so the bundles do not grow). @default true
   */
  tracing?: boolean;
  /** Reserved (= maximum) concurrent executions; unset: the account's unreserved pool. */
  reservedConcurrentExecutions?: number;
  /** Dead-letter queue for asynchronous invocations whose retries are exhausted. */
  deadLetterQueue?: sqs.IQueue;
}

/** Base and own variables together; a name in both is a mistake and fails the synth. */
export function mergeEnvironment(
  base: Record<string, string>,
  own: Record<string, string> = {},
): Record<string, string> {
  const clashes = Object.keys(own).filter((name) => name in base);
  if (clashes.length > 0) {
    throw new Error(`function environment may not replace base variables: ${clashes.join(', ')}`);
  }
  return { ...base, ...own };
}

export class RapportFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RapportFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    // Our own role instead of the AWSLambdaBasicExecutionRole managed policy: the function writes
    // to its log group only (the managed policy allows every log group in the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      ...(props.functionName ? { functionName: props.functionName } : {}),
      description: props.description,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      code: lambda.Code.fromAsset(bundleDir(props.bundlesDir, props.handler)),
      handler: LAMBDA_HANDLER,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: props.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: mergeEnvironment(props.baseEnvironment, props.environment),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
    });
    // The role and every policy later added to it exist before the function is created or updated.
    this.function.node.addDependency(this.role);
  }
}
