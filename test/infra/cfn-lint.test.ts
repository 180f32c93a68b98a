/**
 * Issue 14 item 6: cfn-lint over every synthesised template — the app as committed (the example
 * environment) and with every opt-in setting on (which adds the receipt-rule-set activation) — with
 * zero errors. Warnings are printed, not failed (W3005: CDK's explicit DependsOn on a function's
 * role, kept on purpose so every policy exists before the function). A machine without cfn-lint FAILS
 * here: `.ci/run` installs it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type OptInApp, synthesizedOptInApp } from './opt-in-app.ts';
import { type SynthesizedApp, synthesizedApp } from './synth-app.ts';

interface Match {
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Filename: string;
  Location: { Path: (string | number)[] };
}

function cfnLint(templates: string[]): Match[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates], { encoding: 'utf8' });
  if (run.error) {
    throw new Error(
      `cfn-lint not found (${run.error.message}): install cfn-lint (.ci/run does; or pipx install cfn-lint)`,
    );
  }
  // Exit codes are bit flags (2 errors, 4 warnings, 8 informational); 1 is cfn-lint itself failing.
  if (run.status === 1 || run.status === null) throw new Error(`cfn-lint failed: ${run.stderr}`);
  return JSON.parse(run.stdout || '[]') as Match[];
}

const templatesOf = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => join(dir, f));

let synth: SynthesizedApp;
let optIn: OptInApp;
beforeAll(async () => {
  synth = await synthesizedApp();
  optIn = await synthesizedOptInApp();
});

describe('cfn-lint', () => {
  it('is installed', () => {
    const run = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
    expect(run.error?.message ?? '', 'install cfn-lint').toBe('');
    console.info(`[cfn-lint] ${run.stdout.trim()}`);
  });

  it.each([
    ['the example environment', () => synth],
    ['every opt-in setting on', () => optIn],
  ])('finds no error in any template of %s', (name, app) => {
    const { assembly, synthMs } = app();
    const templates = templatesOf(assembly.directory);
    expect(templates).toHaveLength(2);
    const started = performance.now();
    const matches = cfnLint(templates);
    const lintMs = performance.now() - started;
    const line = (m: Match) => `${m.Level} ${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`;
    const errors = matches.filter((m) => m.Level === 'Error');
    console.info(
      `[cfn-lint] ${name}: synth ${(synthMs / 1000).toFixed(1)} s (both stacks, cdk-nag included), ` +
        `cfn-lint ${(lintMs / 1000).toFixed(1)} s: ${errors.length} errors, ${matches.length - errors.length} warnings/informational`,
    );
    for (const m of matches.filter((x) => x.Level !== 'Error')) console.info(`[cfn-lint]   ${line(m)}`);
    expect(errors.map(line)).toEqual([]);
  });
});
