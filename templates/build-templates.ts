/**
 * `npm run build:templates`: compiles every MJML template once, with strict validation, into
 * functions/mail/generated/templates.ts (gitignored). Exits 1 naming file and line on any problem.
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGenerated } from '../infra/bundling/write-generated.ts';
import { compileTemplates, generateModule, TemplateBuildError } from './compiler.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (flag: string) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
// --templates DIR / --out FILE exist for the tests that prove a broken template stops the build.
const templatesDir = arg('--templates') ?? join(root, 'templates');
const out = arg('--out') ?? join(root, 'functions/mail/generated/templates.ts');

try {
  const started = performance.now();
  const templates = await compileTemplates(templatesDir);
  writeGenerated(out, generateModule(templates));
  const ms = Math.round(performance.now() - started);
  console.log(`build:templates: ${templates.length} templates → ${relative(root, out)} (${ms} ms)`);
} catch (error) {
  console.error(error instanceof TemplateBuildError ? error.message : error);
  process.exit(1);
}
