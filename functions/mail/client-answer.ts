/**
 * The answer to a client's reply to a reminder (issue 15): the personal line or the update as it will
 * appear, the thank-you held, or why nothing changed.
 */
import type { ClientAnswer } from '#domain/ports/email-builder.ts';
import { joinNames } from './client-reminders.ts';
import type { BuiltEmail, EmailContext } from './draft.ts';
import { finish, toClient } from './draft.ts';
import { formatWhen } from './format.ts';
import { paragraphs } from './template-data.ts';

function subjectOf(answer: ClientAnswer, firstName: string): string {
  switch (answer.kind) {
    case 'line_added':
      return `Added to your thank-you to ${firstName}`;
    case 'line_too_late':
      return `Your thank-you to ${firstName} already went out`;
    case 'held':
      return `Held: your thank-you to ${firstName}`;
    case 'update_added':
      return 'Your update is in';
    case 'refused':
      return 'Your reply changed nothing';
  }
}

export function buildClientAnswer(input: EmailContext & { answer: ClientAnswer }): Promise<BuiltEmail> {
  const { answer, contact, client } = input;
  return finish(
    toClient(input, 'client-answer', {
      answer: {
        kind: answer.kind,
        subject: subjectOf(answer, contact.firstName),
        when: answer.at ? formatWhen(answer.at, client.timeZone) : undefined,
        names: answer.names ? joinNames(answer.names) : undefined,
        text: answer.text,
        paragraphs: answer.text ? paragraphs(answer.text) : [],
        reason: answer.reason,
      },
    }),
    input,
  );
}
