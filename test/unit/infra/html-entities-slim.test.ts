/**
 * The Lambda bundles swap postal-mime's table of every HTML5 named reference for a slim one
 * (`infra/bundling/html-entities-slim.js`): each kept entry must decode exactly as postal-mime's, and
 * every reference to a Latin-1 character must be kept.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions, ROOT } from '../../../infra/bundling/bundle-function.ts';

// Not in postal-mime's exports: loaded by path, as esbuild resolves it inside the package.
type Table = { htmlEntities: Record<string, string> };
const { htmlEntities: full } = (await import(
  `${ROOT}/node_modules/postal-mime/dist/esm/html-entities.js`
)) as Table;
const { htmlEntities: slim } = (await import(`${ROOT}/infra/bundling/html-entities-slim.js`)) as Table;

describe("postal-mime's entity table, slimmed for the bundles", () => {
  it('decodes every kept reference as postal-mime does', () => {
    const entries = Object.entries(slim);
    expect(entries.length).toBeGreaterThan(300);
    for (const [name, value] of entries) expect([name, value]).toEqual([name, full[name]]);
  });

  it('keeps every Latin-1 reference and the common typographic ones', () => {
    for (const [name, value] of Object.entries(full)) {
      if (value.length === 1 && value.charCodeAt(0) <= 0xff) expect(slim).toHaveProperty([name], value);
    }
    for (const name of [
      '&rsquo;',
      '&ldquo;',
      '&rdquo;',
      '&ndash;',
      '&mdash;',
      '&hellip;',
      '&euro;',
      '&nbsp;',
    ])
      expect(slim).toHaveProperty([name]);
  });

  it('is what the inbound bundle carries instead of the full table', { timeout: 60_000 }, async () => {
    const result = await build({
      ...bundleOptions('functions/usecases/parse-mail.ts'),
      write: false,
      outfile: 'x.js',
    });
    const inputs = Object.keys((result.metafile as Metafile).inputs);
    expect(inputs.some((f) => f.endsWith('infra/bundling/html-entities-slim.js'))).toBe(true);
    expect(inputs.some((f) => f.includes('postal-mime') && f.endsWith('html-entities.js'))).toBe(false);
  });
});
