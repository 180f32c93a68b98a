/** What people type, read and checked before any request: ids in paths, files, JSON options, durations. */
import { readFile } from 'node:fs/promises';
import { CliError } from './errors.ts';

/** An id as a path segment. */
/**
 * A path segment or query value encoded as SigV4 canonicalises it (RFC 3986: only A-Z a-z 0-9 - _ . ~
 * stay as they are; a space is %20, never +): `--iam` requests carry what was signed.
 */
export const enc = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function readLocalFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot read ${file} (${code})`, 'check the path');
  }
}

/** A JSON option: inline (`'{"dailyCapPerSender":10}'`) or `@file.json`. */
export async function jsonOption(name: string, raw: string): Promise<unknown> {
  const text = raw.startsWith('@') ? Buffer.from(await readLocalFile(raw.slice(1))).toString('utf8') : raw;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${name} is not JSON: ${(error as Error).message}`,
      `give ${name} as JSON or @file.json`,
    );
  }
}

const UNIT_HOURS: Record<string, number> = { d: 24, h: 1, m: 1 / 60 };

/** `1d`, `3h`, `30m`, `1d12h` → hours. */
export function durationHours(raw: string): number {
  const parts = [
    ...raw
      .trim()
      .toLowerCase()
      .matchAll(/(\d+(?:\.\d+)?)\s*([dhm])/g),
  ];
  const whole = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || whole.replace(/\s/g, '') !== raw.trim().toLowerCase().replace(/\s/g, '')) {
    throw new CliError(`"${raw}" is not a duration`, 'write it like 1d, 3h, 30m or 1d12h');
  }
  const hours = parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_HOURS[p[2] as string] as number), 0);
  if (hours <= 0) throw new CliError(`"${raw}" is not a positive duration`, 'write it like 1d, 3h or 30m');
  return hours;
}
