/**
 * `npm run build:web`: the dashboard bundled with esbuild into web/dist/ (index.html, app.js,
 * app.css), minified, for `npm start` (served under /app/) and the CDK app (uploaded to S3).
 * Prints the sizes; `npm run check:bundle` prints them too.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, build, buildSync } from 'esbuild';
import { writeGenerated } from '../infra/bundling/write-generated.ts';

export const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');

const options = (outdir: string): BuildOptions => ({
  entryPoints: [
    { in: join(WEB_DIR, 'src/main.tsx'), out: 'app' },
    { in: join(WEB_DIR, 'src/app.css'), out: 'app' },
  ],
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'warning',
  // Written by `finish`, each file whole (a server or test may be reading the old one).
  write: false,
});

/** Writes the bundles and index.html (only those changed); answers each file's size in bytes. */
function finish(outdir: string, result: BuildResult<{ write: false }>): Record<string, number> {
  const files: [string, Uint8Array][] = [
    ...result.outputFiles.map((f): [string, Uint8Array] => [f.path, f.contents]),
    [join(outdir, 'index.html'), readFileSync(join(WEB_DIR, 'index.html'))],
  ];
  for (const [path, contents] of files) writeGenerated(path, contents);
  return Object.fromEntries(files.map(([path, contents]) => [basename(path), contents.byteLength]));
}

/** Builds web/dist/; answers the size of each file written, in bytes. */
export async function buildWeb(outdir = WEB_DIST): Promise<Record<string, number>> {
  return finish(outdir, await build({ ...options(outdir), write: false }));
}

/** The same, synchronously (the CDK app builds the site while it synthesises). */
export function buildWebSync(outdir = WEB_DIST): Record<string, number> {
  return finish(outdir, buildSync({ ...options(outdir), write: false }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await buildWeb();
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(
    `build:web: ${Object.entries(sizes)
      .map(([f, b]) => `${f} ${(b / 1000).toFixed(1)} KB`)
      .join(', ')} → web/dist/ (${(total / 1000).toFixed(1)} KB minified)`,
  );
}
