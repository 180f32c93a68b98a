/**
 * The preview and classify functions on the local gateway: the routes API Gateway sends to them
 * (`#api/separate-routes.ts`) invoke their handlers in process, built by the functions' own setup.
 */
import { makePreviewApi, makeReplyApi } from '#api/preview-app.ts';
import { functionFor } from '#api/separate-routes.ts';
import { makeApiHandler } from '#handlers/api-event.ts';
import { type Deployment, once, previewUseCase } from '#handlers/setup.ts';
import type { ApiGatewayHandler } from './api-gateway-events.ts';

export type OtherHandlers = Record<'preview' | 'classify', ApiGatewayHandler>;

/** The two functions' handlers on this deployment (as their Lambda entry points build them). */
export function otherFunctionHandlers(deployment: Deployment): OtherHandlers {
  return {
    preview: makeApiHandler(once(() => makePreviewApi(previewUseCase(deployment)))),
    classify: makeApiHandler(once(() => makeReplyApi({ clock: deployment.adapters.clock }))),
  };
}

/** The gateway's `otherFunction`: the handler of the function that serves a request, if not the API's. */
export function routeToOtherFunctions(handlers: OtherHandlers) {
  return (method: string, path: string) => {
    const fn = functionFor(method, path);
    return fn === 'api' ? undefined : { handler: handlers[fn], functionName: `rapport-${fn}` };
  };
}
