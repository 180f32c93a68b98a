/**
 * The emails around a meeting, to the contact: the confirmation (questions, questions sheet and the
 * .ics invitation) and the cancellation (.ics METHOD:CANCEL for the same UID).
 */
import { invitation, questionsSheet } from './attachments.ts';
import {
  type BuiltEmail,
  type CancellationInput,
  type Draft,
  type EmailContext,
  finish,
  toContact,
} from './draft.ts';
import { formatShortWhen, formatWhen } from './format.ts';
import { meetingData, meetingOf, requireMeeting } from './template-data.ts';

export function confirmationDraft(input: EmailContext): Draft {
  const { contact, client, config, now } = input;
  const meeting = requireMeeting('confirmation', contact);
  return {
    ...toContact(input, 'confirmation', {
      meeting: meetingData(meeting, contact.timeZone),
      questions: meeting.questions,
    }),
    attachments: [
      questionsSheet({ meeting, client, contact, timeZone: contact.timeZone, config, now }),
      invitation({ method: 'REQUEST', meeting, sequence: meeting.sequence, contact, client, config, now }),
    ],
  };
}

/** The cancellation to the contact: a short note and an .ics METHOD:CANCEL for the same UID. */
export async function buildCancellation(input: CancellationInput): Promise<BuiltEmail> {
  const { contact, client, config, now } = input;
  const meeting = meetingOf('cancellation', contact);
  const sequence = input.sequence ?? meeting.sequence;
  return finish(
    {
      ...toContact(input, 'cancellation', {
        meeting: {
          when: formatWhen(meeting.start, contact.timeZone),
          shortWhen: formatShortWhen(meeting.start, contact.timeZone),
        },
      }),
      attachments: [invitation({ method: 'CANCEL', meeting, sequence, contact, client, config, now })],
    },
    input,
  );
}
