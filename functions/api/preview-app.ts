/**
 * The API core (router, body, errors, the scope resolving `{contactId}` to its client) over the
 * routes that live in their own functions behind the same HTTP API, because their code does not fit
 * the API function's bundle: the preview function (mail renderer) and the classify function (reply
 * reader; the two together do not fit one 400 KB bundle either). Neither writes anything, so their
 * POST needs no Idempotency-Key record: a retry reads the reply again.
 */
import { serveRoutes } from './app.ts';
import { type PreviewDeps, previewRoutes } from './routes/previews.ts';
import { type ReplyDeps, replyRoutes } from './routes/replies.ts';

export type { PreviewDeps } from './routes/previews.ts';
export type { ReplyDeps } from './routes/replies.ts';

export function makePreviewApi(deps: PreviewDeps) {
  return serveRoutes(previewRoutes(deps), deps);
}

export function makeReplyApi(deps: ReplyDeps) {
  return serveRoutes(replyRoutes(deps), deps);
}
