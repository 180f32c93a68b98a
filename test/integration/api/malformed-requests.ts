/**
 * Malformed requests for one operation of the OpenAPI document, derived from the document alone —
 * so an operation added to the route table is covered without writing a case for it:
 *
 * - for a JSON body: each property (nested ones too) with a wrong type, each required one missing,
 *   each bounded string one character too long, an unknown key at each strict level, a 1 MB string,
 *   invalid JSON, a list instead of the object, a content type the operation does not take;
 * - for an operation without a body: an unexpected key, invalid JSON, the wrong content type, 1 MB;
 * - for each `…Id` path parameter: an unknown id and a string that is no id;
 * - for each query parameter: a wrong type, a value out of its bounds or enum, a required one missing;
 * - for each POST that takes an Idempotency-Key: a malformed one.
 *
 * Each case names the field the answer must name (`error.field`). A wrong value is tried inside an
 * otherwise valid body (`validBody`: the smallest body the schema's types accept), so the value is
 * the only fault and the answer must name it.
 */
import { randomUUID } from 'node:crypto';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

export interface OpenApiOperation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

export interface MalformedRequest {
  name: string;
  /** Path parameters replaced for this case (the others are the fixtures' valid ids). */
  params?: Record<string, string>;
  body?: unknown;
  /** Sent as is instead of `body` serialised. */
  raw?: string;
  headers?: Record<string, string>;
  /** The query string: the operation's required parameters (valid) unless the case changes them. */
  query?: Record<string, string>;
  /** The field the error must name; several when either is right (a 1 MB string: 413 `body` or 422 the property). */
  field: string | string[];
  /** When the status is certain; otherwise any 4xx. */
  status?: number;
}

export const MB = 'x'.repeat(1024 * 1024);
const UNKNOWN_KEY = 'unexpectedField';
/** Percent-encoded quotes: decodes to a string that is no id (and never reaches the table as a key). */
const NO_ID = '%27'.repeat(100);

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

/** `a.b[0].c`, as the API names fields (`fieldPath` in domain/validation.ts). */
export function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? key : `${out}.${key}`),
    '',
  );
}

/** The smallest value the schema's types (and bounds) accept. */
export function validValue(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.examples && schema.examples.length > 0) return schema.examples[0];
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const option = (schema.anyOf ?? schema.oneOf)?.find((s) => typeOf(s) !== 'null');
  if (option) return validValue(option);
  switch (typeOf(schema)) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((key) => [key, validValue(schema.properties?.[key] ?? {})]),
      );
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => validValue(schema.items ?? {}));
    case 'string':
      return validString(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'x';
  }
}

function validString(schema: JsonSchema): string {
  switch (schema.format) {
    case 'email':
      return 'someone@example.com';
    case 'uuid':
      return randomUUID();
    case 'date-time':
      return '2027-03-01T09:00:00.000Z';
    case 'date':
      return '2027-03-01';
    case 'uri':
    case 'url':
      return 'https://example.com/';
  }
  if (schema.pattern !== undefined) {
    throw new Error(
      `a string field with a pattern (${schema.pattern}) needs an example in its schema (zod: .meta({ examples: [...] }))`,
    );
  }
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
}

/** A value of another JSON type than the schema's (undefined when the schema takes any value). */
function wrongType(schema: JsonSchema): unknown {
  switch (typeOf(schema)) {
    case 'string':
      return 12345;
    case 'integer':
    case 'number':
    case 'boolean':
    case 'array':
    case 'object':
      return 'not-the-right-type';
    default:
      return undefined;
  }
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

/** The body-level cases of an object schema at `path` inside `base` (where a valid object already is). */
function propertyCases(schema: JsonSchema, base: unknown, path: (string | number)[]): MalformedRequest[] {
  const cases: MalformedRequest[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    const at = [...path, key];
    const field = fieldName(at);
    const wrong = wrongType(property);
    if (wrong !== undefined) {
      cases.push({ name: `${field}: wrong type`, body: setAt(base, at, wrong), field, status: 422 });
    }
    if (required.has(key)) {
      cases.push({ name: `${field}: missing`, body: setAt(base, at, undefined), field, status: 422 });
    }
    if (typeOf(property) === 'string' && property.maxLength !== undefined && property.maxLength < 100_000) {
      const long = 'x'.repeat(property.maxLength + 1);
      cases.push({ name: `${field}: too long`, body: setAt(base, at, long), field, status: 422 });
    }
    // Nested objects (and objects in lists): the same cases one level down, inside a valid value.
    if (typeOf(property) === 'object' && property.properties) {
      const nested = setAt(base, at, validValue(property));
      cases.push(...propertyCases(property, nested, at), ...unknownKeyCase(property, nested, at));
    }
    const items = property.items;
    if (typeOf(property) === 'array' && items && typeOf(items) === 'object' && items.properties) {
      const nested = setAt(base, at, [validValue(items)]);
      cases.push(...propertyCases(items, nested, [...at, 0]), ...unknownKeyCase(items, nested, [...at, 0]));
    }
  }
  return cases;
}

function unknownKeyCase(schema: JsonSchema, base: unknown, path: (string | number)[]): MalformedRequest[] {
  if (schema.additionalProperties !== false) return [];
  const field = fieldName([...path, UNKNOWN_KEY]);
  return [
    { name: `${field}: unknown key`, body: setAt(base, [...path, UNKNOWN_KEY], 1), field, status: 422 },
  ];
}

/** The first string property of an object schema (top level), for the 1 MB string. */
function firstStringProperty(schema: JsonSchema): string | undefined {
  return Object.entries(schema.properties ?? {}).find(([, p]) => typeOf(p) === 'string')?.[0];
}

/** The smallest valid body of an operation (undefined when it takes none). */
export function validBody(operation: OpenApiOperation): unknown {
  const schema = operation.requestBody?.content['application/json']?.schema;
  return schema ? validValue(schema) : undefined;
}

/** Malformed values of one query parameter (a query string carries text: a type is a text's shape). */
function queryCases(
  parameter: { name: string; required?: boolean; schema?: JsonSchema },
  base: Record<string, string>,
): MalformedRequest[] {
  const { name, schema = {} } = parameter;
  const with_ = (value: string | undefined) => {
    const query = { ...base };
    if (value === undefined) delete query[name];
    else query[name] = value;
    return query;
  };
  const cases: MalformedRequest[] = [];
  const type = typeOf(schema);
  if (parameter.required)
    cases.push({ name: `?${name} missing`, query: with_(undefined), field: name, status: 422 });
  if (type === 'integer' || type === 'number') {
    cases.push({ name: `?${name} not a number`, query: with_('abc'), field: name, status: 422 });
    if (schema.minimum !== undefined) {
      cases.push({
        name: `?${name} below its minimum`,
        query: with_(String(schema.minimum - 1)),
        field: name,
        status: 422,
      });
    }
    if (schema.maximum !== undefined) {
      cases.push({
        name: `?${name} above its maximum`,
        query: with_(String(schema.maximum + 1)),
        field: name,
        status: 422,
      });
    }
  }
  if (schema.enum)
    cases.push({
      name: `?${name} not one of its values`,
      query: with_('not-a-value'),
      field: name,
      status: 422,
    });
  if (type === 'string' && schema.maxLength !== undefined && schema.maxLength < 100_000) {
    cases.push({
      name: `?${name} too long`,
      query: with_('x'.repeat(schema.maxLength + 1)),
      field: name,
      status: 422,
    });
  }
  return cases;
}

/** The query string every case sends: each required parameter, valid. */
export function validQuery(operation: OpenApiOperation): Record<string, string> {
  return Object.fromEntries(
    (operation.parameters ?? [])
      .filter((p) => p.in === 'query' && p.required)
      .map((p) => [p.name, String(validValue(p.schema ?? {}))]),
  );
}

export function malformedRequests(method: string, operation: OpenApiOperation): MalformedRequest[] {
  const content = operation.requestBody?.content ?? {};
  const schema = content['application/json']?.schema;
  const base = validBody(operation);
  const cases: MalformedRequest[] = [];

  if (schema && typeOf(schema) === 'object') {
    cases.push(...propertyCases(schema, base, []), ...unknownKeyCase(schema, base, []));
    cases.push({ name: 'a list instead of the object', body: [base], field: 'body', status: 422 });
    const text = firstStringProperty(schema);
    cases.push({
      name: '1 MB string',
      body: { ...(base as object), [text ?? UNKNOWN_KEY]: MB },
      field: text ? ['body', text] : ['body', UNKNOWN_KEY],
    });
  } else if (!operation.requestBody) {
    cases.push({
      name: 'a body it does not take',
      body: { [UNKNOWN_KEY]: 1 },
      field: UNKNOWN_KEY,
      status: 422,
    });
    cases.push({ name: '1 MB string', body: { [UNKNOWN_KEY]: MB }, field: ['body', UNKNOWN_KEY] });
  }
  if (schema || !operation.requestBody) {
    cases.push({ name: 'invalid JSON', raw: '{"', field: 'body', status: 400 });
  }
  // A route that takes only text (a raw reply): JSON is the wrong media type, an empty text no body.
  const textTypes = Object.keys(content).filter((type) => type !== 'application/json');
  if (operation.requestBody && !schema && textTypes.length > 0) {
    cases.push({ name: 'a JSON body', body: { text: 'yes' }, field: 'content-type', status: 415 });
    cases.push({
      name: `an empty ${textTypes[0]} body`,
      raw: '',
      headers: { 'content-type': textTypes[0] as string },
      field: 'body',
      status: 422,
    });
  }
  const wrongMedia = ['application/x-www-form-urlencoded', 'text/html'].find((type) => !(type in content));
  if (wrongMedia) {
    cases.push({
      name: `content type ${wrongMedia}`,
      raw: JSON.stringify(base ?? {}),
      headers: { 'content-type': wrongMedia },
      field: 'content-type',
      status: 415,
    });
  }

  for (const { name, in: where } of operation.parameters ?? []) {
    if (where !== 'path' || !name.endsWith('Id')) continue;
    cases.push({
      name: `unknown ${name}`,
      params: { [name]: randomUUID() },
      body: base,
      field: name,
      status: 404,
    });
    cases.push({
      name: `${name} that is no id`,
      params: { [name]: NO_ID },
      body: base,
      field: name,
      status: 404,
    });
  }
  if (method === 'POST' && operation.parameters?.some((p) => p.name === 'Idempotency-Key')) {
    cases.push({
      name: 'malformed Idempotency-Key',
      body: base,
      headers: { 'idempotency-key': 'not a key: it has spaces' },
      field: 'Idempotency-Key',
      status: 400,
    });
  }
  const query = validQuery(operation);
  // A parameter's cases also give the optional ones with a closed set of values (a board's `stage`:
  // its `cursor` pages one column, so needs it), leaving the one parameter at fault.
  const fuller = {
    ...Object.fromEntries(
      (operation.parameters ?? [])
        .filter((p) => p.in === 'query' && p.schema?.enum)
        .map((p) => [p.name, String(validValue(p.schema ?? {}))]),
    ),
    ...query,
  };
  for (const parameter of operation.parameters ?? []) {
    // With the valid body, when the operation takes one: the query is the one thing at fault.
    if (parameter.in === 'query')
      cases.push(
        ...queryCases(parameter, fuller).map((c) => (base === undefined ? c : { ...c, body: base })),
      );
  }
  return cases.map((c) => ({ ...c, query: c.query ?? query }));
}
