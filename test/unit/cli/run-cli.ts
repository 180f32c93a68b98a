/** Runs the CLI in process against `api`: its exit code, what it wrote on stdout and on stderr. */
import { vi } from 'vitest';
import { run } from '../../../cli/main.ts';

export async function runCli(api: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  try {
    const code = await run(['--api', api, ...args], (line) => err.push(`${line}\n`));
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
}
