/**
 * The reply reader's route, on the classify function (behind the same HTTP API; the reader does not
 * fit the API function's bundle, nor beside the renderer in the preview function's): a raw RFC 822
 * reply read as the inbound function reads it. It writes nothing, so a retry just reads it again.
 */
import { ValidationError } from '#domain/errors.ts';
import type { Clock } from '#domain/ports/clock.ts';
import { type ClassifyReader, classifyReply } from '#usecases/classify-reply.ts';
import { noBody } from '../body.ts';
import { ApiError } from '../errors.ts';
import { type Route, route } from '../route.ts';

export interface ReplyDeps {
  clock: Clock;
  /** The reader (default: the rules reader): with the model reader when one is configured, as inbound reads. */
  readReply?: ClassifyReader;
}

/** A raw reply is read from its first MiB (as the inbound function reads it). */
export const MAX_CLASSIFY_BYTES = 1024 * 1024;

export function replyRoutes({ clock, readReply }: ReplyDeps): Route[] {
  return [
    route({
      name: 'classifyReply',
      method: 'POST',
      pattern: '/replies/classify',
      body: noBody,
      accepts: { text: ['message/rfc822'], json: false, maxBytes: MAX_CLASSIFY_BYTES },
      query: [
        {
          name: 'timeZone',
          description:
            "IANA zone proposed times without one are read in, and given the offset of (the contact's; default UTC)",
          schema: { type: 'string' },
        },
        {
          name: 'meetingStart',
          description:
            'The booked meeting\'s start (ISO 8601 instant), when the contact has one: a request to move it reads as reschedule, "Monday, same time?" as Monday at its time of day',
          schema: { type: 'string', format: 'date-time' },
        },
      ],
      async run({ text, query }) {
        const body = text?.content ?? '';
        if (body === '') throw ValidationError.of('body', 'the body must be the raw reply (RFC 822)');
        let reading: Awaited<ReturnType<typeof classifyReply>>;
        try {
          reading = await classifyReply(Buffer.from(body, 'utf8'), {
            timeZone: query.timeZone,
            meetingStart: query.meetingStart,
            now: clock.now(),
            read: readReply,
          });
        } catch (error) {
          if (error instanceof ValidationError) throw error;
          // postal-mime refused the MIME structure: the message itself is at fault.
          throw new ApiError(422, 'invalid_input', `unreadable message: ${(error as Error).message}`, 'body');
        }
        return { status: 200, body: reading };
      },
    }),
  ];
}
