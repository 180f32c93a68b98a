/**
 * The preview and classify functions on the local gateway: the routes API Gateway sends to them
 * (`#api/separate-routes.ts`) invoke their handlers in process, built by the functions' own setup.
 */
import { makePreviewApi, makeReplyApi } from '#api/preview-app.ts';
import { functionFor } from '#api/separate-routes.ts';
import { makeApiHandler } from '#handlers/api-event.ts';
import { type Deployment, once, previewUseCase } from '#handlers/setup.ts';
import type { ApiGatewayHandler } from './api-gateway-events.ts';

export function localOtherFunctions(deployment: Deployment) {
  const handlers: Record<'preview' | 'classify', ApiGatewayHandler> = {
    preview: makeApiHandler(once(() => makePreviewApi(previewUseCase(deployment)))),
    classify: makeApiHandler(once(() => makeReplyApi({ clock: deployment.adapters.clock }))),
  };
  return (method: string, path: string) => {
    const fn = functionFor(method, path);
    return fn === 'api' ? undefined : { handler: handlers[fn], functionName: `rapport-${fn}` };
  };
}
