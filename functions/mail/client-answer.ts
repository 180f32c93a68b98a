/** The answer to a client's reply to a reminder (issue 15), its words made by the inbound function. */
import type { ClientAnswerWords } from '#domain/ports/email-builder.ts';
import { type BuiltEmail, type EmailContext, finish, toClient } from './draft.ts';

export function buildClientAnswer(input: EmailContext & { answer: ClientAnswerWords }): Promise<BuiltEmail> {
  const { kind: _kind, ...answer } = input.answer;
  return finish(toClient(input, 'client-answer', { answer }), input);
}
