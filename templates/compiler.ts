/**
 * Build-time only: turns `templates/<name>/{body.mjml,text.liquid,schema.json}` plus the shared
 * layout into compiled templates that keep their Liquid placeholders. Imports mjml, so nothing in
 * functions/ may import this file (the bundle test checks that no mjml reaches the send path).
 *
 * Every problem is reported as `file:line: message`:
 * - invalid MJML (strict validation), mapped back from the assembled document to the layout or body
 * - a Liquid syntax error
 * - a variable the template's schema (plus the layout's variables) does not declare
 * - a placeholder MJML dropped or mangled on the way (compared before and after)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { Liquid, type Template } from 'liquidjs';
import mjml2html from 'mjml';
import {
  type Audience,
  type CompiledTemplate,
  LAYOUT_VARIABLES,
  resolvePath,
  type SchemaNode,
  type SchemaObject,
  type TemplateSchema,
  withLayoutVariables,
} from '#mail/template-schema.ts';

export interface BuildProblem {
  file: string;
  line?: number;
  message: string;
}

export class TemplateBuildError extends Error {
  constructor(readonly problems: BuildProblem[]) {
    super(
      `template build failed:\n${problems.map((p) => `  ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n')}`,
    );
    this.name = 'TemplateBuildError';
  }
}

/** Values MJML must not touch (they sit in attributes and CSS); swapped for Liquid after compiling. */
export const SENTINELS: Record<string, string> = {
  '#0a0b0c': '{{ consultancy.color }}',
  'https://rapport.invalid/logo.png': '{{ consultancy.logoUrl }}',
  'RAPPORT-CONSULTANCY-NAME': '{{ consultancy.name }}',
};

const BODY_MARKER = '<!-- @body -->';
const NOTICE_MARKER = '<!-- @notice -->';
const LEAVES = new Set(['string', 'string?', 'number', 'number?', 'boolean']);

const liquid = new Liquid({ strictVariables: true });

function rel(file: string): string {
  return relative(process.cwd(), file) || file;
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

function checkSchemaNode(node: unknown, path: string, file: string, problems: BuildProblem[]): void {
  if (typeof node === 'string') {
    if (!LEAVES.has(node)) problems.push({ file, message: `variable ${path}: unknown type "${node}"` });
  } else if (Array.isArray(node)) {
    if (node.length !== 1) problems.push({ file, message: `variable ${path}: a list holds one item schema` });
    else checkSchemaNode(node[0], `${path}[]`, file, problems);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, child] of Object.entries(node)) checkSchemaNode(child, `${path}.${key}`, file, problems);
  } else {
    problems.push({ file, message: `variable ${path}: not a type` });
  }
}

function readSchema(file: string, problems: BuildProblem[]): TemplateSchema | undefined {
  const text = readFileSync(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push({ file: rel(file), message: `invalid JSON: ${(error as Error).message}` });
    return undefined;
  }
  const schema = value as Partial<TemplateSchema>;
  const before = problems.length;
  if (schema.audience !== 'contact' && schema.audience !== 'client') {
    problems.push({
      file: rel(file),
      line: lineOf(text, '"audience"'),
      message: 'audience must be "contact" or "client"',
    });
  }
  if (typeof schema.subject !== 'string' || !schema.subject.trim()) {
    problems.push({ file: rel(file), message: 'subject is required' });
  }
  if (typeof schema.variables !== 'object' || schema.variables === null || Array.isArray(schema.variables)) {
    problems.push({ file: rel(file), message: 'variables must be an object' });
  } else {
    for (const [key, node] of Object.entries(schema.variables))
      checkSchemaNode(node, key, rel(file), problems);
  }
  return problems.length === before ? (schema as TemplateSchema) : undefined;
}

interface Source {
  /** Shown in problems. */
  file: string;
  text: string;
  /** Added to Liquid's line numbers (for a subject inside schema.json). */
  lineOffset?: number;
}

/** Parses Liquid and checks every variable against the schema; returns the variable paths used. */
function checkLiquid(source: Source, variables: SchemaObject, problems: BuildProblem[]): Set<string> {
  const used = new Set<string>();
  let parsed: Template[];
  try {
    parsed = liquid.parse(source.text);
  } catch (error) {
    const match = /line:(\d+)/.exec((error as Error).message);
    problems.push({
      file: source.file,
      line: match?.[1] ? Number(match[1]) + (source.lineOffset ?? 0) : source.lineOffset,
      message: `Liquid: ${(error as Error).message.split(', line:')[0]}`,
    });
    return used;
  }
  // `{% for q in questions %}`: q is an item of questions.
  const aliases = new Map<string, SchemaNode>();
  for (const match of source.text.matchAll(/\{%-?\s*for\s+(\w+)\s+in\s+([\w.]+)/g)) {
    const [, alias = '', listPath = ''] = match;
    const list = resolvePath(variables, listPath.split('.'));
    if (list.ok && Array.isArray(list.node)) aliases.set(alias, list.node[0]);
  }
  const analysis = liquid.analyzeSync(parsed);
  for (const [root, occurrences] of Object.entries(analysis.variables)) {
    for (const variable of occurrences) {
      const segments = variable.segments.map(String);
      const line = (variable.location?.row ?? 0) + (source.lineOffset ?? 0) || undefined;
      if (root === 'forloop') continue;
      const alias = aliases.get(root);
      const result = alias ? resolvePath(alias, segments.slice(1)) : resolvePath(variables, segments);
      if (!alias) used.add(segments.join('.'));
      if (!result.ok) {
        const name = alias ? `${root}.${segments.slice(1).join('.')}` : segments.join('.');
        problems.push({
          file: source.file,
          line,
          message: `{{ ${name} }} is not declared in the template's schema (no ${result.at})`,
        });
      }
    }
  }
  return used;
}

/** Where a line of the assembled MJML came from. */
function mapLine(line: number, bodyStart: number, bodyLines: number, layoutFile: string, bodyFile: string) {
  if (line < bodyStart) return { file: layoutFile, line };
  if (line < bodyStart + bodyLines) return { file: bodyFile, line: line - bodyStart + 1 };
  return { file: layoutFile, line: line - bodyLines + 1 };
}

interface MjmlError {
  line: number;
  message: string;
  tagName?: string;
}

/** The MJML options of the build (and of the bench's naive path, so both produce the same email). */
export const MJML_OPTIONS = {
  validationLevel: 'strict',
  keepComments: false,
  minify: true,
  minifyOptions: { minifyCss: false },
} as const;

async function compileMjml(
  mjml: string,
  map: (line: number) => { file: string; line: number },
  problems: BuildProblem[],
): Promise<string | undefined> {
  try {
    const result = await mjml2html(mjml, MJML_OPTIONS);
    return result.html;
  } catch (error) {
    const { details: d, errors: e } = error as { details?: MjmlError[]; errors?: MjmlError[] };
    const details = d ?? e;
    if (!details?.length) {
      problems.push({ ...map(1), line: undefined, message: `MJML: ${(error as Error).message}` });
      return undefined;
    }
    for (const detail of details) {
      const at = map(detail.line);
      problems.push({ file: at.file, line: at.line, message: `MJML: ${detail.message}` });
    }
    return undefined;
  }
}

/** The audience a schema.json declares (undefined when it cannot be read: readSchema reports why). */
function readAudience(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { audience?: unknown }).audience;
  } catch {
    return undefined;
  }
}

export async function compileTemplate(dir: string, name: string): Promise<CompiledTemplate> {
  const problems: BuildProblem[] = [];
  const folder = join(dir, name);
  // Emails to a contact go out in the client's name: the personal layout (white, text only, the
  // client's signature); the consultancy's branded layout stays on what is sent to the client.
  const personal = readAudience(join(folder, 'schema.json')) === 'contact';
  const layoutName = personal ? 'layout-personal' : 'layout';
  const files = {
    layout: join(dir, `${layoutName}.mjml`),
    layoutText: join(dir, `${layoutName}.txt`),
    notices: join(dir, 'notices.json'),
    schema: join(folder, 'schema.json'),
    body: join(folder, 'body.mjml'),
    text: join(folder, 'text.liquid'),
  };
  for (const file of Object.values(files)) {
    if (!existsSync(file)) problems.push({ file: rel(file), message: 'missing' });
  }
  if (problems.length > 0) throw new TemplateBuildError(problems);

  const schema = readSchema(files.schema, problems);
  if (!schema) throw new TemplateBuildError(problems);
  const variables = withLayoutVariables(schema);
  const notices = JSON.parse(readFileSync(files.notices, 'utf8')) as Record<
    Audience,
    { html: string; text: string }
  >;
  const notice = notices[schema.audience];
  const layout = readFileSync(files.layout, 'utf8');
  const layoutText = readFileSync(files.layoutText, 'utf8');
  const body = readFileSync(files.body, 'utf8').replace(/\s+$/, '');
  const text = readFileSync(files.text, 'utf8').replace(/\s+$/, '');
  const schemaText = readFileSync(files.schema, 'utf8');

  // Layout pieces may only use the layout's variables; template pieces their declared ones.
  const layoutVariables = LAYOUT_VARIABLES[schema.audience];
  const sourceUsed = new Set<string>();
  const collect = (source: Source, vars: SchemaObject) => {
    for (const v of checkLiquid(source, vars, problems)) sourceUsed.add(v);
  };
  collect({ file: rel(files.layout), text: layout }, layoutVariables);
  collect({ file: rel(files.notices), text: notice.html }, layoutVariables);
  collect({ file: rel(files.body), text: body }, variables);
  const htmlUsed = new Set(sourceUsed);
  checkLiquid({ file: rel(files.layoutText), text: layoutText }, layoutVariables, problems);
  checkLiquid({ file: rel(files.notices), text: notice.text }, layoutVariables, problems);
  checkLiquid({ file: rel(files.text), text }, variables, problems);
  checkLiquid(
    { file: rel(files.schema), text: schema.subject, lineOffset: (lineOf(schemaText, '"subject"') ?? 1) - 1 },
    variables,
    problems,
  );

  const bodyStart = lineOf(layout, BODY_MARKER);
  if (!bodyStart) problems.push({ file: rel(files.layout), message: `has no ${BODY_MARKER} line` });
  if (!layout.includes(NOTICE_MARKER))
    problems.push({ file: rel(files.layout), message: `has no ${NOTICE_MARKER}` });
  if (problems.length > 0 || !bodyStart) throw new TemplateBuildError(problems);

  const layoutLines = layout.split('\n');
  const assembled = [...layoutLines.slice(0, bodyStart - 1), body, ...layoutLines.slice(bodyStart)]
    .join('\n')
    .replace(NOTICE_MARKER, notice.html);
  const bodyLines = body.split('\n').length;
  const compiled = await compileMjml(
    assembled,
    (line) => mapLine(line, bodyStart, bodyLines, rel(files.layout), rel(files.body)),
    problems,
  );
  if (compiled === undefined) throw new TemplateBuildError(problems);

  let html = compiled;
  for (const [sentinel, liquidValue] of Object.entries(SENTINELS)) {
    if (!html.includes(sentinel) && assembled.includes(sentinel)) {
      problems.push({ file: rel(files.layout), message: `MJML output lost the placeholder ${sentinel}` });
    }
    html = html.split(sentinel).join(liquidValue);
  }
  // Whatever MJML did, the output must still parse as Liquid and use every variable the source did.
  const outputUsed = checkLiquid({ file: `${rel(files.body)} (compiled)`, text: html }, variables, problems);
  for (const variable of htmlUsed) {
    if (!outputUsed.has(variable)) {
      problems.push({
        file: rel(files.body),
        line: lineOf(body, variable),
        message: `MJML dropped or mangled {{ ${variable} }}; keep Liquid in text content and href attributes`,
      });
    }
  }
  if (problems.length > 0) throw new TemplateBuildError(problems);

  const textSource = layoutText
    .replace(BODY_MARKER, text)
    .replace(NOTICE_MARKER, notice.text)
    .replace(/\s+$/, '\n');
  return {
    name,
    audience: schema.audience,
    description: schema.description ?? '',
    subject: schema.subject,
    html,
    text: textSource,
    variables,
  };
}

/** The template folders of `dir`: every sub-folder with a schema.json. */
export function templateNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'schema.json')))
    .map((entry) => entry.name)
    .sort();
}

/** Compiles every template, collecting the problems of all of them before failing. */
export async function compileTemplates(dir: string): Promise<CompiledTemplate[]> {
  const problems: BuildProblem[] = [];
  const out: CompiledTemplate[] = [];
  for (const name of templateNames(dir)) {
    try {
      out.push(await compileTemplate(dir, name));
    } catch (error) {
      if (error instanceof TemplateBuildError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new TemplateBuildError(problems);
  return out;
}

/**
 * Source of functions/mail/generated/templates.ts. The compiled templates are embedded
 * Brotli-compressed (base64) and unpacked once when the module loads (node:zlib ships with the
 * runtime): the layouts' head and styles repeat in every template, and compressed they cost the
 * send-path bundle a fraction of the 33 KB they take as JavaScript strings.
 */
export function generateModule(templates: CompiledTemplate[]): string {
  const names = templates.map((t) => t.name);
  const table = Object.fromEntries(templates.map((t) => [t.name, t]));
  const packed = brotliCompressSync(JSON.stringify(table), {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
  }).toString('base64');
  return `// Generated by \`npm run build:templates\` from templates/. Do not edit; it is not committed.
import { brotliDecompressSync } from 'node:zlib';
import type { CompiledTemplate } from '../template-schema.ts';

export const TEMPLATE_NAMES = ${JSON.stringify(names)} as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const TEMPLATES = JSON.parse(
  brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8'),
) as Record<TemplateName, CompiledTemplate>;
`;
}
