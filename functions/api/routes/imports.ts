/**
 * Import: the contacts as JSON (`{"contacts": [...]}`), a CSV body (`text/csv`, up to
 * MAX_IMPORT_BODY_BYTES), or `{"uploadKey"}` of a file PUT to the presigned URL of
 * `POST …/imports/upload` (up to MAX_IMPORT_UPLOAD_BYTES). A file that cannot be imported at all is
 * refused here, before anything is written; otherwise the file is kept in the bucket and an import
 * job reads it (202 with the job).
 */
import { randomUUID } from 'node:crypto';
import { ValidationError } from '#domain/errors.ts';
import { decodeUtf8, MAX_SOURCE_CHARS, parseDefaultSource, readImportFile } from '#domain/import-file.ts';
import { type ImportSource, publicJob } from '#domain/job.ts';
import type { Campaign } from '#domain/types.ts';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';
import { noBody } from '../body.ts';
import { ApiError } from '../errors.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';
import { importInput } from '../schemas.ts';

/** A CSV or JSON body of an import at the most (Lambda takes 6 MB synchronously). */
export const MAX_IMPORT_BODY_BYTES = 5 * 1024 * 1024;
/** An uploaded import file at the most. */
export const MAX_IMPORT_UPLOAD_BYTES = 20 * 1024 * 1024;
/** How long a presigned upload URL works. */
const UPLOAD_URL_SECONDS = 15 * 60;

const importsOf = (campaignId: string) => `${UPLOAD_PREFIXES.imports}${campaignId}/`;

export function importRoutes({ blobs, uploads, submitJob }: OperationDeps): Route[] {
  /** The request's file kept for the job. */
  async function keep(campaign: Campaign, content: string, mediaType: ImportSource['mediaType']) {
    const source: ImportSource = {
      key: `${importsOf(campaign.id)}${randomUUID()}.${mediaType === 'text/csv' ? 'csv' : 'json'}`,
      mediaType,
    };
    await blobs.put(source.key, Buffer.from(content, 'utf8'), mediaType);
    return source;
  }

  /** An uploaded file, checked as the body would be. */
  async function uploaded(campaign: Campaign, key: string): Promise<ImportSource> {
    const ours = new RegExp(`^${importsOf(campaign.id)}upload-[0-9a-f-]{36}\\.csv$`);
    if (!ours.test(key)) {
      throw ValidationError.of('uploadKey', 'is not an upload of this campaign (POST …/imports/upload)');
    }
    const size = (await uploads.inspect(key, 0))?.size;
    if (size === undefined) {
      throw ValidationError.of(
        'uploadKey',
        'nothing was uploaded at this key: PUT the file to uploadUrl first',
      );
    }
    if (size > MAX_IMPORT_UPLOAD_BYTES) {
      throw new ApiError(
        413,
        'body_too_large',
        `the uploaded file must be at most ${MAX_IMPORT_UPLOAD_BYTES / 1024 / 1024} MB`,
        'uploadKey',
      );
    }
    readImportFile(decodeUtf8(await blobs.get(key), 'uploadKey'), 'text/csv', 'uploadKey');
    return { key, mediaType: 'text/csv' };
  }

  return [
    route({
      name: 'importContacts',
      summary: 'Import contacts (JSON, a CSV body, or an uploaded CSV): 202 with the import job',
      status: 202,
      method: 'POST',
      pattern: '/campaigns/{campaignId}/imports',
      body: importInput,
      accepts: { text: ['text/csv'], maxBytes: MAX_IMPORT_BODY_BYTES },
      query: [
        {
          name: 'source',
          description:
            'How the contacts were found, for the rows that give neither source nor referred_by (an attendee list: `event: UX Week 2026`; kinds association, instructor, alumni, event, other)',
          schema: { type: 'string', minLength: 1, maxLength: MAX_SOURCE_CHARS },
        },
      ],
      async run({ body, text, query, scope }) {
        const campaign = must(scope.campaign);
        // Checked before anything is kept: a bad default refuses the request, nothing written.
        const defaultSource = parseDefaultSource(query.source, 'source');
        let source: ImportSource;
        if (text) {
          readImportFile(text.content, 'text/csv', 'body');
          source = await keep(campaign, text.content, 'text/csv');
        } else if (body.contacts !== undefined && body.uploadKey === undefined) {
          const content = JSON.stringify(body.contacts);
          readImportFile(content, 'application/json', 'contacts');
          source = await keep(campaign, content, 'application/json');
        } else if (body.uploadKey !== undefined && body.contacts === undefined) {
          source = await uploaded(campaign, body.uploadKey);
        } else {
          throw ValidationError.of('body', 'give contacts or uploadKey (or send the CSV file as text/csv)');
        }
        if (defaultSource !== undefined) source = { ...source, defaultSource };
        return { status: 202, body: { job: publicJob(await submitJob('import', campaign, source)) } };
      },
    }),
    route({
      name: 'createImportUpload',
      summary: 'A presigned PUT URL for a large import file (CSV)',
      status: 201,
      method: 'POST',
      pattern: '/campaigns/{campaignId}/imports/upload',
      body: noBody,
      async run({ scope }) {
        const key = `${importsOf(must(scope.campaign).id)}upload-${randomUUID()}.csv`;
        const contentType = 'text/csv';
        const { url, expiresAt } = await uploads.presignPut(key, {
          contentType,
          expiresInSeconds: UPLOAD_URL_SECONDS,
        });
        const body = {
          uploadUrl: url,
          key,
          expiresAt: expiresAt.toISOString(),
          maxBytes: MAX_IMPORT_UPLOAD_BYTES,
          contentType,
        };
        return { status: 201, body };
      },
    }),
  ];
}
