/**
 * How every rapport Lambda function is bundled: esbuild, Node 22 target, ESM, minified, the AWS
 * SDK v3 left to the Lambda runtime, and nodemailer's full MIME-type table swapped for the small one
 * in mime-types-slim.js, its URL fetcher for nodemailer-no-fetch.js. The CDK stack ships what this
 * produces; the bundle-size test measures it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE_BUDGET_BYTES = 400 * 1000;

const slimMimeTypes: Plugin = {
  name: 'slim-mime-types',
  setup(b) {
    b.onResolve({ filter: /mime-types\.js$/ }, (args) =>
      /nodemailer[\\/]/.test(args.importer)
        ? { path: join(ROOT, 'infra/bundling/mime-types-slim.js') }
        : undefined,
    );
  },
};

/** nodemailer's `fetch/index.js` (only for `{ href }` content, which rapport never gives): ~7 KB. */
const nodemailerWithoutFetch: Plugin = {
  name: 'nodemailer-without-fetch',
  setup(b) {
    b.onResolve({ filter: /fetch[\\/]index\.js$/ }, (args) =>
      /nodemailer[\\/]/.test(args.importer)
        ? { path: join(ROOT, 'infra/bundling/nodemailer-no-fetch.js') }
        : undefined,
    );
  },
};

export function bundleOptions(entry: string, options: { bundleSdk?: boolean } = {}): BuildOptions {
  return {
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    metafile: true,
    external: options.bundleSdk ? [] : ['@aws-sdk/*'],
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    plugins: [slimMimeTypes, nodemailerWithoutFetch],
    logLevel: 'silent',
  };
}

export interface BundleReport {
  entry: string;
  bytes: number;
  /** The inputs whose code is in the bundle. */
  inputs: string[];
  /** Inputs that belong to mjml or its build-time helpers (must be none). */
  mjmlInputs: string[];
  external: string[];
}

/** Bundles one handler in memory (or into `outfile`) and reports its size and inputs. */
export async function bundleFunction(
  entry: string,
  options: { bundleSdk?: boolean; outfile?: string } = {},
): Promise<BundleReport> {
  const base = bundleOptions(entry, options);
  const result = await build({
    ...base,
    ...(options.outfile ? { outfile: options.outfile, write: true } : { write: false }),
  });
  const meta = result.metafile as Metafile;
  const output = Object.values(meta.outputs)[0];
  // What ships: the inputs that left code in the output (a module tree-shaken away is in the graph only).
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return {
    entry,
    bytes: output?.bytes ?? 0,
    inputs,
    mjmlInputs: inputs.filter((path) => /(^|\/)(mjml[^/]*|juice|html-minifier[^/]*|htmlnano)\//.test(path)),
    external: (base.external as string[]) ?? [],
  };
}
