import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleHandlers } from '../../infra/bundling/bundle-handlers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The infra run's temp folder: `bundles/` (every handler, bundled once) and `cdk.out/`. */
    infraDir: string;
  }
}

/**
 * Bundles every handler once for the infra project, into a temp folder removed after the run. The
 * app is then synthesised once, in the project's one worker (test/infra/synth-app.ts).
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'rapport-infra-'));
  try {
    await bundleHandlers(join(dir, 'bundles'));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide('infraDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
