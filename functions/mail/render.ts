/**
 * Send-time personalisation: Liquid only, on templates compiled once at build time (no MJML here).
 * Strict variables; HTML values escaped, text and subject not; absent optional values are null so
 * `default` and `if` work. Data missing a declared variable is refused, naming template and variable.
 */
import { Liquid, type Template } from 'liquidjs';
import { EmailRefused } from './errors.ts';
import { TEMPLATES, type TemplateName } from './generated/templates.ts';
import { prepareTemplateData } from './template-schema.ts';

export type { TemplateName } from './generated/templates.ts';

export interface RenderedEmail {
  template: TemplateName;
  subject: string;
  html: string;
  text: string;
}

const htmlEngine = new Liquid({ strictVariables: true, outputEscape: 'escape', ownPropertyOnly: true });
const plainEngine = new Liquid({ strictVariables: true, ownPropertyOnly: true });

interface Parsed {
  subject: Template[];
  html: Template[];
  text: Template[];
}
const parsed = new Map<TemplateName, Parsed>();

function parsedTemplate(name: TemplateName): Parsed {
  let entry = parsed.get(name);
  if (!entry) {
    const source = TEMPLATES[name];
    if (!source) throw new EmailRefused('NotAnEmail', name, 'no such template');
    entry = {
      subject: plainEngine.parse(source.subject),
      html: htmlEngine.parse(source.html),
      text: plainEngine.parse(source.text),
    };
    parsed.set(name, entry);
  }
  return entry;
}

function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function renderTemplate(name: TemplateName, data: Record<string, unknown>): RenderedEmail {
  const source = TEMPLATES[name];
  if (!source) throw new EmailRefused('NotAnEmail', name, 'no such template');
  const prepared = prepareTemplateData(source.variables, data);
  if (prepared.problems.length > 0) {
    const missing = prepared.problems.filter((p) => p.endsWith(': missing')).map((p) => p.slice(0, -9));
    const message =
      missing.length === prepared.problems.length
        ? `missing variable ${missing.join(', ')}`
        : `invalid data: ${prepared.problems.join('; ')}`;
    throw new EmailRefused('MissingVariable', name, message, {
      variables: prepared.problems.map((p) => p.split(':')[0] ?? p),
    });
  }
  const templates = parsedTemplate(name);
  try {
    return {
      template: name,
      subject: plainEngine.renderSync(templates.subject, prepared.data).replace(/\s+/g, ' ').trim(),
      html: htmlEngine.renderSync(templates.html, prepared.data),
      text: tidyText(plainEngine.renderSync(templates.text, prepared.data)),
    };
  } catch (error) {
    // The schema check above should make this unreachable; keep the promise of a named refusal.
    const variable = /undefined variable: ([^,]+)/.exec((error as Error).message)?.[1];
    if (variable) {
      throw new EmailRefused(
        'MissingVariable',
        name,
        `missing variable ${variable}`,
        { variables: [variable] },
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
