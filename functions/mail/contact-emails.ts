/**
 * The emails of the outreach sequence and after the meeting, to the contact: the outreach (resume
 * attached), the follow-ups in its thread, the thank-you and the keep-in-touch updates.
 */
import { resumeAttachment } from './attachments.ts';
import { type BuildEmailInput, type BuiltEmail, finish, toContact } from './draft.ts';
import { EmailRefused } from './errors.ts';
import { formatDay } from './format.ts';
import { messageIdHeader } from './headers.ts';
import { renderTemplate } from './render.ts';
import { paragraphs } from './template-data.ts';

function outreachData(input: Omit<BuildEmailInput, 'step'>) {
  return {
    foundVia: { kind: input.contact.foundVia.kind, name: input.contact.foundVia.name },
    meetingMinutes: input.campaign.policy.meetingMinutes,
  };
}

export function numbered(step: string, prefix: string): number | undefined {
  const match = new RegExp(`^${prefix}-(\\d+)$`).exec(step);
  return match?.[1] ? Number(match[1]) : undefined;
}

export async function followUpEmail(input: BuildEmailInput, number: number): Promise<BuiltEmail> {
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
  // The subject of the thread: the outreach's, rendered from the same data.
  const target = toContact(input, 'follow-up');
  const outreachSubject = renderTemplate('outreach', { ...target.base, ...outreachData(input) }).subject;
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        thread: { subject: outreachSubject },
        followUp: { number, isLast: number >= input.campaign.policy.followUpBusinessDays.length },
        meetingMinutes: input.campaign.policy.meetingMinutes,
      },
      inReplyTo: messageIdHeader(outreach.messageId, config),
      references: earlier.map((s) => messageIdHeader(s.messageId ?? '', config)),
    },
    config,
    input.now,
  );
}

export async function outreachEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const target = toContact(input, 'outreach');
  const resume = await resumeAttachment('outreach', input.client, input.blobs);
  return finish(
    { ...target, data: { ...target.base, ...outreachData(input) }, attachments: [resume] },
    input.config,
    input.now,
  );
}

export async function thankYouEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const target = toContact(input, 'thank-you');
  return finish(
    { ...target, data: { ...target.base, personalLine: input.contact.meeting?.personalLine } },
    input.config,
    input.now,
  );
}

export async function keepInTouchEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const { contact } = input;
  const target = toContact(input, 'keep-in-touch');
  const text = contact.pendingUpdate ?? '';
  return finish(
    {
      ...target,
      data: {
        ...target.base,
        update: { text, paragraphs: paragraphs(text) },
        meetingDay: contact.meeting ? formatDay(contact.meeting.start, contact.timeZone) : undefined,
      },
    },
    input.config,
    input.now,
  );
}
