/**
 * The HTTP API function: API Gateway HTTP API (payload v2) events in, the API's responses out. All
 * the API is in `functions/api/`; this file only converts the event and builds the dependencies.
 */
import { makeApi } from '#api/app.ts';
import { makeApiHandler } from './api-event.ts';
import { apiUseCase, deployment, once } from './setup.ts';

export { type ApiEvent, makeApiHandler, requestFromEvent } from './api-event.ts';

export const handler = makeApiHandler(once(() => makeApi(apiUseCase(deployment()))));
