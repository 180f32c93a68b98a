/**
 * A request body read as its route's input: size (413), content type (415), JSON syntax (400), then
 * the route's zod schema (422 naming the field). Each check refuses before anything is written.
 */
import * as z from 'zod/mini';
import { fieldPath, issuesFromZod } from '#domain/validation.ts';
import { ApiError } from './errors.ts';
import { type ApiRequest, MAX_BODY_BYTES } from './http.ts';

/** A body a route takes as text (a CSV file), handed to it unparsed. */
export interface TextBody {
  mediaType: string;
  content: string;
}

/** What a route accepts besides JSON (see `Route.accepts`). */
export interface Accepts {
  /** Media types taken as text (`TextBody`) instead of JSON. */
  text?: readonly string[];
  /** Its own size limit (bytes), instead of MAX_BODY_BYTES. */
  maxBytes?: number;
  /** `false`: only `text` (a raw reply), never JSON. */
  json?: false;
}

/** The body as text when the route takes its media type as text; else `undefined` (then `readBody`). */
export function readTextBody(request: ApiRequest, accepts: Accepts = {}): TextBody | undefined {
  const type = mediaTypeOf(request);
  if (!accepts.text?.includes(type)) return undefined;
  checkSize(request.body ?? '', accepts.maxBytes);
  return { mediaType: type, content: request.body ?? '' };
}

const mediaTypeOf = (request: ApiRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function checkSize(raw: string, maxBytes = MAX_BODY_BYTES): void {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    const size = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes / 1024} KB`;
    throw new ApiError(413, 'body_too_large', `the body must be at most ${size}`, 'body');
  }
}

export function readBody<T>(request: ApiRequest, schema: z.ZodMiniType<T>, accepts: Accepts = {}): T {
  const raw = request.body ?? '';
  checkSize(raw, accepts.maxBytes);
  if (accepts.json === false) {
    const types = (accepts.text ?? []).join(' or ');
    if (raw !== '') {
      throw new ApiError(415, 'unsupported_media_type', `the body must be ${types}`, 'content-type');
    }
    throw new ApiError(422, 'invalid_input', `the body must be ${types}`, 'body');
  }
  let value: unknown;
  if (raw.trim() !== '') {
    const type = mediaTypeOf(request);
    if (type !== 'application/json') {
      const also = accepts.text?.length ? ` or ${accepts.text.join(' or ')}` : '';
      throw new ApiError(
        415,
        'unsupported_media_type',
        `the body must be application/json${also}`,
        'content-type',
      );
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
