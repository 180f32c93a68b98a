/**
 * `npm run check:bundle`: every Lambda handler bundled exactly as the stack ships it
 * (infra/bundling/bundle-function.ts), its size against the 400 KB budget, and whether mjml crept in.
 * test/unit/mail/bundle-size.test.ts enforces the same numbers.
 */
import { fileURLToPath } from 'node:url';
import { BUNDLE_BUDGET_BYTES, bundleFunction } from '../../infra/bundling/bundle-function.ts';
import { buildWeb } from '../../web/build.ts';

export const HANDLERS = [
  'functions/handlers/dispatch.ts',
  'functions/handlers/unsubscribe.ts',
  'functions/handlers/ses-events.ts',
  'functions/handlers/inbound.ts',
  'functions/handlers/api.ts',
  'functions/handlers/preview.ts',
  'functions/handlers/classify.ts',
  'functions/handlers/jobs.ts',
];

/** The handlers that render email: their bundles carry the precompiled templates; the others must not. */
export const RENDERS_MAIL = new Set(['functions/handlers/dispatch.ts', 'functions/handlers/preview.ts']);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  let failed = false;
  for (const entry of HANDLERS) {
    const shipped = await bundleFunction(entry);
    const withSdk = await bundleFunction(entry, { bundleSdk: true });
    const ok = shipped.bytes <= BUNDLE_BUDGET_BYTES && shipped.mjmlInputs.length === 0;
    failed ||= !ok;
    console.log(
      `${entry}: ${kb(shipped.bytes)} minified (@aws-sdk from the runtime), ${kb(withSdk.bytes)} with the SDK bundled; ` +
        `budget ${kb(BUNDLE_BUDGET_BYTES)}; mjml: ${shipped.mjmlInputs.length === 0 ? 'none' : shipped.mjmlInputs.join(', ')} — ${ok ? 'OK' : 'OVER'}`,
    );
  }
  // The dashboard (web/, served from S3 + CloudFront): its size, minified, for the record.
  const web = await buildWeb();
  console.log(
    `web/ (dashboard): ${Object.entries(web)
      .map(([file, bytes]) => `${file} ${kb(bytes)}`)
      .join(', ')} minified`,
  );
  process.exit(failed ? 1 : 0);
}
