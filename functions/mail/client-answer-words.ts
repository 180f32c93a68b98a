/**
 * The words of the answer to a client's reply to a reminder (issue 15): the personal line or the
 * update as it will appear, the thank-you held, or why nothing changed. Made by the inbound function
 * (it knows what happened); the dispatch function lays them out (`client-answer.ts`). Small on purpose:
 * no template or renderer here.
 */
import type { ClientAnswer, ClientAnswerWords } from '#domain/ports/email-builder.ts';
import type { Client, Contact } from '#domain/types.ts';
import { formatWhen } from './format.ts';
import { fullName } from './template-data.ts';

/** "Priya Raman", "Priya Raman and Dana Whitfield", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function clientAnswerWords(
  answer: ClientAnswer,
  { contact, client, consultancyName }: { contact: Contact; client: Client; consultancyName: string },
): ClientAnswerWords {
  const on = answer.at ? ` on ${formatWhen(answer.at, client.timeZone)}` : '';
  const name = fullName(contact.firstName, contact.lastName);
  const coach = `Your coach at ${consultancyName} can help in the rapport dashboard.`;
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
      `Your coach at ${consultancyName} will reschedule or cancel the meeting with you, or release the thank-you if it did take place.`,
    ],
    update_added: [
      'Your update is in',
      `Added. Your update goes to ${joinNames(answer.names ?? [])}${on}, each in their own email. It will read:`,
      'Reply again before then to replace it.',
    ],
    refused: ['Your reply changed nothing', `Your reply changed nothing: ${answer.reason}.`, coach],
  }[answer.kind] as [string, string, string];
  const quoted = answer.text && answer.kind !== 'line_too_late' ? answer.text : '';
  return {
    kind: answer.kind,
    subject,
    lead,
    paragraphs: quoted
      .split(/\n{2,}/)
      .map((p) => p.trim())
      .filter(Boolean),
    after,
  };
}
