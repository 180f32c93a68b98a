/**
 * The emails around a meeting, to the contact: the confirmation (questions, questions sheet and the
 * .ics invitation) and the cancellation (.ics METHOD:CANCEL for the same UID).
 */
import { invitation, questionsSheet } from './attachments.ts';
import { type BuildEmailInput, type BuiltEmail, type CancellationInput, finish, toContact } from './draft.ts';
import { EmailRefused } from './errors.ts';
import { formatShortWhen, formatWhen } from './format.ts';
import { meetingData, requireMeeting } from './template-data.ts';

export async function confirmationEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const { contact, client, config, now } = input;
  const meeting = requireMeeting('confirmation', contact);
  const target = toContact(input, 'confirmation');
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        meeting: meetingData(meeting, contact.timeZone),
        questions: meeting.questions,
      },
      attachments: [
        questionsSheet({ meeting, client, contact, timeZone: contact.timeZone, config, now }),
        invitation({
          method: 'REQUEST',
          meeting,
          sequence: meeting.sequence,
          contact,
          client,
          config,
          now,
        }),
      ],
    },
    config,
    now,
  );
}

/** The cancellation to the contact: a short note and an .ics METHOD:CANCEL for the same UID. */
export async function buildCancellation(input: CancellationInput): Promise<BuiltEmail> {
  const { contact, client, config, now } = input;
  if (!contact.meeting) {
    throw new EmailRefused('MissingMeeting', 'cancellation', `contact ${contact.id} has no meeting`, {
      variables: ['meeting'],
    });
  }
  const meeting = contact.meeting;
  const target = toContact(input, 'cancellation');
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        meeting: {
          when: formatWhen(meeting.start, contact.timeZone),
          shortWhen: formatShortWhen(meeting.start, contact.timeZone),
        },
      },
      attachments: [
        invitation({
          method: 'CANCEL',
          meeting,
          sequence: input.sequence ?? meeting.sequence,
          contact,
          client,
          config,
          now,
        }),
      ],
    },
    config,
    now,
  );
}
