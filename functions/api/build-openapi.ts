/**
 * `npm run build:openapi`: writes the API's OpenAPI document, from its routes and schemas, to
 * `functions/api/generated/openapi.json` (gitignored). `GET /openapi.json` serves that file (the
 * bundle embeds it), so `npm test`, `npm start`, `npm run synth` and `check:bundle` build it first.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument, operationsOf } from './openapi.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OPENAPI_FILE = join(root, 'functions/api/generated/openapi.json');

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const document = openApiDocument(version);
mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
writeFileSync(OPENAPI_FILE, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `build:openapi: ${operationsOf(document).length} operations → functions/api/generated/openapi.json`,
);
