/**
 * Every deployed handler, and the step that bundles them all into `<bundlesDir>/<name>/index.mjs`
 * with `bundleFunction` — the one bundling recipe the bundle-size test measures, so the stack ships
 * exactly what was measured.
 *
 * The list is explicit (not a glob over functions/handlers/) so that a handler still being written
 * never ends up in a deployment: a handler joins this list together with the function that runs it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type BundleReport, bundleFunction } from './bundle-function.ts';

export const HANDLERS = {
  dispatch: 'functions/handlers/dispatch.ts',
  'ses-events': 'functions/handlers/ses-events.ts',
  unsubscribe: 'functions/handlers/unsubscribe.ts',
  inbound: 'functions/handlers/inbound.ts',
  api: 'functions/handlers/api.ts',
  preview: 'functions/handlers/preview.ts',
  jobs: 'functions/handlers/jobs.ts',
  classify: 'functions/handlers/classify.ts',
  resume: 'functions/handlers/resume.ts',
} as const;

export type HandlerName = keyof typeof HANDLERS;

/** The Lambda handler setting for every bundle: `index.mjs`, export `handler`. */
export const LAMBDA_HANDLER = 'index.handler';

export function bundleDir(bundlesDir: string, name: HandlerName): string {
  return join(bundlesDir, name);
}

export function bundleFile(bundlesDir: string, name: HandlerName): string {
  return join(bundleDir(bundlesDir, name), 'index.mjs');
}

/** Bundles every handler, in parallel. */
export async function bundleHandlers(bundlesDir: string): Promise<Record<HandlerName, BundleReport>> {
  const names = Object.keys(HANDLERS) as HandlerName[];
  const reports = await Promise.all(
    names.map((name) => bundleFunction(HANDLERS[name], { outfile: bundleFile(bundlesDir, name) })),
  );
  return Object.fromEntries(names.map((name, i) => [name, reports[i]])) as Record<HandlerName, BundleReport>;
}

/** Throws, naming the missing files, unless every handler has been bundled into `bundlesDir`. */
export function assertBundled(bundlesDir: string): void {
  const missing = (Object.keys(HANDLERS) as HandlerName[])
    .map((name) => bundleFile(bundlesDir, name))
    .filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(`handlers not bundled (run bundleHandlers first): ${missing.join(', ')}`);
  }
}
