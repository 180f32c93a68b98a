/**
 * A request body read as its route's input: size (413), content type (415), JSON syntax (400), then
 * the route's zod schema (422 naming the field). Each check refuses before anything is written.
 */
import * as z from 'zod/mini';
import { fieldPath, issuesFromZod } from '#domain/validation.ts';
import { ApiError } from './errors.ts';
import { type ApiRequest, MAX_BODY_BYTES } from './http.ts';

export function readBody<T>(
  request: ApiRequest,
  schema: z.ZodMiniType<T>,
  accepts?: { mediaType: string; maxBytes: number },
): T {
  const raw = request.body ?? '';
  const maxBytes = accepts?.maxBytes ?? MAX_BODY_BYTES;
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new ApiError(413, 'body_too_large', `the body must be at most ${maxBytes / 1024} KB`, 'body');
  }
  let value: unknown;
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (accepts) {
    if (type !== accepts.mediaType) {
      throw new ApiError(
        415,
        'unsupported_media_type',
        `the body must be ${accepts.mediaType}`,
        'content-type',
      );
    }
    value = raw;
  } else if (raw.trim() !== '') {
    if (type !== 'application/json') {
      throw new ApiError(415, 'unsupported_media_type', 'the body must be application/json', 'content-type');
    }
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ApiError(400, 'invalid_json', 'the body is not valid JSON', 'body');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error, '');
    const first = parsed.error.issues[0];
    // An unknown key is named itself; a body of the wrong kind is `body`.
    const path =
      first?.code === 'unrecognized_keys' ? [...first.path, first.keys[0] ?? ''] : (first?.path ?? []);
    const field = path.length === 0 ? 'body' : fieldPath('', path);
    throw new ApiError(422, 'invalid_input', issues.map((i) => `${i.field}: ${i.message}`).join('; '), field);
  }
  return parsed.data;
}

/** The body of a route that takes none: nothing, or an empty object. */
export const noBody = z.optional(z.strictObject({}));
