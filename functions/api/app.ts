/**
 * The API without Lambda: one request in, one response out. Route (404/405), body (413/415/400/422),
 * Idempotency-Key on POSTs, the client resolved in one place, the operation; every error becomes
 * the one error shape (`errors.ts`).
 */
import { readBody, readTextBody } from './body.ts';
import { errorResponse, responseForError } from './errors.ts';
import { type ApiRequest, type ApiResponse, json } from './http.ts';
import { type IdempotencyRecords, makeIdempotency } from './idempotency.ts';
import { makeRoutes, type OperationDeps } from './operations.ts';
import { makeRouter } from './router.ts';
import { makeScopeResolver } from './scope.ts';

export interface ApiDeps extends OperationDeps {
  idempotency: IdempotencyRecords;
}

export function makeApi(deps: ApiDeps) {
  const routes = makeRoutes(deps);
  const lookup = makeRouter(routes);
  const resolveScope = makeScopeResolver(deps.store, deps.jobs);
  const once = makeIdempotency(deps.idempotency, () => deps.clock.now());

  return async function serve(request: ApiRequest): Promise<ApiResponse> {
    try {
      const found = lookup(request.method, request.path);
      if (found.outcome === 'no_route') {
        return errorResponse(404, 'not_found', `no route ${request.method} ${request.path.slice(0, 200)}`);
      }
      if (found.outcome === 'wrong_method') {
        return {
          ...errorResponse(405, 'method_not_allowed', `use ${found.allowed.join(', ')}`),
          headers: { 'content-type': 'application/json; charset=utf-8', allow: found.allowed.join(', ') },
        };
      }
      const { route, params } = found.match;
      const text = readTextBody(request, route.accepts);
      const body = text ? undefined : readBody(request, route.body, route.accepts);
      const run = async () => {
        const scope = await resolveScope(params);
        const outcome = await route.run({
          body,
          ...(text ? { text } : {}),
          params,
          query: request.query,
          scope,
        });
        return json(outcome.status, outcome.body);
      };
      return route.method === 'POST' ? await once(request, run) : await run();
    } catch (error) {
      return responseForError(error);
    }
  };
}

export type Api = ReturnType<typeof makeApi>;
