/**
 * `GET /openapi.json`: the document `npm run build:openapi` generated from this route table and its
 * zod schemas (`../openapi.ts`). The function only serves it: the bundle embeds the generated JSON,
 * and zod's JSON Schema generator never runs (or ships) here.
 */
import { noBody } from '../body.ts';
import { type Route, route } from '../route.ts';

export function openApiRoutes(): Route[] {
  return [
    route({
      name: 'getOpenApi',
      summary: 'This document: every operation, its input schema and its responses',
      method: 'GET',
      pattern: '/openapi.json',
      access: 'public',
      body: noBody,
      async run() {
        // Imported when first served, so that building the document (which reads this route
        // table) does not need the document it is about to write.
        const { default: document } = await import('../generated/openapi.json', { with: { type: 'json' } });
        return { status: 200, body: document };
      },
    }),
  ];
}
