/**
 * The preview function: the HTTP API's route that needs the mail renderer
 * (`GET /contacts/{contactId}/preview/{step}`), served from its own
 * bundle so the API function stays small. The same payload v2 conversion as the API function.
 */
import { makePreviewApi } from '#api/preview-app.ts';
import { makeApiHandler } from './api-event.ts';
import { deployment, once, previewUseCase } from './setup.ts';

export const handler = makeApiHandler(once(() => makePreviewApi(previewUseCase(deployment()))));
