/**
 * The classify function: `POST /replies/classify` (a raw reply read by the inbound function's
 * reader — with the model reader when one is configured), behind the same HTTP API, in its own
 * bundle. Reads and writes nothing but the request.
 */
import { makeReplyApi } from '#api/preview-app.ts';
import { systemClock } from '#shared/system-clock.ts';
import { makeApiHandler } from './api-event.ts';
import { once, replyReader } from './setup.ts';

export const handler = makeApiHandler(
  once(() => makeReplyApi({ clock: systemClock, readReply: replyReader() })),
);
