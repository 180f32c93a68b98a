/**
 * The query string of the list routes, read: `limit` (a whole number within the route's bounds),
 * `cursor` (opaque, handed to the store, which checks it against the list it names) and `stage`.
 * Bad values are refused with 422 naming the parameter.
 */
import { ValidationError } from '#domain/errors.ts';
import { MAX_CURSOR_CHARS, type PageRequest } from '#domain/ports/store.ts';
import { STAGES, type Stage } from '#domain/types.ts';

export interface PageBounds {
  /** Page size when `limit` is not given. */
  defaultLimit: number;
  /** The largest `limit` accepted. */
  maxLimit: number;
}

/** A query parameter a route reads, as the OpenAPI document lists it. */
export interface QueryParameter {
  name: string;
  required?: boolean;
  description: string;
  schema: Record<string, unknown>;
}

/** The `limit` and `cursor` parameters of a paged list. */
export function pageParameters(bounds: PageBounds): QueryParameter[] {
  return [
    {
      name: 'limit',
      description: `page size (default ${bounds.defaultLimit})`,
      schema: { type: 'integer', minimum: 1, maximum: bounds.maxLimit },
    },
    {
      name: 'cursor',
      description: 'the opaque `cursor` of the previous page of the same list',
      schema: { type: 'string', maxLength: MAX_CURSOR_CHARS },
    },
  ];
}

/** The `stage` parameter. */
export function stageParameter(required: boolean, description: string): QueryParameter {
  return { name: 'stage', required, description, schema: { type: 'string', enum: [...STAGES] } };
}

export function pageOf(query: Record<string, string | undefined>, bounds: PageBounds): PageRequest {
  const { limit, cursor } = query;
  const page: PageRequest = { limit: bounds.defaultLimit };
  if (limit !== undefined) {
    const n = /^\d{1,6}$/.test(limit) ? Number(limit) : Number.NaN;
    if (!(n >= 1 && n <= bounds.maxLimit)) {
      throw ValidationError.of('limit', `must be a whole number from 1 to ${bounds.maxLimit}`);
    }
    page.limit = n;
  }
  if (cursor !== undefined) {
    if (cursor === '' || cursor.length > MAX_CURSOR_CHARS) {
      throw ValidationError.of('cursor', 'is not a cursor of this list');
    }
    page.cursor = cursor;
  }
  return page;
}

/** `stage`, one of the lifecycle's stages. */
export function stageOf(value: string | undefined): Stage {
  if (value === undefined) throw ValidationError.of('stage', `is required: one of ${STAGES.join(', ')}`);
  if (!(STAGES as readonly string[]).includes(value)) {
    throw ValidationError.of('stage', `must be one of ${STAGES.join(', ')}`);
  }
  return value as Stage;
}
