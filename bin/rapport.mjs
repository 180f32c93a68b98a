#!/usr/bin/env node
// The `rapport` command: runs the TypeScript CLI (cli/main.ts) through tsx's loader — no build step.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
// Output piped into `head` (or another reader that stops early): stop quietly, like any Unix tool.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { run } = await import(pathToFileURL(join(root, 'cli', 'main.ts')).href);
process.exitCode = await run(process.argv.slice(2));
