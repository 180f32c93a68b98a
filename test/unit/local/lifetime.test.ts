import { describe, expect, it } from 'vitest';
import { makeLifetime } from '#local/lifetime.ts';

describe('local stack lifetime', () => {
  it('stops what was started once, last started first; a failing stop does not keep the rest running', async () => {
    const log: string[] = [];
    const lifetime = makeLifetime((line) => log.push(line));
    const stopped: string[] = [];
    lifetime.add('dynamo', async () => {
      stopped.push('dynamo');
    });
    lifetime.add('smtp', async () => {
      throw new Error('boom');
    });
    lifetime.add('api', async () => {
      stopped.push('api');
    });
    await Promise.all([lifetime.stopAll(), lifetime.stopAll()]);
    expect(stopped).toEqual(['api', 'dynamo']);
    expect(log).toEqual(['smtp did not stop cleanly: Error: boom']);
  });

  it('something started while stopping (a signal during startup) is stopped too', async () => {
    const lifetime = makeLifetime(() => undefined);
    const stopped: string[] = [];
    const stopping = lifetime.stopAll();
    lifetime.add('late', async () => {
      stopped.push('late');
    });
    await stopping;
    await new Promise((r) => setImmediate(r));
    expect(stopped).toEqual(['late']);
  });
});
