/**
 * The preview function's API: the same core as the API function (router, body, errors, the scope
 * resolving `{contactId}` to its client) over the preview routes only. It writes nothing, so its
 * POST (`/replies/classify`) needs no Idempotency-Key record: a retry reads the reply again.
 */
import { serveRoutes } from './app.ts';
import { type PreviewDeps, previewRoutes } from './routes/previews.ts';

export type { PreviewDeps } from './routes/previews.ts';

export function makePreviewApi(deps: PreviewDeps) {
  return serveRoutes(previewRoutes(deps), deps);
}
