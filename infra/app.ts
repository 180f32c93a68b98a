/**
 * The CDK app's entry point (cdk.json: `npx tsx infra/app.ts`).
 *
 * Bundling happens here, up front, instead of in NodejsFunction: every handler is bundled by
 * `bundleFunction` (infra/bundling/bundle-function.ts), whose esbuild plugin swaps nodemailer's MIME
 * table for a slim one. esbuild plugins only run with the async `build()` API, and NodejsFunction
 * bundles synchronously (the esbuild CLI, or Docker — neither takes a plugin). So we await the
 * bundles first and hand the stacks finished directories through `lambda.Code.fromAsset`: the
 * deployed code is byte for byte what the bundle-size test measures.
 */
import { join } from 'node:path';
import { buildApp } from './build-app.ts';
import { ROOT } from './bundling/bundle-function.ts';
import { bundleHandlers } from './bundling/bundle-handlers.ts';

const bundlesDir = join(ROOT, 'cdk.out', 'bundles');
await bundleHandlers(bundlesDir);
// Under the CDK CLI the assembly goes where it says (CDK_OUTDIR); run directly, to cdk.out.
buildApp({ bundlesDir, outdir: process.env.CDK_OUTDIR ?? join(ROOT, 'cdk.out') }).app.synth();
