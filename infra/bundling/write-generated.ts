/**
 * Writes a generated file the way its readers can bear: unchanged content is not written at all,
 * and new content goes to a temporary file renamed over the old one, so a test or a server reading
 * it while `npm start` or another build rebuilds it never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** True when the file was (re)written. */
export function writeGenerated(file: string, content: string | Uint8Array): boolean {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  try {
    if (readFileSync(file).equals(bytes)) return false;
  } catch {
    // Not there yet.
  }
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
  return true;
}
