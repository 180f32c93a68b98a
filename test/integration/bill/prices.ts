/**
 * The AWS bill of a run, from the AWS calls rapport's functions made (recorded by the SDK-call hook,
 * `functions/adapters/sdk-calls.ts`) × public list prices. Pure: the scenario is in ../bill.test.ts.
 *
 * PRICES: us-east-1 on-demand list prices from the services' public pricing pages, as last checked
 * by hand (2025-11; not fetched at run time — check before quoting): free tiers ignored.
 */
import type { SdkCall } from '#adapters/sdk-calls.ts';

export const PRICES_CHECKED = '2025-11 (us-east-1 list prices, free tiers ignored)';
export const PRICES = {
  /** SES: per email sent, per GB of outgoing message data, per email received. */
  sesPerEmail: 0.1 / 1000,
  sesPerGbSent: 0.12,
  sesPerEmailReceived: 0.1 / 1000,
  /** DynamoDB on-demand (after the Nov 2024 cut): per write / read request unit. */
  dynamoPerWru: 0.625 / 1e6,
  dynamoPerRru: 0.125 / 1e6,
  /** EventBridge Scheduler: per invocation (a schedule firing). */
  schedulerPerInvocation: 1 / 1e6,
  /** Lambda arm64: per request, per GB-second. */
  lambdaPerRequest: 0.2 / 1e6,
  lambdaPerGbSecond: 0.0000133334,
  /** S3 Standard: per GET, per PUT/COPY/LIST. */
  s3PerGet: 0.0004 / 1000,
  s3PerPut: 0.005 / 1000,
  /** X-Ray: per trace recorded (active tracing on every function). */
  xrayPerTrace: 5 / 1e6,
  /** API Gateway HTTP API: per request. */
  httpApiPerRequest: 1 / 1e6,
} as const;

/** Lambda assumptions: every function has 512 MB; an invocation's billed duration is taken as 300 ms. */
export const LAMBDA_ASSUMED = { memoryGb: 0.5, seconds: 0.3 } as const;

const KB = 1024;
const sizeOf = (item: unknown) => Buffer.byteLength(JSON.stringify(item ?? {}));
/** Write units of one item: 1 per started KB (updates and deletes: 1, their item size is unknown here). */
const wru = (item?: unknown) => (item === undefined ? 1 : Math.max(1, Math.ceil(sizeOf(item) / KB)));

/** DynamoDB request units of one call (reads as strongly consistent, 4 KB each; transactions ×2). */
export function dynamoUnits(call: SdkCall): { rru: number; wru: number } {
  const input = call.input as Record<string, unknown>;
  switch (call.operation) {
    case 'GetItem':
    case 'Query':
      return { rru: 1, wru: 0 };
    case 'BatchGetItem':
      return {
        rru: Object.values((input.RequestItems ?? {}) as Record<string, { Keys: unknown[] }>).reduce(
          (n, r) => n + r.Keys.length,
          0,
        ),
        wru: 0,
      };
    case 'TransactGetItems':
      return { rru: 2 * ((input.TransactItems as unknown[]) ?? []).length, wru: 0 };
    case 'PutItem':
      return { rru: 0, wru: wru(input.Item) };
    case 'UpdateItem':
    case 'DeleteItem':
      return { rru: 0, wru: 1 };
    case 'BatchWriteItem':
      return {
        rru: 0,
        wru: Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: unknown } }[]>)
          .flat()
          .reduce((n, r) => n + wru(r.PutRequest?.Item), 0),
      };
    case 'TransactWriteItems':
      return {
        rru: 0,
        wru: ((input.TransactItems as { Put?: { Item: unknown } }[]) ?? []).reduce(
          (n, item) => n + 2 * wru(item.Put?.Item),
          0,
        ),
      };
    default:
      return { rru: 0, wru: 0 };
  }
}

export interface Usage {
  /** Every AWS call, of every function. */
  calls: SdkCall[];
  /** Bytes of every raw message SES sent. */
  sentBytes: number;
  /** Replies SES received. */
  received: number;
  /** Lambda invocations (every function), and of them those behind the HTTP API. */
  invocations: number;
  apiRequests: number;
  /** Schedules that fired (each invokes dispatch). */
  schedulesFired: number;
}

export interface BillLine {
  service: string;
  quantity: string;
  usd: number;
}

/** The bill of `usage` scaled by `factor` (e.g. 1,000 / contacts in the run). */
export function bill(usage: Usage, factor: number): BillLine[] {
  const count = (service: string, ops: string[]) =>
    usage.calls.filter((c) => c.service === service && ops.includes(c.operation)).length * factor;
  const units = usage.calls
    .filter((c) => c.service === 'DynamoDB')
    .map(dynamoUnits)
    .reduce((a, b) => ({ rru: a.rru + b.rru, wru: a.wru + b.wru }), { rru: 0, wru: 0 });
  const emails = count('SES', ['SendRawEmail', 'SendEmail']);
  const gb = (usage.sentBytes * factor) / 1024 ** 3;
  const received = usage.received * factor;
  const invocations = usage.invocations * factor;
  const gbSeconds = invocations * LAMBDA_ASSUMED.memoryGb * LAMBDA_ASSUMED.seconds;
  // SES stores every reply in the bucket: one PUT each, on top of the functions' own.
  const gets = count('S3', ['GetObject', 'HeadObject']);
  const puts = count('S3', ['PutObject', 'CopyObject', 'DeleteObject', 'ListObjectVersions']) + received;
  const fired = usage.schedulesFired * factor;
  const api = usage.apiRequests * factor;
  const round = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    {
      service: 'SES (send)',
      quantity: `${round(emails)} emails, ${gb.toFixed(3)} GB`,
      usd: emails * PRICES.sesPerEmail + gb * PRICES.sesPerGbSent,
    },
    {
      service: 'SES (receive)',
      quantity: `${round(received)} replies`,
      usd: received * PRICES.sesPerEmailReceived,
    },
    {
      service: 'DynamoDB (on-demand)',
      quantity: `${round(units.wru * factor)} WRU, ${round(units.rru * factor)} RRU`,
      usd: units.wru * factor * PRICES.dynamoPerWru + units.rru * factor * PRICES.dynamoPerRru,
    },
    {
      service: 'EventBridge Scheduler',
      quantity: `${round(fired)} invocations`,
      usd: fired * PRICES.schedulerPerInvocation,
    },
    {
      service: 'Lambda (arm64)',
      quantity: `${round(invocations)} requests, ${round(gbSeconds)} GB-s`,
      usd: invocations * PRICES.lambdaPerRequest + gbSeconds * PRICES.lambdaPerGbSecond,
    },
    {
      service: 'S3',
      quantity: `${round(gets)} GET, ${round(puts)} PUT/LIST/DELETE`,
      usd: gets * PRICES.s3PerGet + puts * PRICES.s3PerPut,
    },
    { service: 'X-Ray', quantity: `${round(invocations)} traces`, usd: invocations * PRICES.xrayPerTrace },
    {
      service: 'API Gateway (HTTP)',
      quantity: `${round(api)} requests`,
      usd: api * PRICES.httpApiPerRequest,
    },
  ];
}

/** The bill as a Markdown table, with its total. */
export function billTable(lines: BillLine[], contacts: number): string {
  const total = lines.reduce((n, l) => n + l.usd, 0);
  return [
    `| per ${contacts.toLocaleString('en-US')} contacts | usage | USD |`,
    '| --- | --- | ---: |',
    ...lines.map((l) => `| ${l.service} | ${l.quantity} | ${l.usd.toFixed(4)} |`),
    `| **total** | | **${total.toFixed(4)}** |`,
  ].join('\n');
}
