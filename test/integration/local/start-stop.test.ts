/**
 * `npm start` as a newcomer runs it: every port moved (0: any free port), a fresh data dir. It
 * prints the API URL first, serves the control page and clock on the API port, and a SIGTERM to
 * the npm process leaves no process behind (DynamoDB Local's JVM included); a busy port is one line
 * naming the port and its variable, exit ≠ 0, nothing left running.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_PORTS } from '#local/ports.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface Proc {
  pid: number;
  ppid: number;
  zombie: boolean;
  args: string;
}

function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [pid, ppid, stat, ...args] = line.trim().split(/\s+/);
      return {
        pid: Number(pid),
        ppid: Number(ppid),
        zombie: (stat ?? '').startsWith('Z'),
        args: args.join(' '),
      };
    });
}

/** The live (non-zombie) processes below `root`. */
function descendants(root: number): Proc[] {
  const all = processes();
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && found.has(p.pid) && !p.zombie);
}

function alive(pids: number[]): Proc[] {
  return processes().filter((p) => pids.includes(p.pid) && !p.zombie);
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits (up to 15 s) for every process of `running` to end; the ones still alive. */
async function leftOver(running: Proc[]): Promise<string[]> {
  const pids = running.map((p) => p.pid);
  const left = await until(
    'every child to end',
    () => (alive(pids).length === 0 ? [] : undefined),
    15_000,
  ).catch(() => alive(pids));
  return left.map((p) => p.args);
}

/**
 * Waits for the banner: fails at once if the process ends first, and either way with what it
 * printed (a start that failed or hung on a loaded machine says why in its own words).
 */
async function bannerShown({
  out,
  exit,
}: {
  out: { stdout: string; stderr: string };
  exit: Promise<number | null>;
}) {
  const printed = () => `\n--- stdout ---\n${out.stdout}\n--- stderr ---\n${out.stderr}`;
  const ended = exit.then((code) => {
    throw new Error(`the process ended (exit ${code}) before its banner${printed()}`);
  });
  await Promise.race([
    until('the banner', () => (out.stdout.includes('stops everything') ? true : undefined), 90_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}${printed()}`);
      },
    ),
    ended,
  ]);
}

const dataDirs: string[] = [];
const children: ChildProcess[] = [];
const servers: Server[] = [];

function startEnv(overrides: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-start-'));
  dataDirs.push(dataDir);
  const ports = Object.fromEntries(LOCAL_PORTS.map((p) => [p.env, '0']));
  return { ...process.env, RAPPORT_DATA_DIR: dataDir, ...ports, ...overrides };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => {
    out.stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    out.stderr += String(chunk);
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exit };
}

afterEach(() => {
  // A failed assertion must not leave a stack running either.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.pid) {
      for (const p of descendants(child.pid)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {}
      }
      child.kill('SIGKILL');
    }
  }
  for (const server of servers.splice(0)) server.close();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints the API URL first, serves /local on it, and SIGTERM to npm leaves no process behind', async () => {
    const started = run('npm', ['start'], startEnv());
    const { child, out, exit } = started;
    await bannerShown(started);

    const ours = out.stdout.slice(out.stdout.indexOf('rapport API:'));
    const api = /^rapport API: (http:\/\/127\.0\.0\.1:\d+)\n/.exec(ours)?.[1];
    expect(api, out.stdout).toBeDefined();
    for (const { env } of LOCAL_PORTS) expect(ours).toContain(env);

    const page = await fetch(`${api}/local`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Demo campaign');
    expect(html).not.toContain('&lt;br&gt;');
    const advanced = await fetch(`${api}/local/clock/advance?hours=1`, { method: 'POST' });
    expect(advanced.status).toBe(200);
    expect((await advanced.json()) as { now: string }).toMatchObject({ now: expect.any(String) });

    const running = descendants(child.pid as number);
    expect(running.some((p) => p.args.includes('DynamoDBLocal.jar'))).toBe(true);
    expect(running.some((p) => p.args.includes('cognito-local'))).toBe(true);

    child.kill('SIGTERM');
    await exit;
    expect(await leftOver(running)).toEqual([]);
  }, 150_000);

  it('even a start process killed outright (SIGKILL) takes the DynamoDB Local JVM with it', async () => {
    const started = run(process.execPath, ['--import', 'tsx', 'local/start.ts'], startEnv());
    const { child, exit } = started;
    await bannerShown(started);
    const running = descendants(child.pid as number);
    expect(running.some((p) => p.args.includes('DynamoDBLocal.jar'))).toBe(true);

    child.kill('SIGKILL');
    await exit;
    expect(await leftOver(running)).toEqual([]);
  }, 120_000);

  it('a busy port: one line naming the port and its variable, exit ≠ 0, nothing left running', async () => {
    const busy = createServer();
    servers.push(busy);
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;

    const { child, out, exit } = run(
      process.execPath,
      ['--import', 'tsx', 'local/start.ts'],
      startEnv({ RAPPORT_SMTP_PORT: String(port) }),
    );
    const seen: Proc[] = [];
    const watch = setInterval(() => seen.push(...descendants(child.pid as number)), 100);
    const code = await exit;
    clearInterval(watch);

    expect(code).not.toBe(0);
    const lines = out.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`port ${port} .*RAPPORT_SMTP_PORT`))]);
    expect(out.stdout).toBe('');
    expect(alive(seen.map((p) => p.pid))).toEqual([]);
  }, 60_000);
});
