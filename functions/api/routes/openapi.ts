/**
 * `GET /openapi.json`: the document `npm run build:openapi` generated from this route table and its
 * zod schemas (`../openapi.ts`). The function only serves it: the bundle embeds the generated
 * document Brotli-compressed (13 KB instead of 78 KB of JSON; node:zlib ships with the runtime), and
 * zod's JSON Schema generator never runs (or ships) here.
 */
import { brotliDecompressSync } from 'node:zlib';
import { noBody } from '../body.ts';
import { type Route, route } from '../route.ts';

let document: unknown;

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
        document ??= JSON.parse(
          brotliDecompressSync(
            Buffer.from((await import('../generated/openapi-packed.ts')).OPENAPI_BROTLI_BASE64, 'base64'),
          ).toString('utf8'),
        ) as unknown;
        return { status: 200, body: document };
      },
    }),
  ];
}
