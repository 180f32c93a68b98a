import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startSchedulerEmulator } from '#local/scheduler-emulator.ts';
import { adapterFor, DISPATCH_ARN, GROUP } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'rapport-scheduler-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('keeps groups, schedules, retry state, dead letters and the clock across a restart', async () => {
    const stateFile = join(dir, 'nested', 'scheduler.json');
    const first = await startSchedulerEmulator({ stateFile, clock: new Date('2025-03-01T00:00:00Z') });
    const scheduler = adapterFor(first);
    await scheduler.ensureScheduleGroup();
    await scheduler.create({
      name: 'waiting',
      at: '2025-03-05T14:00:00Z',
      timeZone: 'Europe/Berlin',
      payload: { a: 1 },
    });
    await scheduler.create({ name: 'flaky', at: '2025-03-01T00:00:00Z', timeZone: 'UTC', payload: { b: 2 } });
    await scheduler.create({ name: 'doomed', at: '2025-03-01T00:00:00Z', timeZone: 'UTC', payload: {} });
    first.faults = { failFirstAttempts: 1 };
    first.registerTarget(DISPATCH_ARN, async (input) => {
      if (input === '{}') throw new Error('always fails');
    });
    await first.advanceTo(new Date('2025-03-01T00:00:30Z')); // 'flaky' and 'doomed' failed once
    expect(first.schedule('flaky', GROUP)).toMatchObject({ status: 'retrying', attempts: 1 });
    await first.advanceTo(new Date('2025-03-01T00:05:00Z')); // 'flaky' succeeded, 'doomed' dead-lettered
    expect(first.deadLetters.map((d) => d.scheduleName)).toEqual(['doomed']);
    await scheduler.create({ name: 'retrying', at: '2025-03-01T00:05:00Z', timeZone: 'UTC', payload: {} });
    await first.runDue(); // fails its first attempt (injected), now waiting to retry
    expect(first.schedule('retrying', GROUP)).toMatchObject({ status: 'retrying', attempts: 1 });
    await first.stop();

    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { version: number; schedules: unknown[] };
    expect(saved.version).toBe(1);
    expect(saved.schedules).toHaveLength(2);

    const second = await startSchedulerEmulator({ stateFile });
    try {
      // The virtual clock resumes where it stood (it is kept as an offset from the system clock).
      expect(Math.abs(second.clock.now().getTime() - Date.parse('2025-03-01T00:05:00Z'))).toBeLessThan(5_000);
      expect(second.port).not.toBe(first.port);
      const again = adapterFor(second);
      await expect(again.ensureScheduleGroup()).resolves.toBe('exists');
      await expect(again.get('waiting')).resolves.toEqual({
        name: 'waiting',
        at: '2025-03-05T14:00:00.000Z',
        timeZone: 'Europe/Berlin',
        payload: { a: 1 },
      });
      await expect(again.get('flaky')).resolves.toBeUndefined();
      expect(second.schedule('retrying', GROUP)).toMatchObject({ status: 'retrying', attempts: 1 });
      expect(second.deadLetters.map((d) => d.scheduleName)).toEqual(['doomed']);

      const delivered: string[] = [];
      second.registerTarget(DISPATCH_ARN, async (input) => {
        delivered.push(`${input}@${second.clock.now().toISOString()}`);
      });
      second.setTime(new Date('2025-03-01T00:05:00Z'));
      await second.advanceTo(new Date('2025-03-06T00:00:00Z'));
      expect(delivered).toEqual(['{}@2025-03-01T00:06:00.000Z', '{"a":1}@2025-03-05T14:00:00.000Z']);
      const retried = second.invocations.find((i) => i.scheduleName === 'retrying');
      expect(retried?.attemptNumber).toBe(2);
      await second.flush();
      const after = JSON.parse(readFileSync(stateFile, 'utf8')) as { schedules: unknown[] };
      expect(after.schedules).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('starts empty (with the default group) when the file does not exist yet, and creates it', async () => {
    const stateFile = join(dir, 'fresh.json');
    const emulator = await startSchedulerEmulator({ stateFile });
    await emulator.stop();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { groups: Array<{ name: string }> };
    expect(saved.groups.map((g) => g.name)).toEqual(['default']);
  });
});
