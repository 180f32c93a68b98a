/**
 * `npm run build:web`: the dashboard bundled with esbuild into web/dist/ (index.html, app.js,
 * app.css), minified, for `npm start` (served under /app/) and the CDK app (uploaded to S3).
 * Prints the sizes; `npm run check:bundle` prints them too.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, buildSync } from 'esbuild';

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
});

function finish(outdir: string): Record<string, number> {
  copyFileSync(join(WEB_DIR, 'index.html'), join(outdir, 'index.html'));
  return Object.fromEntries(
    ['index.html', 'app.js', 'app.css'].map((f) => [f, statSync(join(outdir, f)).size]),
  );
}

/** Builds web/dist/; answers the size of each file written, in bytes. */
export async function buildWeb(outdir = WEB_DIST): Promise<Record<string, number>> {
  mkdirSync(outdir, { recursive: true });
  await build(options(outdir));
  return finish(outdir);
}

/** The same, synchronously (the CDK app builds the site while it synthesises). */
export function buildWebSync(outdir = WEB_DIST): Record<string, number> {
  mkdirSync(outdir, { recursive: true });
  buildSync(options(outdir));
  return finish(outdir);
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
