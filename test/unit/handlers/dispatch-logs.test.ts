import { describe, expect, it, vi } from 'vitest';
import { localContext } from '#local/lambda-context.ts';
import type { Dispatch } from '#usecases/dispatch.ts';

const step = (contactId: string) => ({
  contactId,
  clientId: 'cl-1',
  campaignId: 'ca-1',
  step: 'outreach',
  planVersion: 1,
  at: '2027-03-01T14:00:00.000Z',
});

/** A dispatch use case that sends nothing: what is under test is the handler's logging. */
const dispatch = Object.assign(async () => ({ outcome: 'sent', messageId: 'm-1' }), {
  sendCancellation: async () => ({ outcome: 'sent', messageId: 'm-2' }),
  forwardReply: async () => ({ outcome: 'sent', messageId: 'm-3' }),
}) as unknown as Dispatch;

/** The JSON log lines the function writes (stdout and stderr, as CloudWatch gets them) while `run` runs. */
async function logLines(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const capture = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return lines;
}

describe('dispatch handler logs (a warm container, one invocation after another)', () => {
  it("a second invocation's log lines never carry the first contact's id", async () => {
    // The logger reads its level when it is created: a fresh one at INFO, as the function runs.
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    vi.resetModules();
    const { makeDispatchHandler } = await import('#handlers/dispatch.ts');
    vi.unstubAllEnvs();
    const handler = makeDispatchHandler(() => dispatch);

    const lines = await logLines(async () => {
      await handler(step('contact-first'), localContext('rapport-dispatch'));
      // The next event is refused before any key of its own is appended: its line is logged bare.
      const refused = handler(
        { ...step('contact-second'), planVersion: -1 },
        localContext('rapport-dispatch'),
      );
      await expect(refused).rejects.toThrow();
      await handler(
        { kind: 'meeting-cancellation', contactId: 'contact-third', meetingId: 'm', sequence: 1 },
        localContext('rapport-dispatch'),
      );
    });

    expect(lines.map((l) => l.message)).toEqual(['dispatched', 'event refused', 'cancellation sent']);
    const [dispatched, refused, cancelled] = lines;
    expect(dispatched).toMatchObject({
      contactId: 'contact-first',
      step: 'outreach',
      function_name: 'rapport-dispatch',
    });
    expect(refused).not.toHaveProperty('contactId');
    expect(refused).not.toHaveProperty('step');
    expect(refused).toMatchObject({ issues: [{ field: 'planVersion' }] });
    expect(cancelled).toMatchObject({ contactId: 'contact-third', step: 'meeting-cancellation' });
  });
});
