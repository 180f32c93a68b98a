/** The local-only routes on the API port: /local answers itself, everything else reaches the API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '#domain/ports/store.ts';
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { makeLocalRoutes } from '#local/control-page.ts';
import { type SchedulerEmulator, startSchedulerEmulator } from '#local/scheduler-emulator.ts';

const START = '2027-03-01T08:00:00.000Z';
const hour = 3_600_000;

describe('local routes on the API port', () => {
  let scheduler: SchedulerEmulator;
  let gateway: LocalApiGateway;
  const apiPaths: string[] = [];
  beforeAll(async () => {
    scheduler = await startSchedulerEmulator({ port: 0, clock: new Date(START) });
    gateway = await startLocalApiGateway({
      port: 0,
      handler: async (event) => {
        apiPaths.push(event.rawPath);
        return { statusCode: 404, body: '{}' };
      },
      local: makeLocalRoutes({
        // The clock routes never read the store.
        store: {} as Store,
        scheduler,
        demo: { campaignId: 'demo-campaign' },
        unsubscribe: { useCase: {} as never, consultancyName: 'Northwind Careers' },
      }),
    });
  });
  afterAll(async () => {
    await gateway.stop();
    await scheduler.stop();
  });

  const advance = (query: string, key?: string) =>
    fetch(`${gateway.endpoint}/local/clock/advance?${query}`, {
      method: 'POST',
      headers: key ? { 'Idempotency-Key': key } : {},
    });
  const now = () => scheduler.clock.now().getTime();

  it('moves the clock; a retry with the same Idempotency-Key moves it once and answers the same', async () => {
    const before = now();
    const first = await advance('hours=2', 'retry-1');
    expect(first.status).toBe(200);
    const body = (await first.json()) as { now: string };
    expect(Date.parse(body.now)).toBe(before + 2 * hour);
    const again = await advance('hours=2', 'retry-1');
    expect(await again.json()).toEqual(body);
    expect(now()).toBe(before + 2 * hour);
    await advance('minutes=30');
    await advance('minutes=30');
    expect(now()).toBe(before + 3 * hour);
    // GET /local/clock: the local time alone (the dashboard shows it).
    const clock = await fetch(`${gateway.endpoint}/local/clock`);
    expect(await clock.json()).toEqual({ now: new Date(before + 3 * hour).toISOString() });
  });

  it('bad input is a 400 naming the field, the clock unmoved; other paths reach the API', async () => {
    const before = now();
    const bad = await advance('hours=-3');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_input', field: 'hours' } });
    expect(now()).toBe(before);
    const unknown = await fetch(`${gateway.endpoint}/local/nothing`);
    expect(unknown.status).toBe(404);
    await fetch(`${gateway.endpoint}/localities`);
    await fetch(`${gateway.endpoint}/clients`);
    expect(apiPaths).toEqual(['/localities', '/clients']);
  });
});
