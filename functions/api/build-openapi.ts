/** `npm run build:openapi`: writes `openapi.json` (gitignored) from the API's routes and schemas. */
import { readFileSync, writeFileSync } from 'node:fs';
import { openApiDocument } from './openapi.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
writeFileSync('openapi.json', `${JSON.stringify(openApiDocument(version), null, 2)}\n`);
console.log('openapi.json written');
