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

/** A client's line: the lifecycle trims it and checks it (not blank, no control characters). */
const lineInput = (max: number) =>
  z.strictObject({ text: z.string().check(z.maxLength(max, `must be at most ${max} characters`)) });

export function contactActionRoutes({ store, workflow }: OperationDeps): Route[] {
  return [
    route({
      name: 'approveContact',
      method: 'POST',
      pattern: '/contacts/{contactId}/approve',
      body: noBody,
      async run({ scope }) {
        return actionOutcome(await workflow.approveContact(must(scope.contact).id));
      },
    }),
    route({
      name: 'pauseContact',
      method: 'POST',
      pattern: '/contacts/{contactId}/pause',
      body: noBody,
      async run({ scope }) {
        return actionOutcome(await workflow.pauseContact(must(scope.contact).id));
      },
    }),
    route({
      name: 'resumeContact',
      method: 'POST',
      pattern: '/contacts/{contactId}/resume',
      body: noBody,
      async run({ scope }) {
        return actionOutcome(await workflow.resumeContact(must(scope.contact).id));
      },
    }),
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
    route({
      name: 'setPersonalLine',
      method: 'PUT',
      pattern: '/contacts/{contactId}/personal-line',
      body: lineInput(MAX_PERSONAL_LINE_LENGTH),
      async run({ body, scope }) {
        return actionOutcome(await workflow.addPersonalLine(must(scope.contact).id, body.text));
      },
    }),
    route({
      name: 'writeUpdate',
      method: 'PUT',
      pattern: '/contacts/{contactId}/update',
      body: lineInput(MAX_UPDATE_LENGTH),
      async run({ body, scope }) {
        return actionOutcome(await workflow.writeUpdate(must(scope.contact).id, body.text));
      },
    }),
  ];
}
