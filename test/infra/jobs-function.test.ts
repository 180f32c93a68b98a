/**
 * Issue 9 item 2, deployed: the jobs function runs as long as a job's lease, dead-letters an event
 * whose retries ran out, and reaches the bucket only for the import files (read, then deleted).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import { JOB_LEASE_MS } from '#usecases/jobs.ts';
import {
  actionsOf,
  logicalIdOf,
  propertiesOf,
  resourcesOf,
  type SynthesizedApp,
  statementsOfRole,
  synthesizedApp,
} from './synth-app.ts';

let synth: SynthesizedApp;
beforeAll(async () => {
  synth = await synthesizedApp();
});

describe('jobs function', () => {
  const template = () => synth.stateless.template;
  const idOf = (construct: Parameters<typeof logicalIdOf>[1]) =>
    logicalIdOf(synth.stateless.stack, construct);

  it('times out no later than a job lease ends, and dead-letters what Lambda could not run', () => {
    const props = propertiesOf(template(), idOf(synth.stateless.stack.jobs.function));
    expect((props.Timeout as number) * 1000).toBe(JOB_LEASE_MS);
    expect(props.DeadLetterConfig).toBeDefined();
  });

  it('reads and deletes the import files only, and creates schedules', () => {
    const statements = statementsOfRole(template(), idOf(synth.stateless.stack.jobs.role));
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(actionsOf(s3[0] as Record<string, unknown>).sort()).toEqual(['s3:DeleteObject', 's3:GetObject']);
    const keys = resourcesOf(s3[0] as Record<string, unknown>).map((r) => JSON.stringify(r));
    expect(keys).toHaveLength(1);
    expect(keys[0]).toContain(`/${UPLOAD_PREFIXES.imports}*`);
    expect(statements.flatMap(actionsOf)).toContain('scheduler:CreateSchedule');
    for (const statement of statements) expect(resourcesOf(statement)).not.toContain('*');
  });
});
