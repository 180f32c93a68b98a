/**
 * The OpenAPI 3.1 document of the API, from the same route table and zod schemas the function uses.
 * Built at build time (`npm run build:openapi` writes `functions/api/generated/openapi.json`, which
 * `GET /openapi.json` serves); the function never imports this file (zod's JSON Schema generator
 * stays out of its bundle).
 */
import { toJSONSchema } from 'zod';
import { MAX_BODY_BYTES } from './http.ts';
import { IDEMPOTENCY_TTL_SECONDS } from './idempotency.ts';
import { makeRoutes, type OperationDeps, type Route } from './operations.ts';
import { separateOperations } from './separate-routes.ts';

/** The routes for their shape only: no operation is run, so they need no dependencies. */
const ROUTES: Route[] = makeRoutes({} as OperationDeps);

/** The API's routes served by other functions behind the same HTTP API (`separate-routes.ts`). */
const SEPARATE = new Map(separateOperations().map(({ route, fn }) => [route, fn]));

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'field'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: ['string', 'null'], description: 'the field, header or path parameter at fault' },
      },
    },
  },
};

const SUCCESS: Record<string, string> = {
  '200': 'done',
  '201': 'created: the new resource',
  '202': 'accepted: `{job}`, followed at `GET /jobs/{jobId}`',
  '204': 'done, nothing to return',
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function bodySchema(route: Route): Record<string, unknown> {
  const { $schema: _, ...schema } = toJSONSchema(route.body, { io: 'input' }) as Record<string, unknown>;
  return schema;
}

/** Whether the route takes a body with fields (not only nothing or `{}`). */
function takesBody(schema: Record<string, unknown>): boolean {
  return Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {}).length > 0;
}

/** The body a route takes: JSON by its schema, and/or the media types it takes as text (`accepts`). */
function requestBody(route: Route, schema: Record<string, unknown>): Record<string, unknown> {
  const accepts = route.accepts ?? {};
  const content: Record<string, unknown> = {};
  if (accepts.json !== false && takesBody(schema)) content['application/json'] = { schema };
  for (const type of accepts.text ?? []) content[type] = { schema: { type: 'string' } };
  if (Object.keys(content).length === 0) return {};
  const max = accepts.maxBytes;
  return {
    requestBody: {
      required: true,
      ...(max
        ? { description: `at most ${max >= 1024 * 1024 ? `${max / 1024 / 1024} MB` : `${max / 1024} KB`}` }
        : {}),
      content,
    },
  };
}

export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...ROUTES, ...SEPARATE.keys()]) {
    const schema = bodySchema(route);
    const parameters: unknown[] = [...route.pattern.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    for (const { name, required, description, schema } of route.query ?? []) {
      parameters.push({ name, in: 'query', required: required ?? false, description, schema });
    }
    // The routes of the separate functions write nothing: they keep no Idempotency-Key (a retry just runs).
    if (route.method === 'POST' && !SEPARATE.has(route)) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: `A retry with the same key answers the first response and changes nothing (kept ${IDEMPOTENCY_TTL_SECONDS / 3600} hours); the same key with another request is a 422.`,
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      });
    }
    const success = String(route.status ?? 200);
    paths[route.pattern] ??= {};
    (paths[route.pattern] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.name,
      ...(route.summary ? { summary: route.summary } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.access === 'public' ? { security: [] } : {}),
      ...(SEPARATE.has(route) ? { 'x-rapport-function': SEPARATE.get(route) } : {}),
      ...requestBody(route, schema),
      responses: {
        [success]: {
          description: SUCCESS[success] ?? 'done',
          content: {
            'application/json': { schema: {} },
            ...Object.fromEntries(
              (route.produces ?? []).map((type) => [type, { schema: { type: 'string' } }]),
            ),
          },
        },
        '400': errorResponse('invalid JSON or Idempotency-Key'),
        ...(route.access === 'public'
          ? {}
          : {
              '401': {
                description: 'no valid token or signature (API Gateway answers `{"message":"Unauthorized"}`)',
              },
              '403': errorResponse(
                route.access === 'admin' || route.access === 'consultancy'
                  ? 'admins only'
                  : "a coach on another coach's client (`forbidden`)",
              ),
            }),
        '404': errorResponse('no such route, client or campaign'),
        '409': errorResponse('a refused transition, or the Idempotency-Key still in use'),
        '413': errorResponse(`the body is over ${MAX_BODY_BYTES / 1024} KB`),
        '415': errorResponse('the body is not application/json'),
        '422': errorResponse('a field is refused (named in `field`)'),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'rapport', version },
    // Two APIs in front of the same functions: people send a Cognito ID token (the JWT API, and the
    // local gateway), automation signs with AWS SigV4 (the IAM API).
    security: [{ cognito: [] }, { sigv4: [] }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The ID token of a Cognito sign-in (`rapport login`); groups `admin` and `coach`',
        },
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: "AWS Signature Version 4 (service `execute-api`), from the caller's IAM credentials",
        },
      },
    },
  };
}

/** Every operation of the document as `METHOD /pattern`. */
export function operationsOf(document: ReturnType<typeof openApiDocument>): string[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
}
