/**
 * The emails of the outreach sequence and after the meeting, to the contact: the outreach (resume
 * attached), the follow-ups in its thread, the thank-you and the keep-in-touch updates.
 */
import { resumeAttachment } from './attachments.ts';
import { type Draft, type EmailContext, toContact } from './draft.ts';
import { EmailRefused } from './errors.ts';
import { formatDay, formatQuoteDate } from './format.ts';
import { messageIdHeader } from './headers.ts';
import { renderTemplate } from './render.ts';
import { resumeUrl } from './resume-token.ts';
import { fullName, paragraphs } from './template-data.ts';

/** A rendered text part without its footer: everything before the `--` line the layouts put under the body. */
export function bodyOf(text: string): string {
  const end = text.search(/^--$/m);
  return (end < 0 ? text : text.slice(0, end)).trim();
}

export function outreachData(input: EmailContext) {
  const mode = input.client.resumeMode ?? 'attach';
  const { resumeKey } = input.client;
  return {
    foundVia: { kind: input.contact.foundVia.kind, name: input.contact.foundVia.name },
    meetingMinutes: input.campaign.policy.meetingMinutes,
    resume: {
      mode,
      url: mode === 'link' && resumeKey ? resumeUrl(input.config, resumeKey, input.now) : undefined,
    },
  };
}

/** The number of a numbered step (`follow-up-2` with prefix `follow-up` → 2). */
export function numbered(step: string, prefix: string): number | undefined {
  const match = new RegExp(`^${prefix}-(\\d+)$`).exec(step);
  return match?.[1] ? Number(match[1]) : undefined;
}

export async function outreachDraft(input: EmailContext): Promise<Draft> {
  const draft = toContact(input, 'outreach', outreachData(input));
  const mode = input.client.resumeMode ?? 'attach';
  if (mode === 'none') return draft;
  // A link needs the resume as much as an attachment does: refused the same way without one.
  const resume = await resumeAttachment('outreach', input.client, input.blobs);
  return mode === 'attach' ? { ...draft, attachments: [resume] } : draft;
}

export function followUpDraft(input: EmailContext, number: number): Draft {
  const { contact, config } = input;
  const outreach = contact.sent.find((s) => s.step === 'outreach');
  if (!outreach?.messageId) {
    throw new EmailRefused(
      'MissingVariable',
      'follow-up',
      'missing variable thread: the outreach has no Message-ID',
      {
        variables: ['thread.outreachMessageId'],
      },
    );
  }
  const earlier = contact.sent.filter((s) => {
    const n = numbered(s.step, 'follow-up');
    return s.messageId && (s.step === 'outreach' || (n !== undefined && n < number));
  });
  // The subject of the thread and the quoted note: the outreach's, rendered from the same data.
  const sentOutreach = renderTemplate('outreach', toContact(input, 'outreach', outreachData(input)).data);
  const quoted = bodyOf(sentOutreach.text);
  return {
    ...toContact(input, 'follow-up', {
      thread: { subject: sentOutreach.subject },
      quote: {
        heading: `On ${formatQuoteDate(outreach.at, contact.timeZone)}, ${fullName(input.client.firstName, input.client.lastName)} wrote:`,
        lines: quoted.split('\n'),
        paragraphs: paragraphs(quoted),
      },
      followUp: { number, isLast: number >= input.campaign.policy.followUpBusinessDays.length },
      meetingMinutes: input.campaign.policy.meetingMinutes,
    }),
    inReplyTo: messageIdHeader(outreach.messageId, config),
    references: earlier.map((s) => messageIdHeader(s.messageId ?? '', config)),
  };
}

export function thankYouDraft(input: EmailContext): Draft {
  return toContact(input, 'thank-you', { personalLine: input.contact.meeting?.personalLine });
}

export function keepInTouchDraft(input: EmailContext): Draft {
  const { contact } = input;
  const text = contact.pendingUpdate ?? '';
  return toContact(input, 'keep-in-touch', {
    update: { text, paragraphs: paragraphs(text) },
    meetingDay: contact.meeting ? formatDay(contact.meeting.start, contact.timeZone) : undefined,
  });
}
