/**
 * The import job: the file read from the bucket, every row checked, the valid ones imported
 * PROGRESS_EVERY rows at a time — suppressed addresses skipped, duplicates (of the campaign or of
 * the file) counted — and the report built (`makeImportReport`). Running it again imports nothing
 * twice: every contact is deduped by the store.
 */
import { NotFound } from '#domain/errors.ts';
import { decodeUtf8, parseImportRow, readImportFile } from '#domain/import-file.ts';
import { type ImportResult, type Job, makeImportReport, PROGRESS_EVERY } from '#domain/job.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Workflow } from './workflow.ts';

export interface ImportJobDeps {
  store: Pick<Store, 'getClient' | 'suppressedAmong'>;
  blobs: Pick<BlobStore, 'get' | 'delete'>;
  workflow: Pick<Workflow, 'importChecked'>;
}

export type OnProgress = (done: number, total: number) => Promise<void>;

export function makeImportJob(deps: ImportJobDeps) {
  return async function runImport(job: Job, onProgress: OnProgress): Promise<ImportResult> {
    const source = job.source;
    if (!source) throw new NotFound('import file of job', job.id);
    const client = await deps.store.getClient(job.clientId);
    if (!client) throw new NotFound('client', job.clientId);
    // Checked when the request was taken; read the same way here.
    const file = readImportFile(
      decodeUtf8(await deps.blobs.get(source.key), 'file'),
      source.mediaType,
      'file',
    );
    const report = makeImportReport();
    const total = file.rows.length;
    for (let start = 0; start < total; start += PROGRESS_EVERY) {
      const end = Math.min(start + PROGRESS_EVERY, total);
      const valid = [];
      for (let index = start; index < end; index++) {
        const outcome = parseImportRow(file, index, {
          timeZone: client.timeZone,
          ...(source.defaultSource !== undefined ? { source: source.defaultSource } : {}),
        });
        if ('contact' in outcome) valid.push(outcome.contact);
        else report.invalid(index + 1, outcome.field, outcome.message);
      }
      const suppressed = await deps.store.suppressedAmong(valid.map((c) => c.email));
      const wanted = valid.filter((c) => !suppressed.has(c.email));
      report.result.suppressed += valid.length - wanted.length;
      const out = await deps.workflow.importChecked(job.campaignId, job.clientId, wanted);
      report.result.imported += out.created.length;
      report.result.duplicates += out.duplicates.length;
      await onProgress(end, total);
    }
    // The file holds the contacts' data: it is not kept once they are imported.
    await deps.blobs.delete(source.key);
    return report.result;
  };
}
