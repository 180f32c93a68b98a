/**
 * The API without Lambda: one request in, one response out. Route (404/405), body (413/415/400/422),
 * Idempotency-Key on POSTs, the client resolved in one place, the operation; every error becomes
 * the one error shape (`errors.ts`).
 */
import { readBody, readTextBody } from './body.ts';
import { errorResponse, responseForError } from './errors.ts';
import { type ApiRequest, type ApiResponse, json } from './http.ts';
import { type IdempotencyRecords, makeIdempotency } from './idempotency.ts';
import { makeRoutes, type OperationDeps, type Route } from './operations.ts';
import { makeRouter } from './router.ts';
import { checkAccess, checkAccessFirst, makeScopeResolver, type ScopeStore } from './scope.ts';

export interface ApiDeps extends OperationDeps {
  idempotency: IdempotencyRecords;
}

/** The API function: every operation of `operations.ts`. */
export function makeApi(deps: ApiDeps) {
  return serveRoutes(makeRoutes(deps), deps);
}

/**
 * The API core over a route table: the API function serves `operations.ts`, the preview function its
 * and the classify functions theirs (`preview-app.ts`). Without `idempotency`, a POST just runs:
 * only for routes that write nothing.
 */
export function serveRoutes(
  routes: Route[],
  deps: {
    store?: ScopeStore;
    jobs?: OperationDeps['jobs'];
    clock: OperationDeps['clock'];
    idempotency?: IdempotencyRecords;
  },
) {
  const lookup = makeRouter(routes);
  // Without a store, the routes name no client, campaign or contact (the classify function's).
  const resolveScope = deps.store ? makeScopeResolver(deps.store, deps.jobs) : async () => ({});
  const once = deps.idempotency
    ? makeIdempotency(deps.idempotency, () => deps.clock.now())
    : (_request: ApiRequest, run: () => Promise<ApiResponse>) => run();

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
      // Who may call comes first: a refused caller learns nothing from the body's checks.
      await checkAccessFirst(request.caller, route.access, params, resolveScope);
      const text = readTextBody(request, route.accepts);
      const body = text ? undefined : readBody(request, route.body, route.accepts);
      const run = async () => {
        const scope = await resolveScope(params);
        checkAccess(request.caller, route.access, scope, params);
        const outcome = await route.run({
          body,
          ...(text ? { text } : {}),
          params,
          query: request.query,
          scope,
          ...(request.caller ? { caller: request.caller } : {}),
          ...(request.headers.accept ? { accept: request.headers.accept } : {}),
        });
        if (outcome.contentType) {
          return {
            statusCode: outcome.status,
            headers: { 'content-type': outcome.contentType },
            body: String(outcome.body),
          };
        }
        return json(outcome.status, outcome.body);
      };
      return route.method === 'POST' ? await once(request, run, params.contactId) : await run();
    } catch (error) {
      return responseForError(error);
    }
  };
}

export type Api = ReturnType<typeof makeApi>;
