/**
 * The preview function's routes (its own Lambda behind the same HTTP API: they need the mail renderer,
 * which the API function's bundle must not carry): the exact email a contact gets for a step, and the
 * outreach check of a campaign's launch (the API's launch route invokes it first). They write nothing.
 */
import type { Clock } from '#domain/ports/clock.ts';
import type { EmailPreviewer } from '#domain/ports/email-preview.ts';
import type { Step } from '#domain/types.ts';
import { EmailRefused } from '#mail/errors.ts';
import type { LaunchCheck } from '#usecases/launch-check.ts';
import { noBody } from '../body.ts';
import { ApiError } from '../errors.ts';
import { must, type Route, route } from '../route.ts';
import type { ScopeStore } from '../scope.ts';

export interface PreviewDeps {
  store: ScopeStore;
  previews: EmailPreviewer;
  clock: Clock;
  /** The outreach check of a campaign's launch (`#usecases/launch-check.ts`): the API's launch asks it. */
  launchCheck: LaunchCheck;
}

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

export function previewRoutes({ previews, clock, launchCheck }: PreviewDeps): Route[] {
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
          const preview = await previews.step({
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
      name: 'checkOutreach',
      summary:
        "The outreach check of the campaign's launch: each prospect's outreach rendered, its findings (errors refuse the launch)",
      method: 'GET',
      pattern: '/campaigns/{campaignId}/outreach-check',
      body: noBody,
      async run({ scope }) {
        return { status: 200, body: await launchCheck(must(scope.campaign), must(scope.client)) };
      },
    }),
  ];
}
