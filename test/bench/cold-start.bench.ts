/**
 * `npm run bench:cold`: what a cold start costs in module loading. Every handler is bundled exactly
 * as the stack ships it (`infra/bundling/bundle-handlers.ts`), then imported in a FRESH Node process,
 * N times each, one process at a time, side by side with an empty module:
 *
 * - import: `await import(bundle)` alone (parse, evaluate, the @aws-sdk packages it loads);
 * - ready: from the process's start to the handler imported (what Lambda's init phase sees of it);
 * - wall: the process from spawn to exit, as measured outside.
 *
 * Medians are printed, with each handler's excess over the empty module, and its bundle size
 * against the 400 KB budget. The @aws-sdk packages come from node_modules here and from the Lambda
 * runtime in AWS; the secrets extension is a separate process in Lambda and costs no import.
 *
 * Options: --runs N (15).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { BUNDLE_BUDGET_BYTES, ROOT } from '../../infra/bundling/bundle-function.ts';
import { bundleFile, bundleHandlers, type HandlerName } from '../../infra/bundling/bundle-handlers.ts';

interface Sample {
  importMs: number;
  readyMs: number;
  wallMs: number;
}

/** One fresh process importing `file`; what it measured of itself and how long it lived. */
function importOnce(file: string): Sample {
  const script = [
    'const t0 = performance.now();',
    `await import(${JSON.stringify(pathToFileURL(file).href)});`,
    'const t1 = performance.now();',
    'process.stdout.write(JSON.stringify({ importMs: t1 - t0, readyMs: t1 }));',
  ].join('\n');
  const started = process.hrtime.bigint();
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (out.status !== 0) throw new Error(`importing ${file} failed: ${out.stderr}`);
  return { ...(JSON.parse(out.stdout) as Omit<Sample, 'wallMs'>), wallMs };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function measure(file: string, runs: number) {
  const samples = Array.from({ length: runs }, () => importOnce(file));
  return {
    importMs: median(samples.map((s) => s.importMs)),
    readyMs: median(samples.map((s) => s.readyMs)),
    wallMs: median(samples.map((s) => s.wallMs)),
  };
}

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Math.max(1, Number(values.runs));

// Inside the repository, so that the bundles' external @aws-sdk/* resolve from node_modules.
const dir = join(ROOT, 'cdk.out', 'cold-start');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
try {
  const reports = await bundleHandlers(dir);
  const empty = join(dir, 'empty.mjs');
  writeFileSync(empty, 'export const handler = async () => {};\n');

  importOnce(empty); // warm the file system cache, not measured
  const baseline = measure(empty, runs);
  const ms = (n: number) => n.toFixed(1);
  const plus = (n: number) => `+${n.toFixed(1)}`;
  const table = new Table({
    head: ['module', 'bundle', 'import ms', 'over empty', 'ready ms', 'over empty', 'wall ms', 'over empty'],
  });
  table.push([
    '(empty module)',
    '0.0 KB',
    ms(baseline.importMs),
    '',
    ms(baseline.readyMs),
    '',
    ms(baseline.wallMs),
    '',
  ]);
  let over = false;
  for (const name of Object.keys(reports) as HandlerName[]) {
    const report = reports[name];
    const m = measure(bundleFile(dir, name), runs);
    over ||= report.bytes > BUNDLE_BUDGET_BYTES;
    table.push([
      name,
      `${(report.bytes / 1000).toFixed(1)} KB${report.bytes > BUNDLE_BUDGET_BYTES ? ' OVER' : ''}`,
      ms(m.importMs),
      plus(m.importMs - baseline.importMs),
      ms(m.readyMs),
      plus(m.readyMs - baseline.readyMs),
      ms(m.wallMs),
      plus(m.wallMs - baseline.wallMs),
    ]);
  }
  console.log(`bench:cold — medians of ${runs} fresh Node ${process.version} processes per module`);
  console.log(table.toString());
  console.log(
    `bundle budget ${(BUNDLE_BUDGET_BYTES / 1000).toFixed(0)} KB minified per function: ${over ? 'OVER' : 'all within'}`,
  );
  process.exitCode = over ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
