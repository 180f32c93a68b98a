/**
 * The reminders to the client: the meeting tomorrow (with the questions sheet), adding a personal
 * line to the thank-you, and writing the update for keep-in-touch-N.
 */
import { questionsSheet } from './attachments.ts';
import { type BuildEmailInput, type BuiltEmail, finish, toClient } from './draft.ts';
import { formatDay, formatWhen } from './format.ts';
import { meetingData, requireMeeting } from './template-data.ts';

export async function meetingTomorrowEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const { contact, client, config, now } = input;
  const meeting = requireMeeting('client-meeting-tomorrow', contact);
  const target = toClient(input, 'client-meeting-tomorrow');
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        meeting: meetingData(meeting, client.timeZone),
        questions: meeting.questions,
      },
      attachments: [questionsSheet({ meeting, client, contact, timeZone: client.timeZone, config, now })],
    },
    config,
    now,
  );
}

export async function personalLineEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const { contact, client, config, now } = input;
  const target = toClient(input, 'client-personal-line');
  const thankYou = contact.schedules.find((s) => s.step === 'thank-you');
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        thankYou: { when: thankYou ? formatWhen(thankYou.at, client.timeZone) : undefined },
      },
    },
    config,
    now,
  );
}

export async function updateReminderEmail(input: BuildEmailInput, number: number): Promise<BuiltEmail> {
  const { contact, client, config, now } = input;
  const target = toClient(input, 'client-update');
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        keepInTouch: { number },
        meetingDay: contact.meeting ? formatDay(contact.meeting.start, client.timeZone) : undefined,
      },
    },
    config,
    now,
  );
}
