/**
 * Which function serves which route, as API Gateway's routes send them: the API function serves
 * `operations.ts`, the preview and classify functions theirs (`preview-app.ts`). Read by the local
 * gateway, the tests and the OpenAPI document; no function imports it.
 */
import type { Route } from './route.ts';
import { makeRouter } from './router.ts';
import { type PreviewDeps, previewRoutes } from './routes/previews.ts';
import { type ReplyDeps, replyRoutes } from './routes/replies.ts';

/** The routes' shapes only (no operation is run). */
const SEPARATE = {
  preview: previewRoutes({} as PreviewDeps),
  classify: replyRoutes({} as ReplyDeps),
};

export type ApiFunction = 'api' | keyof typeof SEPARATE;

/** Which function serves a request, as API Gateway's routes send it (`local/` and the tests use this). */
export function functionFor(method: string, path: string): ApiFunction {
  for (const [name, routes] of Object.entries(SEPARATE) as [keyof typeof SEPARATE, Route[]][]) {
    if (makeRouter(routes)(method, path).outcome === 'found') return name;
  }
  return 'api';
}

/** Every route served outside the API function, with the function that serves it. */
export function separateOperations(): { route: Route; fn: Exclude<ApiFunction, 'api'> }[] {
  return (Object.entries(SEPARATE) as [Exclude<ApiFunction, 'api'>, Route[]][]).flatMap(([fn, routes]) =>
    routes.map((route) => ({ route, fn })),
  );
}
