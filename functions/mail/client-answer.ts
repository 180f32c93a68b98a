/**
 * The answer to a client's reply to a reminder (issue 15): the personal line or the update as it will
 * appear, the thank-you held, or why nothing changed. The sentences are made here, once for both parts.
 */
import type { ClientAnswer } from '#domain/ports/email-builder.ts';
import { joinNames } from './client-reminders.ts';
import { type BuiltEmail, type EmailContext, finish, toClient } from './draft.ts';
import { formatWhen } from './format.ts';
import { paragraphs } from './template-data.ts';

export function buildClientAnswer(input: EmailContext & { answer: ClientAnswer }): Promise<BuiltEmail> {
  const { answer, contact, client, config } = input;
  const on = answer.at ? ` on ${formatWhen(answer.at, client.timeZone)}` : '';
  const name = `${contact.firstName}${contact.lastName ? ` ${contact.lastName}` : ''}`;
  const coach = `Your coach at ${config.consultancyName} can help in the rapport dashboard.`;
  const [subject, lead, after] = {
    line_added: [
      `Added to your thank-you to ${contact.firstName}`,
      `Added. Your thank-you to ${name}${on} will say:`,
      'Reply again to replace it.',
    ],
    line_too_late: [
      `Your thank-you to ${contact.firstName} already went out`,
      `Your thank-you to ${name} already went out${on}, without this line. Nothing was changed.`,
      coach,
    ],
    held: [
      `Held: your thank-you to ${contact.firstName}`,
      `Held. Your thank-you to ${name} will not go out for now.`,
      `Your coach at ${config.consultancyName} will reschedule or cancel the meeting with you, or release the thank-you if it did take place.`,
    ],
    update_added: [
      'Your update is in',
      `Added. Your update goes to ${joinNames(answer.names ?? [])}${on}, each in their own email. It will read:`,
      'Reply again before then to replace it.',
    ],
    refused: ['Your reply changed nothing', `Your reply changed nothing: ${answer.reason}.`, coach],
  }[answer.kind];
  return finish(
    toClient(input, 'client-answer', {
      answer: {
        subject,
        lead,
        after,
        paragraphs: answer.text && answer.kind !== 'line_too_late' ? paragraphs(answer.text) : [],
      },
    }),
    input,
  );
}
