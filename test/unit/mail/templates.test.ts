import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES, TEMPLATES } from '#mail/generated/templates.ts';
import { renderTemplate } from '#mail/render.ts';
import { prepareTemplateData } from '#mail/template-schema.ts';
import { compileTemplate, compileTemplates, TemplateBuildError } from '#templates/compiler.ts';

const root = join(import.meta.dirname, '../../..');
const templatesDir = join(root, 'templates');

/** A templates folder holding the real layout and one template, `thank-you`, edited by `edit`. */
function scratch(edit: (folder: string) => void): { dir: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-templates-'));
  for (const file of [
    'layout.mjml',
    'layout.txt',
    'layout-personal.mjml',
    'layout-personal.txt',
    'notices.json',
  ])
    cpSync(join(templatesDir, file), join(dir, file));
  const folder = join(dir, 'thank-you');
  mkdirSync(folder);
  for (const file of ['body.mjml', 'text.liquid', 'schema.json', 'sample.json']) {
    cpSync(join(templatesDir, 'thank-you', file), join(folder, file));
  }
  edit(folder);
  return { dir, folder };
}

async function problems(dir: string): Promise<string> {
  const error = await compileTemplates(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TemplateBuildError);
  return (error as Error).message;
}

describe('build: MJML compiled once, Liquid kept', () => {
  it('the generated module is what the templates compile to now (npm test builds it first)', async () => {
    const compiled = await compileTemplates(templatesDir);
    expect(compiled.map((t) => t.name)).toEqual([...TEMPLATE_NAMES]);
    for (const t of compiled) expect(TEMPLATES[t.name as keyof typeof TEMPLATES].html).toBe(t.html);
  });

  it('every template is there, MJML turned to HTML, placeholders intact', () => {
    expect([...TEMPLATE_NAMES].sort()).toEqual(
      [
        'cancellation',
        'client-answer',
        'client-meeting-tomorrow',
        'client-personal-line',
        'client-thank-referrer',
        'client-update',
        'confirmation',
        'follow-up',
        'keep-in-touch',
        'outreach',
        'reply-forward',
        'thank-you',
      ].sort(),
    );
    for (const name of TEMPLATE_NAMES) {
      const t = TEMPLATES[name];
      expect(t.html).toMatch(/^<!doctype html>/i);
      expect(t.html).not.toMatch(/<mj-/);
      expect(t.html).toContain('{{ consultancy.name }}');
      expect(t.html).toContain('{{ consultancy.postalAddress }}');
      expect(t.html).not.toContain('#0a0b0c');
      if (t.audience === 'contact') {
        // In the client's name: the personal layout — white, text only, no logo, no brand colour;
        // the postal address only where the consultancy's country requires it.
        expect(t.html).not.toMatch(/<img\b/i);
        expect(t.html).not.toContain('{{ consultancy.logoUrl }}');
        expect(t.html).not.toContain('{{ consultancy.color }}');
        expect(t.html).toContain('{% if consultancy.postalAddressRequired %}');
        expect(t.html).toContain('href="{{ unsubscribeUrl }}"');
        expect(t.html).toContain("If you'd rather I didn't follow up");
        expect(t.text).toContain('{{ unsubscribeUrl }}');
      } else {
        expect(t.html).toContain('src="{{ consultancy.logoUrl }}"');
        expect(t.html).toContain('{{ consultancy.color }}');
        expect(t.html).not.toContain('unsubscribeUrl');
      }
    }
  });

  it('every sample renders, and its values appear in both parts', () => {
    for (const name of TEMPLATE_NAMES) {
      const sample = JSON.parse(readFileSync(join(templatesDir, name, 'sample.json'), 'utf8'));
      expect(prepareTemplateData(TEMPLATES[name].variables, sample).problems, name).toEqual([]);
      const out = renderTemplate(name, sample);
      expect(out.subject.length, name).toBeGreaterThan(5);
      expect(out.subject.length, `${name}: subjects are short`).toBeLessThanOrEqual(60);
      if (TEMPLATES[name].audience === 'client') {
        expect(out.html).toContain('Northwind Careers');
        expect(out.text).toContain('12 Harbour Street');
      } else {
        // The samples' consultancy is in a country that needs no postal address: none shown; the
        // client's signature is.
        expect(out.html, name).not.toContain('12 Harbour Street');
        expect(out.text, name).toContain('Former science teacher, now learning UX research');
        expect(out.html, name).toContain('Former science teacher, now learning UX research');
        const required = renderTemplate(name, {
          ...sample,
          consultancy: { ...sample.consultancy, postalAddressRequired: true },
        });
        expect(required.html, name).toContain('12 Harbour Street');
        expect(required.text, name).toContain('12 Harbour Street');
      }
      expect(out.html).not.toMatch(/\{\{|\{%/);
      expect(out.text).not.toMatch(/\{\{|\{%/);
    }
  });

  it('invalid MJML stops the build, naming file and line', async () => {
    const { dir, folder } = scratch((f) => {
      writeFileSync(
        join(f, 'body.mjml'),
        '<mj-text>\n  <p>Hi {{ contact.firstName }},</p>\n</mj-text>\n<mj-bogus>no such thing</mj-bogus>\n',
      );
    });
    const message = await problems(dir);
    expect(message).toContain(`${relative(process.cwd(), join(folder, 'body.mjml'))}:4: MJML:`);
    expect(message).toContain('mj-bogus');
  });

  it('a variable the schema does not declare stops the build, naming file and line', async () => {
    const { dir, folder } = scratch((f) => {
      writeFileSync(
        join(f, 'text.liquid'),
        'Hi {{ contact.firstName }},\n\nSee you at {{ meeting.place }}.\n',
      );
    });
    const message = await problems(dir);
    expect(message).toContain(
      `${relative(process.cwd(), join(folder, 'text.liquid'))}:3: {{ meeting.place }} is not declared in the template's schema`,
    );
  });

  it('undeclared variables are caught in the body, the subject and loop items too', async () => {
    const { dir, folder } = scratch((f) => {
      const schema = JSON.parse(readFileSync(join(f, 'schema.json'), 'utf8'));
      schema.subject = 'Thanks, {{ contact.nickname }}';
      schema.variables.items = [{ text: 'string' }];
      writeFileSync(join(f, 'schema.json'), JSON.stringify(schema, null, 2));
      writeFileSync(
        join(f, 'body.mjml'),
        '<mj-text>\n  <p>Hi {{ contact.firstName }}</p>\n  {% for item in items %}<p>{{ item.txt }}</p>{% endfor %}\n</mj-text>\n',
      );
    });
    const message = await problems(dir);
    const rel = (file: string) => relative(process.cwd(), join(folder, file));
    expect(message).toContain(`${rel('schema.json')}:`);
    expect(message).toContain('{{ contact.nickname }} is not declared');
    expect(message).toContain(`${rel('body.mjml')}:3: {{ item.txt }} is not declared`);
  });

  it('Liquid syntax errors name file and line', async () => {
    const { dir, folder } = scratch((f) => {
      writeFileSync(
        join(f, 'body.mjml'),
        '<mj-text>\n  <p>Hi {{ contact.firstName }}</p>\n  {% if personalLine %}\n</mj-text>\n',
      );
    });
    const message = await problems(dir);
    expect(message).toContain(relative(process.cwd(), join(folder, 'body.mjml')));
    expect(message).toMatch(/Liquid: tag \{% if personalLine %\} not closed/);
  });

  it('a good scratch template compiles', async () => {
    const { dir } = scratch(() => {});
    const t = await compileTemplate(dir, 'thank-you');
    expect(t.html).toContain('{% if personalLine %}');
  });

  it('`npm run build:templates` exits 1 on a broken template and leaves the output alone', async () => {
    const { dir } = scratch((f) => writeFileSync(join(f, 'body.mjml'), '<mj-text>{{ nobody }}</mj-text>\n'));
    const out = join(dir, 'generated.ts');
    const run = promisify(execFile);
    const error = await run(
      process.execPath,
      ['--import', 'tsx', join(templatesDir, 'build-templates.ts'), '--templates', dir, '--out', out],
      { cwd: root },
    ).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stderr).toContain('body.mjml:1: {{ nobody }} is not declared');
    expect(() => readFileSync(out)).toThrow();
  }, 30_000);
});
