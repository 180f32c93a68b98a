/**
 * The preview function: the HTTP API's routes that need the mail renderer or the reply reader
 * (`GET /contacts/{contactId}/preview/{step}`, `POST /replies/classify`), served from their own
 * bundle so the API function stays small. The same payload v2 conversion as the API function.
 */
import { makePreviewApi } from '#api/preview-app.ts';
import { makeApiHandler } from './api-event.ts';
import { deployment, once, previewUseCase } from './setup.ts';

export const handler = makeApiHandler(once(() => makePreviewApi(previewUseCase(deployment()))));
