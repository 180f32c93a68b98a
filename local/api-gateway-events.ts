/**
 * API Gateway (HTTP API, payload v2) on loopback: each Node HTTP request becomes the event API
 * Gateway would send, the API function's handler is invoked with it in process, and its result is
 * written back. `npm start` serves the API this way, and nothing else is different from AWS.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { LocalRoutes } from './control-page.ts';
import type { JwtAuthorizer } from './jwt-authorizer.ts';
import { localContext } from './lambda-context.ts';

/** API Gateway's own limit on a request body (the API refuses far smaller ones itself). */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

export type ApiGatewayHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | string | undefined | unknown>;

async function readRaw(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The payload v2 event of a request (headers lower-cased and joined with commas, as API Gateway does). */
export function eventFromRequest(
  req: IncomingMessage,
  body: Buffer,
  now = new Date(),
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const method = (req.method ?? 'GET').toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: `local-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? { body: body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
}

/** What API Gateway lets through without a token: the OpenAPI document, the dashboard's files, preflights. */
export function isPublic(method: string, path: string): boolean {
  return (
    method === 'OPTIONS' ||
    (method === 'GET' && path === '/openapi.json') ||
    path === '/app' ||
    path.startsWith('/app/') ||
    path === '/local' ||
    path.startsWith('/local/')
  );
}

export interface LocalApiGateway {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1:`port` (0: any free port). `local` (`npm start`'s control page and
 * clock, under /local) answers first: local only, never part of the deployed API.
 */
export async function startLocalApiGateway(options: {
  port: number;
  handler: ApiGatewayHandler;
  functionName?: string;
  local?: LocalRoutes;
  /** The dashboard's static files under /app/ (`local/web-app.ts`), answered before `local`. */
  app?: LocalRoutes;
  /**
   * The routes API Gateway sends to another function (the preview and classify functions): the
   * function for a request, or undefined for `handler`'s.
   */
  otherFunction?: (
    method: string,
    path: string,
  ) => { handler: ApiGatewayHandler; functionName: string } | undefined;
  /**
   * The JWT authorizer (`jwt-authorizer.ts`): a request without a valid token is answered 401 as API
   * Gateway does, the claims of a valid one reach the function in `requestContext.authorizer.jwt`.
   * Without it no request carries a caller (the API answers 401 itself).
   */
  authorizer?: JwtAuthorizer;
}): Promise<LocalApiGateway> {
  const context = localContext(options.functionName ?? 'rapport-api');
  const server = createServer(async (req, res) => {
    try {
      if (options.app && (await options.app(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')))) return;
      if (options.local && (await options.local(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')))) {
        return;
      }
      const raw = await readRaw(req);
      if (raw === 'too_large') {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Request Entity Too Large' }));
        req.destroy();
        return;
      }
      const event = eventFromRequest(req, raw);
      if (options.authorizer && !isPublic(event.requestContext.http.method, event.rawPath)) {
        const claims = await options.authorizer(event.headers.authorization);
        if (!claims) {
          res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
          res.end(JSON.stringify({ message: 'Unauthorized' }));
          return;
        }
        (event.requestContext as { authorizer?: unknown }).authorizer = { jwt: { claims, scopes: null } };
      }
      const other = options.otherFunction?.(event.requestContext.http.method, event.rawPath);
      const result = (await (other
        ? other.handler(event, localContext(other.functionName))
        : options.handler(event, context))) as APIGatewayProxyStructuredResultV2;
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (error) {
      // What API Gateway answers when the function fails.
      console.error('API function failed:', error);
      if (res.headersSent) return void res.end();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal Server Error' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
