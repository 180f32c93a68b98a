import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_BYTES, bundleFunction, ROOT } from '../../../infra/bundling/bundle-function.ts';
import { HANDLERS, RENDERS_MAIL } from '../../bench/send-path-bundle.ts';

describe('Lambda bundles (esbuild, minified, as the stack ships them)', () => {
  for (const entry of HANDLERS) {
    it(`${entry} is at most ${BUNDLE_BUDGET_BYTES / 1000} KB, has no mjml, and loads`, async () => {
      // Inside the project, so the bundle resolves @aws-sdk/* from node_modules as Lambda's runtime would.
      const cache = join(ROOT, 'node_modules/.cache');
      mkdirSync(cache, { recursive: true });
      const dir = mkdtempSync(join(cache, 'rapport-bundle-'));
      try {
        const outfile = join(dir, 'index.mjs');
        const report = await bundleFunction(entry, { outfile });
        expect(report.mjmlInputs).toEqual([]);
        expect(report.inputs.some((i) => i.includes('node_modules/mjml'))).toBe(false);
        // Rendering is the heavy part: only the handlers that send email may carry it.
        expect(report.inputs.includes('functions/mail/generated/templates.ts')).toBe(RENDERS_MAIL.has(entry));
        expect(report.external).toEqual(['@aws-sdk/*']);
        expect(report.bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
        const loaded = (await import(pathToFileURL(outfile).href)) as { handler?: unknown };
        expect(typeof loaded.handler).toBe('function');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
