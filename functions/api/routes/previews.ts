/**
 * The preview function's routes (its own Lambda behind the same HTTP API: they need the mail
 * renderer and the reply reader, which the API function's bundle must not carry): the exact email a
 * contact gets for a step, and the reading of a raw reply. Neither writes anything.
 */
import * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { EmailBuilder } from '#domain/ports/email-builder.ts';
import type { Step } from '#domain/types.ts';
import { EmailRefused } from '#mail/errors.ts';
import { classifyReply } from '#usecases/classify-reply.ts';
import { previewEmail } from '#usecases/preview-email.ts';
import { noBody } from '../body.ts';
import { ApiError } from '../errors.ts';
import { must, type Route, route } from '../route.ts';
import type { ScopeStore } from '../scope.ts';

export interface PreviewDeps {
  store: ScopeStore;
  emails: Pick<EmailBuilder, 'step'>;
  clock: Clock;
}

/** A raw reply is read from its first MiB (as the inbound function reads it). */
export const MAX_CLASSIFY_BYTES = 1024 * 1024;

const STEP = /^[a-z0-9-]{1,40}$/;

/** Why a step cannot be built yet, as the API's answer naming what is missing. */
function refusal(error: EmailRefused, step: string): ApiError {
  switch (error.reason) {
    case 'NotAnEmail':
      return new ApiError(404, 'not_found', `step ${step} is not an email rapport sends`, 'step');
    case 'MissingAttachment':
      return new ApiError(422, 'invalid_input', error.message, 'resume');
    case 'MessageTooLarge':
      return new ApiError(422, 'invalid_input', error.message, 'attachments');
    case 'MissingMeeting':
      return new ApiError(409, 'conflict', error.message, 'meeting');
    case 'MissingVariable':
      return new ApiError(409, 'conflict', error.message, error.details.variables?.[0] ?? 'step');
  }
}

export function previewRoutes({ emails, clock }: PreviewDeps): Route[] {
  return [
    route({
      name: 'previewEmail',
      method: 'GET',
      pattern: '/contacts/{contactId}/preview/{step}',
      body: noBody,
      async run({ params, scope }) {
        const step = params.step ?? '';
        if (!STEP.test(step)) throw new ApiError(404, 'not_found', 'no such step', 'step');
        const contact = must(scope.contact);
        if (step.startsWith('keep-in-touch-') && !contact.pendingUpdate?.trim()) {
          // Dispatch sends no keep-in-touch without the client's update (PUT .../update).
          throw new ApiError(409, 'conflict', `step ${step} needs the client's update text first`, 'update');
        }
        // Built as dispatch builds it: at the step's planned time when it is still to come.
        const planned = contact.schedules.find((s) => s.step === step)?.at;
        const now = clock.now();
        const at = planned && Date.parse(planned) > now.getTime() ? new Date(planned) : now;
        try {
          const preview = await previewEmail(emails, {
            step: step as Step,
            contact,
            client: must(scope.client),
            campaign: must(scope.campaign),
            now: at,
          });
          return { status: 200, body: preview };
        } catch (error) {
          if (error instanceof EmailRefused) throw refusal(error, step);
          throw error;
        }
      },
    }),
    route({
      name: 'classifyReply',
      method: 'POST',
      pattern: '/replies/classify',
      body: z.string().check(z.minLength(1, 'the body must be the raw reply (RFC 822)')),
      raw: { mediaType: 'message/rfc822', maxBytes: MAX_CLASSIFY_BYTES },
      async run({ body, query }) {
        let reading: Awaited<ReturnType<typeof classifyReply>>;
        try {
          reading = await classifyReply(Buffer.from(body, 'utf8'), {
            timeZone: query.timeZone,
            now: clock.now(),
          });
        } catch (error) {
          if (error instanceof ValidationError) throw error;
          // postal-mime refused the MIME structure: the message itself is at fault.
          throw new ApiError(422, 'invalid_input', `unreadable message: ${(error as Error).message}`, 'body');
        }
        return { status: 200, body: reading };
      },
    }),
  ];
}
