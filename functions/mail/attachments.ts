/** The attachments: the client's resume, the questions sheet (PDF) and the .ics invitation or cancellation. */
import { NotFound } from '#domain/errors.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Client, Contact, Meeting } from '#domain/types.ts';
import type { Attachment } from './compose.ts';
import type { MailConfig } from './config.ts';
import { EmailRefused } from './errors.ts';
import { formatWhen } from './format.ts';
import { replyAddress } from './headers.ts';
import { buildIcs } from './ics.ts';
import { buildQuestionsSheet } from './questions-sheet.ts';
import type { TemplateName } from './render.ts';
import { fullName } from './template-data.ts';

export async function resumeAttachment(
  template: TemplateName,
  client: Client,
  blobs: BlobStore,
): Promise<Attachment> {
  if (!client.resumeKey) {
    throw new EmailRefused(
      'MissingAttachment',
      template,
      `the outreach requires the client's resume, but client ${client.id} has no resumeKey`,
      { attachment: 'resume' },
    );
  }
  try {
    const content = await blobs.get(client.resumeKey);
    return {
      filename: `${fullName(client.firstName, client.lastName)} - Resume.pdf`,
      content,
      contentType: 'application/pdf',
    };
  } catch (error) {
    if (error instanceof NotFound) {
      throw new EmailRefused(
        'MissingAttachment',
        template,
        `attachment resume: no object at ${client.resumeKey}`,
        {
          attachment: client.resumeKey,
        },
        { cause: error },
      );
    }
    throw error;
  }
}

export function questionsSheet(input: {
  meeting: Meeting;
  client: Client;
  contact: Contact;
  timeZone: string;
  config: MailConfig;
  now: Date;
}): Attachment {
  const { meeting, client, contact, config } = input;
  const place =
    meeting.mode === 'remote' ? `Video call: ${meeting.videoLink ?? ''}` : (meeting.location ?? '');
  const who = fullName(contact.firstName, contact.lastName);
  const content = buildQuestionsSheet({
    title: 'Informational interview',
    details: [
      `${fullName(client.firstName, client.lastName)} with ${who}${contact.company ? `, ${contact.company}` : ''}`,
      `${formatWhen(meeting.start, input.timeZone)}, ${meeting.durationMinutes} minutes`,
      place,
    ],
    questions: meeting.questions,
    footer: `Prepared with ${config.consultancyName}`,
    accentColor: config.brandColor,
    createdAt: input.now,
  });
  return { filename: `Questions - ${who}.pdf`, content, contentType: 'application/pdf' };
}

export function invitation(input: {
  method: 'REQUEST' | 'CANCEL';
  meeting: Meeting;
  sequence: number;
  contact: Contact;
  client: Client;
  config: MailConfig;
  now: Date;
}): Attachment {
  const { meeting, contact, client, config } = input;
  const start = new Date(meeting.start);
  const clientName = fullName(client.firstName, client.lastName);
  const contactName = fullName(contact.firstName, contact.lastName);
  const ics = buildIcs({
    method: input.method,
    uid: `${meeting.id}@${config.senderDomain}`,
    sequence: input.sequence,
    start,
    end: new Date(start.getTime() + meeting.durationMinutes * 60_000),
    stamp: input.now,
    summary: `${clientName} / ${contactName}: informational interview`,
    description:
      input.method === 'CANCEL'
        ? 'Cancelled.'
        : ['Questions:', ...meeting.questions.map((q, i) => `${i + 1}. ${q.text}`)].join('\n'),
    location: meeting.mode === 'remote' ? meeting.videoLink : meeting.location,
    url: meeting.mode === 'remote' ? meeting.videoLink : undefined,
    organizer: { name: clientName, email: replyAddress(contact, client, config).address },
    attendee: { name: contactName, email: contact.email },
  });
  return {
    filename: input.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${input.method}`,
  };
}
