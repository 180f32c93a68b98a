/**
 * A person's actions on one contact: approve a referred prospect, pause / resume, unsubscribe on
 * the contact's behalf, and the client's lines (the thank-you's personal line, the keep-in-touch
 * update). Each runs a workflow use case; the lifecycle refuses a wrong stage (409, saying why).
 */
import * as z from 'zod/mini';
import { MAX_PERSONAL_LINE_LENGTH, MAX_UPDATE_LENGTH } from '#domain/lifecycle.ts';
import type { TransitionResult } from '#domain/types.ts';
import type { ContactAction } from '#usecases/workflow.ts';
import { noBody } from '../body.ts';
import { must, type OperationDeps, type Outcome, type Route, route } from '../route.ts';

/** What an action answers: whether it changed the contact, the contact now, and its timeline entry. */
export function actionOutcome(done: TransitionResult | ContactAction): Outcome {
  const body =
    'changed' in done
      ? done
      : ({ changed: true, contact: done.contact, timeline: done.timeline } satisfies ContactAction);
  return { status: 200, body };
}

/** `POST /contacts/{contactId}/<path>`: an action on the contact that takes no body (deps read only when run: the OpenAPI build passes none). */
export function actionRoute(
  name: string,
  path: string,
  act: (contactId: string) => Promise<TransitionResult | ContactAction>,
): Route {
  return route({
    name,
    method: 'POST',
    pattern: `/contacts/{contactId}/${path}`,
    body: noBody,
    async run({ scope }) {
      return actionOutcome(await act(must(scope.contact).id));
    },
  });
}

/**
 * `PUT /contacts/{contactId}/<path>` `{text}`: one of the client's lines. The lifecycle trims and
 * checks it (not blank, no control characters); the same text again changes nothing.
 */
function lineRoute(
  name: string,
  path: string,
  max: number,
  write: (contactId: string, text: string) => Promise<ContactAction>,
): Route {
  return route({
    name,
    method: 'PUT',
    pattern: `/contacts/{contactId}/${path}`,
    body: z.strictObject({ text: z.string().check(z.maxLength(max, `must be at most ${max} characters`)) }),
    async run({ body, scope }) {
      return actionOutcome(await write(must(scope.contact).id, body.text));
    },
  });
}

export function contactActionRoutes({ store, workflow }: OperationDeps): Route[] {
  return [
    actionRoute('approveContact', 'approve', (id) => workflow.approveContact(id)),
    actionRoute('pauseContact', 'pause', (id) => workflow.pauseContact(id)),
    actionRoute('resumeContact', 'resume', (id) => workflow.resumeContact(id)),
    route({
      name: 'unsubscribeContact',
      method: 'POST',
      pattern: '/contacts/{contactId}/unsubscribe',
      body: noBody,
      async run({ scope }) {
        const contact = must(scope.contact);
        const outcome = await workflow.unsubscribeContact(
          { contactId: contact.id, email: contact.email },
          'coach',
        );
        return { status: 200, body: { outcome, contact: await store.getContact(contact.id) } };
      },
    }),
    lineRoute('setPersonalLine', 'personal-line', MAX_PERSONAL_LINE_LENGTH, (id, text) =>
      workflow.addPersonalLine(id, text),
    ),
    lineRoute('writeUpdate', 'update', MAX_UPDATE_LENGTH, (id, text) => workflow.writeUpdate(id, text)),
  ];
}
