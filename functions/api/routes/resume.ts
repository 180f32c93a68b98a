/**
 * The client's resume: a presigned PUT straight to the bucket (`POST /clients/{clientId}/resume`),
 * then `POST /clients/{clientId}/resume/confirm` checks what arrived — there, at most 2 MB, a PDF
 * (`%PDF-`) — and only then sets `client.resumeKey`. A campaign launches only with a checked resume
 * (`assertResumeChecked`, called by the launch route): the outreach attaches it.
 *
 * Decisions: 2 MB keeps the outreach (base64 adds a third) far below SES's 10 MB; the URL lasts
 * 15 minutes; a refused object is deleted, so the bucket keeps only checked resumes; the client's
 * earlier resume stays in the bucket (emails already sent named it).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import type { Client } from '#domain/types.ts';
import { noBody } from '../body.ts';
import { must, type OperationDeps, type Route, route } from '../route.ts';

export const RESUME_MAX_BYTES = 2 * 1024 * 1024;
export const RESUME_CONTENT_TYPE = 'application/pdf';
export const RESUME_URL_SECONDS = 15 * 60;

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Where a client's uploads go: `resumes/<clientId>/<uuid>.pdf`. */
const resumeKeyPattern = (clientId: string) =>
  new RegExp(`^resumes/${clientId.replace(/[^A-Za-z0-9_-]/g, '')}/[0-9a-f-]{36}\\.pdf$`);

/** A launch needs the client's checked resume (the outreach attaches it): else a 422 naming `resume`. */
export function assertResumeChecked(client: Client): void {
  // Resume mode `none`: the outreach neither attaches nor links one.
  if (client.resumeMode === 'none') return;
  if (!client.resumeKey) {
    throw ValidationError.of(
      'resume',
      `client ${client.id} has no checked resume: upload it (POST /clients/${client.id}/resume, then .../resume/confirm) before launching`,
    );
  }
}

export function resumeRoutes({ store, uploads }: OperationDeps): Route[] {
  return [
    route({
      name: 'uploadResume',
      method: 'POST',
      pattern: '/clients/{clientId}/resume',
      body: noBody,
      async run({ scope }) {
        const key = `resumes/${must(scope.client).id}/${randomUUID()}.pdf`;
        const { url, expiresAt } = await uploads.presignPut(key, {
          contentType: RESUME_CONTENT_TYPE,
          expiresInSeconds: RESUME_URL_SECONDS,
        });
        return {
          status: 200,
          body: {
            uploadUrl: url,
            key,
            expiresAt: expiresAt.toISOString(),
            maxBytes: RESUME_MAX_BYTES,
            contentType: RESUME_CONTENT_TYPE,
          },
        };
      },
    }),
    route({
      name: 'confirmResume',
      method: 'POST',
      pattern: '/clients/{clientId}/resume/confirm',
      body: z.strictObject({ key: z.string().check(z.maxLength(200, 'must be at most 200 characters')) }),
      async run({ body, scope }) {
        const client = must(scope.client);
        if (!resumeKeyPattern(client.id).test(body.key)) {
          throw ValidationError.of(
            'key',
            `not an upload key of this client (POST /clients/${client.id}/resume gives one)`,
          );
        }
        const object = await uploads.inspect(body.key, PDF_MAGIC.length);
        if (!object)
          throw ValidationError.of('key', `nothing was uploaded at ${body.key} (or the URL expired)`);
        const refuse = async (message: string) => {
          await uploads.discard(body.key);
          return ValidationError.of('resume', message);
        };
        if (object.size > RESUME_MAX_BYTES) {
          throw await refuse(`the resume is ${object.size} bytes, over ${RESUME_MAX_BYTES} (2 MB)`);
        }
        if (!object.head.equals(PDF_MAGIC))
          throw await refuse('the resume is not a PDF (it must start with %PDF-)');
        await store.putClient({ ...client, resumeKey: body.key });
        return { status: 200, body: await store.getClient(client.id) };
      },
    }),
  ];
}
