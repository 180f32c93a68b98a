/**
 * The reminders to the client: the meeting tomorrow (with the questions sheet), adding a personal
 * line to the thank-you, and writing the update for keep-in-touch-N.
 */
import { questionsSheet } from './attachments.ts';
import { type Draft, type EmailContext, toClient } from './draft.ts';
import { formatDay, formatWhen } from './format.ts';
import { fullName, meetingData, requireMeeting } from './template-data.ts';

export function meetingTomorrowDraft(input: EmailContext): Draft {
  const { contact, client, config, now } = input;
  const meeting = requireMeeting('client-meeting-tomorrow', contact);
  return {
    ...toClient(input, 'client-meeting-tomorrow', {
      meeting: meetingData(meeting, client.timeZone),
      questions: meeting.questions,
    }),
    attachments: [questionsSheet({ meeting, client, contact, timeZone: client.timeZone, config, now })],
  };
}

export function personalLineDraft(input: EmailContext): Draft {
  const thankYou = input.contact.schedules.find((s) => s.step === 'thank-you');
  return toClient(input, 'client-personal-line', {
    thankYou: { when: thankYou ? formatWhen(thankYou.at, input.client.timeZone) : undefined },
  });
}

export function updateReminderDraft(input: EmailContext, number: number): Draft {
  const { contact, client } = input;
  return toClient(input, 'client-update', {
    keepInTouch: { number },
    meetingDay: contact.meeting ? formatDay(contact.meeting.start, client.timeZone) : undefined,
  });
}

/** "Thank the person who introduced you" (`foundVia.name`: a referral's is the referrer), with a draft to send as is. */
export function thankReferrerDraft(input: EmailContext): Draft {
  const { contact, client } = input;
  const referrer = contact.foundVia.name;
  return toClient(input, 'client-thank-referrer', {
    client: { firstName: client.firstName, fullName: fullName(client.firstName, client.lastName) },
    referrer: { name: referrer, firstName: referrer.split(' ')[0] },
    meetingDay: formatDay(requireMeeting('client-thank-referrer', contact).start, client.timeZone),
  });
}
