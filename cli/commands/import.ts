/**
 * `rapport import FILE --campaign ID [--source HOW]`: a CSV (or a JSON array) of contacts. Small files go inline
 * (`text/csv`), larger ones through `imports/upload` and a presigned PUT; the job is watched to its
 * end, then its row report is printed (imported, duplicates, suppressed, the invalid rows).
 */
import type { Command } from 'commander';
import { CSV_COLUMNS } from '#domain/import-file.ts';
import { type Context, contextOf } from '../context.ts';
import { CliError } from '../errors.ts';
import { enc, readLocalFile } from '../input.ts';
import type { Job } from '../job-watch.ts';
import { finishJob } from './jobs.ts';

/** Above this, the file goes through a presigned upload (the API takes inline bodies up to a few MB). */
export const INLINE_LIMIT = 1024 * 1024;

interface UploadSlot {
  uploadUrl: string;
  key: string;
  maxBytes?: number;
  contentType?: string;
}

/** The body of `POST /imports` for a file sent inline. */
export function inlineImport(
  file: string,
  bytes: Uint8Array,
): { json?: unknown; body?: Uint8Array; contentType?: string } {
  if (!file.toLowerCase().endsWith('.json')) return { body: bytes, contentType: 'text/csv' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new CliError(
      `${file} is not JSON: ${(error as Error).message}`,
      'give a CSV file or a JSON array of contacts',
    );
  }
  return { json: Array.isArray(parsed) ? { contacts: parsed } : parsed };
}

async function startImport(
  ctx: Context,
  campaignId: string,
  file: string,
  bytes: Uint8Array,
  options: { upload: boolean; source?: string },
) {
  const path = `/campaigns/${enc(campaignId)}/imports`;
  const query = { source: options.source };
  if (!options.upload && bytes.byteLength <= INLINE_LIMIT) {
    return ctx.api.request<{ job: Job }>({
      method: 'POST',
      path,
      query,
      ...inlineImport(file, bytes),
      idempotencyKey: ctx.key(),
      what: 'import',
    });
  }
  const slot = await ctx.api.request<UploadSlot>({
    method: 'POST',
    path: `${path}/upload`,
    idempotencyKey: ctx.key('upload'),
    what: 'import upload',
  });
  if (slot.maxBytes !== undefined && bytes.byteLength > slot.maxBytes) {
    throw new CliError(
      `${file} is ${bytes.byteLength} bytes, over the ${slot.maxBytes} an import takes`,
      'split the file',
    );
  }
  ctx.out.note(`uploading ${file} (${bytes.byteLength} bytes)`);
  await ctx.api.upload(slot.uploadUrl, bytes, slot.contentType ?? 'text/csv');
  return ctx.api.request<{ job: Job }>({
    method: 'POST',
    path,
    query,
    json: { uploadKey: slot.key },
    idempotencyKey: ctx.key(),
    what: 'import',
  });
}

export function registerImport(program: Command): void {
  program
    .command('import <file>')
    .description('import contacts from a CSV file (or a JSON array) into a campaign')
    .requiredOption('--campaign <campaignId>', 'the campaign')
    .option('--upload', 'send the file through a presigned upload whatever its size')
    .option(
      '--source <how>',
      'how the contacts were found, for rows without source or referred_by (e.g. "event: UX Week 2026")',
    )
    .option('--no-wait', 'print the job and return at once')
    .addHelpText(
      'after',
      [
        '',
        'CSV: a header row naming the columns, in any case or spelling ("First Name", firstName, first_name):',
        `  ${CSV_COLUMNS.join(', ')}`,
        '  email, first_name and source (how the contact was found, e.g. "association: the UXPA") or',
        '  referred_by are needed (or --source for the whole file); an empty time_zone takes the',
        "  client's; other columns go to the notes.",
        '  Example: examples/contacts.csv. JSON: an array of contacts as POST /campaigns/{id}/imports takes them.',
      ].join('\n'),
    )
    .action(
      async (
        file: string,
        options: { campaign: string; upload?: boolean; source?: string; wait: boolean },
        command: Command,
      ) => {
        const ctx = contextOf(command);
        const bytes = await readLocalFile(file);
        const started = await startImport(ctx, options.campaign, file, bytes, {
          upload: options.upload === true,
          source: options.source,
        });
        await finishJob(ctx, started, 'import', options.wait);
      },
    );
}
