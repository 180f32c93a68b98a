/**
 * The one logger: one JSON line per entry on stdout (CloudWatch Logs reads it as structured
 * fields), the shape Powertools' Logger writes — `level`, `message`, `timestamp`, `service`, the
 * Lambda context (`cold_start`, `function_name`, …) and the keys a handler appended. Append keys
 * (`logger.appendKeys({ contactId })`), never log bodies or full addresses at info.
 *
 * Decision: written here rather than taken from @aws-lambda-powertools/logger, which cost 21 KB in
 * every function's bundle (9 functions under a 400 KB budget) for the four calls rapport makes. The
 * level is read once, as Powertools reads it: `POWERTOOLS_LOG_LEVEL`, else Lambda's
 * `AWS_LAMBDA_LOG_LEVEL` (advanced logging controls), else INFO.
 */

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, CRITICAL: 50, SILENT: 60 } as const;
type Level = keyof typeof LEVELS;

export interface LambdaContextFields {
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string | number;
  awsRequestId: string;
}

/** An Error as a log field: name, message, stack and cause (JSON.stringify would write `{}`). */
function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      stack: value.stack,
      ...(value.cause === undefined ? {} : { cause: serialise(value.cause) }),
    };
  }
  return value;
}

function levelOf(name: string | undefined): Level {
  const upper = name?.toUpperCase();
  return upper !== undefined && upper in LEVELS ? (upper as Level) : 'INFO';
}

export function makeLogger(serviceName: string) {
  const threshold = LEVELS[levelOf(process.env.POWERTOOLS_LOG_LEVEL ?? process.env.AWS_LAMBDA_LOG_LEVEL)];
  let context: Record<string, unknown> = {};
  let keys: Record<string, unknown> = {};
  let coldStart = true;

  function write(level: Level, message: string, extra: Record<string, unknown> = {}) {
    if (LEVELS[level] < threshold) return;
    const fields = { ...keys, ...extra };
    const entry: Record<string, unknown> = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: serviceName,
      ...context,
    };
    for (const [key, value] of Object.entries(fields)) entry[key] = serialise(value);
    const traceId = process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1];
    if (traceId) entry.xray_trace_id = traceId;
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  }

  return {
    debug: (message: string, extra?: Record<string, unknown>) => write('DEBUG', message, extra),
    info: (message: string, extra?: Record<string, unknown>) => write('INFO', message, extra),
    warn: (message: string, extra?: Record<string, unknown>) => write('WARN', message, extra),
    error: (message: string, extra?: Record<string, unknown>) => write('ERROR', message, extra),
    /** Keys on every later line of this invocation (cleared by `resetKeys`). */
    appendKeys(extra: Record<string, unknown>) {
      keys = { ...keys, ...extra };
    },
    resetKeys() {
      keys = {};
    },
    /** The invocation's Lambda context on every line; the first call of a container is its cold start. */
    addContext(lambda: LambdaContextFields) {
      context = {
        cold_start: coldStart,
        function_arn: lambda.invokedFunctionArn,
        function_memory_size: String(lambda.memoryLimitInMB),
        function_name: lambda.functionName,
        function_request_id: lambda.awsRequestId,
      };
      coldStart = false;
    },
  };
}

export type Logger = ReturnType<typeof makeLogger>;

export const logger = makeLogger('rapport');
