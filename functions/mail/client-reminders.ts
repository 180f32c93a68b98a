/**
 * The reminders to the client: the meeting tomorrow (with the questions sheet), adding a personal
 * line to the thank-you, and writing the update for keep-in-touch-N.
 */
import type { Contact } from '#domain/types.ts';
import { questionsSheet } from './attachments.ts';
import { joinNames } from './client-answer-words.ts';
import { type Draft, type EmailContext, toClient } from './draft.ts';
import { formatDay, formatWhen } from './format.ts';
import { clientReplyAddress } from './headers.ts';
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

/** The reminder's Reply-To: the client's reply address, when the reminder asks for something (issue 15). */
function replyTo(input: EmailContext): Pick<Draft, 'replyTo'> {
  return input.clientReply ? { replyTo: clientReplyAddress(input.clientReply.token, input.config) } : {};
}

/** "How did it go with Rory?": reply with a line for the thank-you, or moved / didn't happen to hold it. */
export function personalLineDraft(input: EmailContext): Draft {
  const thankYou = input.contact.schedules.find((s) => s.step === 'thank-you');
  return {
    ...toClient(input, 'client-personal-line', {
      thankYou: { when: thankYou ? formatWhen(thankYou.at, input.client.timeZone) : undefined },
    }),
    ...replyTo(input),
  };
}

/** "Write an update for …": every contact the reminder lists; one reply serves all. */
export function updateReminderDraft(input: EmailContext, number: number): Draft {
  const { contact, client } = input;
  const day = (c: Contact) => (c.meeting ? formatDay(c.meeting.start, client.timeZone) : undefined);
  const listed = [contact, ...(input.clientReply?.others ?? [])];
  return {
    ...toClient(input, 'client-update', {
      keepInTouch: { number },
      names: joinNames(listed.map((c) => fullName(c.firstName, c.lastName))),
      contacts: listed.map((c) => ({ fullName: fullName(c.firstName, c.lastName), meetingDay: day(c) })),
    }),
    ...replyTo(input),
  };
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
