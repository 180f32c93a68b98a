/**
 * The variables a template may use, declared next to it in `templates/<name>/schema.json`.
 * The build checks every `{{ var }}` against it; a send checks the data against it, so a missing
 * value is refused by name before Liquid runs (never "Hi ,").
 *
 * Leaves: `string` (required, not blank), `string?` (optional: blank or absent becomes null, so
 * Liquid's `default` and `if` work under strictVariables), `number`, `number?`, `boolean`.
 * Objects nest; an array is a one-element array holding the schema of its items.
 */
export type LeafType = 'string' | 'string?' | 'number' | 'number?' | 'boolean';
export type SchemaNode = LeafType | SchemaObject | [SchemaNode];
export interface SchemaObject {
  [key: string]: SchemaNode;
}

export type Audience = 'contact' | 'client';

export interface TemplateSchema {
  /** Who gets it: contact emails carry the unsubscribe line and header, client emails do not. */
  audience: Audience;
  description: string;
  /** Liquid, rendered without HTML escaping. */
  subject: string;
  variables: SchemaObject;
}

/** Variables the shared layout provides to every template. */
export const LAYOUT_VARIABLES: Record<Audience, SchemaObject> = {
  // The personal layout (templates/layout-personal.*): no logo, no colour; the postal address only
  // where the consultancy's country requires it; the client's signature lines.
  contact: {
    consultancy: { name: 'string', postalAddress: 'string', postalAddressRequired: 'boolean' },
    unsubscribeUrl: 'string',
    signature: ['string'],
  },
  client: {
    consultancy: { name: 'string', color: 'string', logoUrl: 'string', postalAddress: 'string' },
  },
};

export function withLayoutVariables(schema: TemplateSchema): SchemaObject {
  return { ...LAYOUT_VARIABLES[schema.audience], ...schema.variables };
}

const isLeaf = (node: SchemaNode): node is LeafType => typeof node === 'string';

/** Liquid's array helpers usable after an array variable. */
const ARRAY_PROPS = new Set(['size', 'first', 'last']);

/**
 * Follows a variable path (`contact.firstName`, `questions.size`) through the schema. Returns the
 * schema node reached, or the first segment that does not exist.
 */
export function resolvePath(
  root: SchemaNode,
  segments: readonly (string | number)[],
): { ok: true; node: SchemaNode } | { ok: false; at: string } {
  let node: SchemaNode = root;
  const seen: string[] = [];
  for (const raw of segments) {
    const segment = String(raw);
    seen.push(segment);
    if (isLeaf(node)) {
      if (segment === 'size' && node.startsWith('string')) return { ok: true, node: 'number' };
      return { ok: false, at: seen.join('.') };
    }
    if (Array.isArray(node)) {
      if (segment === 'size') {
        node = 'number';
      } else if (/^\d+$/.test(segment) || ARRAY_PROPS.has(segment)) {
        node = node[0];
      } else {
        return { ok: false, at: seen.join('.') };
      }
      continue;
    }
    const next: SchemaNode | undefined = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (next === undefined) return { ok: false, at: seen.join('.') };
    node = next;
  }
  return { ok: true, node };
}

/**
 * Checks `data` against the schema and returns a copy ready for strict Liquid: optional values
 * that are absent or blank become null. Lists every problem as `path: what` (empty when fine).
 */
export function prepareTemplateData(
  variables: SchemaObject,
  data: Record<string, unknown>,
): { data: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const walk = (node: SchemaNode, value: unknown, path: string): unknown => {
    if (isLeaf(node)) {
      const optional = node.endsWith('?');
      const type = optional ? node.slice(0, -1) : node;
      if (
        value === undefined ||
        value === null ||
        (type === 'string' && typeof value === 'string' && !value.trim())
      ) {
        if (!optional) problems.push(`${path}: missing`);
        return null;
      }
      if (type === 'string' && typeof value !== 'string') problems.push(`${path}: not a string`);
      if (type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) {
        problems.push(`${path}: not a number`);
      }
      if (type === 'boolean' && typeof value !== 'boolean') problems.push(`${path}: not true/false`);
      return value;
    }
    if (Array.isArray(node)) {
      if (!Array.isArray(value)) {
        problems.push(`${path}: missing`);
        return [];
      }
      return value.map((item, i) => walk(node[0], item, `${path}[${i}]`));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path}: missing`);
      return {};
    }
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      out[key] = walk(child, source[key], path ? `${path}.${key}` : key);
    }
    return out;
  };
  const out = walk(variables, data, '') as Record<string, unknown>;
  return { data: out, problems };
}

/** One template as the build leaves it: MJML already turned into HTML, Liquid placeholders kept. */
export interface CompiledTemplate {
  name: string;
  audience: Audience;
  description: string;
  /** Liquid source of the subject line. */
  subject: string;
  /** Liquid source of the HTML part (MJML compiled, layout applied). */
  html: string;
  /** Liquid source of the plain-text part (layout applied). */
  text: string;
  /** The declared variables, layout variables included. */
  variables: SchemaObject;
}
