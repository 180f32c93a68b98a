import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptSharedDb } from '#local/dynamodb-local.ts';
import { checkPortsFree, explainListenError, LOCAL_PORTS, resolvePorts } from '#local/ports.ts';

describe('local ports', () => {
  it('defaults, moved by their variables; 0 picks a free port', async () => {
    const ports = await resolvePorts({ RAPPORT_API_PORT: '5591', RAPPORT_SES_PORT: '0' });
    expect(ports.api).toBe(5591);
    expect(ports.dynamodb).toBe(8000);
    expect(ports.ses).toBeGreaterThan(0);
    expect(LOCAL_PORTS[0].env).toBe('RAPPORT_API_PORT');
  });

  it.each([
    [{ RAPPORT_S3_PORT: 'abc' }, /RAPPORT_S3_PORT=abc is not a port/],
    [{ RAPPORT_S3_PORT: '70000' }, /RAPPORT_S3_PORT=70000 is not a port/],
    [{ RAPPORT_API_PORT: '8000' }, /RAPPORT_DYNAMODB_PORT and RAPPORT_API_PORT are both 8000/],
  ])('refuses %j in one line', async (env, message) => {
    await expect(resolvePorts(env)).rejects.toThrow(message);
  });

  it('a busy port is one line naming the port and the variable that moves it', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const ports = await resolvePorts(Object.fromEntries(LOCAL_PORTS.map((p) => [p.env, '0'])));
      await expect(checkPortsFree(ports)).resolves.toBeUndefined();
      const error = await checkPortsFree({ ...ports, scheduler: port }).catch((e: Error) => e);
      expect(String((error as Error).message)).toMatch(
        new RegExp(
          `^port ${port} \\(Scheduler emulator\\) is already in use: .*RAPPORT_SCHEDULER_PORT=<port>`,
        ),
      );
      expect((error as Error).message).not.toContain('\n');
      const late = Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`), {
        code: 'EADDRINUSE',
        port,
      });
      expect(String((explainListenError(late, { ...ports, smtp: port }) as Error).message)).toContain(
        'RAPPORT_SMTP_PORT',
      );
    } finally {
      busy.close();
    }
  });
});

describe('DynamoDB Local data folder', () => {
  it('a folder written before -sharedDb keeps its data: its one file becomes the shared one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-ddb-'));
    writeFileSync(join(dir, 'local_us-east-1.db'), 'data');
    adoptSharedDb(dir);
    expect(readdirSync(dir)).toEqual(['shared-local-instance.db']);
    writeFileSync(join(dir, 'local_eu-west-1.db'), 'other');
    adoptSharedDb(dir);
    expect(readdirSync(dir).sort()).toEqual(['local_eu-west-1.db', 'shared-local-instance.db']);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    adoptSharedDb(empty);
    expect(readdirSync(empty)).toEqual([]);
  });
});
