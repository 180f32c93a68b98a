/**
 * The email for a step: picks the template, builds its data from the contact, client, campaign and
 * configuration, renders (Liquid only), fetches and makes the attachments, and composes the MIME
 * message the dispatch handler hands to the Mailer. Everything that can be wrong with the email is
 * refused here, before SES is called, with an EmailRefused naming what is wrong.
 *
 * Decisions:
 * - The outreach requires the client's resume (DESIGN: "the client's resume attached"); a client
 *   without `resumeKey` is refused rather than sent without it.
 * - A follow-up requires the outreach's Message-ID ("my note below" must have a note below).
 * - The .ics ORGANIZER is the client by name with the contact's reply address, so a calendar
 *   RSVP comes back through rapport's inbound instead of bouncing off the send-only domain.
 * - Emails to the client come from `<notificationsLocalPart>@<senderDomain>` under the
 *   consultancy's name, carry `Auto-Submitted: auto-generated` and no List-Unsubscribe.
 */
import { randomUUID } from 'node:crypto';
import { NotFound } from '#domain/errors.ts';
import { bareMessageId } from '#domain/message-id.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Campaign, Client, Contact, Meeting, ReplyIntent, Step } from '#domain/types.ts';
import { type Address, type Attachment, composeMessage } from './compose.ts';
import type { MailConfig } from './config.ts';
import { EmailRefused } from './errors.ts';
import { formatDay, formatShortWhen, formatWhen } from './format.ts';
import { buildIcs } from './ics.ts';
import { buildQuestionsSheet } from './questions-sheet.ts';
import { renderTemplate, type TemplateName } from './render.ts';
import { signUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token.ts';

/** SES SendRawEmail (v1) refuses messages over 10 MB. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface ForwardedReply {
  intent: ReplyIntent;
  fromName: string;
  fromEmail: string;
  subject: string;
  /** The reply's text, quoted history already stripped. */
  text: string;
}

export interface BuildEmailInput {
  step: Step;
  contact: Contact;
  client: Client;
  campaign: Campaign;
  config: MailConfig;
  blobs: BlobStore;
  now: Date;
  /** Unused by buildContactEmail; see forwardReply. */
  reply?: ForwardedReply;
}

export type ForwardReplyInput = Omit<BuildEmailInput, 'step' | 'reply'> & { reply: ForwardedReply };
export type CancellationInput = Omit<BuildEmailInput, 'step' | 'reply'> & {
  /** SEQUENCE of the cancellation (the Effect's); defaults to contact.meeting.sequence. */
  sequence?: number;
};

export interface BuiltEmail {
  raw: Buffer;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  template: TemplateName;
}

// ---------------------------------------------------------------- data for the templates

function fullName(first: string, last?: string): string {
  return [first, last].filter((part) => part?.trim()).join(' ');
}

function contactData(contact: Contact) {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    fullName: fullName(contact.firstName, contact.lastName),
    company: contact.company,
    role: contact.role,
  };
}

function clientData(client: Client) {
  return {
    firstName: client.firstName,
    lastName: client.lastName,
    fullName: fullName(client.firstName, client.lastName),
    field: client.field,
    introduction: client.introduction,
  };
}

function consultancyData(config: MailConfig) {
  return {
    name: config.consultancyName,
    color: config.brandColor,
    logoUrl: config.logoUrl,
    postalAddress: config.postalAddress,
  };
}

function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function meetingData(meeting: Meeting, timeZone: string) {
  return {
    when: formatWhen(meeting.start, timeZone),
    shortWhen: formatShortWhen(meeting.start, timeZone),
    durationMinutes: meeting.durationMinutes,
    mode: meeting.mode,
    location: meeting.location,
    videoLink: meeting.videoLink,
  };
}

function requireMeeting(template: TemplateName, contact: Contact): Meeting {
  if (!contact.meeting) {
    throw new EmailRefused('MissingMeeting', template, `contact ${contact.id} has no meeting`, {
      variables: ['meeting'],
    });
  }
  const meeting = contact.meeting;
  const needed = meeting.mode === 'remote' ? 'videoLink' : 'location';
  if (!meeting[needed]?.trim()) {
    throw new EmailRefused(
      'MissingVariable',
      template,
      `missing variable meeting.${needed} (${meeting.mode} meeting)`,
      {
        variables: [`meeting.${needed}`],
      },
    );
  }
  return meeting;
}

// ---------------------------------------------------------------- headers

function clientAddress(client: Client, config: MailConfig): Address {
  return {
    name: fullName(client.firstName, client.lastName),
    address: `${client.senderLocalPart}@${config.senderDomain}`,
  };
}

function replyAddress(contact: Contact, client: Client, config: MailConfig): Address {
  return {
    name: fullName(client.firstName, client.lastName),
    address: `reply+${contact.replyToken}@${config.inboundDomain}`,
  };
}

function notificationsAddress(config: MailConfig): Address {
  return {
    name: config.consultancyName,
    address: `${config.notificationsLocalPart ?? 'rapport'}@${config.senderDomain}`,
  };
}

/** The stored SES MessageId as a header value `<id@domain>`. */
export function messageIdHeader(id: string, config: Pick<MailConfig, 'sesMessageIdDomain'>): string {
  const bare = bareMessageId(id);
  return bare.includes('@') ? `<${bare}>` : `<${bare}@${config.sesMessageIdDomain ?? 'email.amazonses.com'}>`;
}

function newMessageId(config: MailConfig): string {
  return `<${randomUUID()}@${config.senderDomain}>`;
}

// ---------------------------------------------------------------- attachments

async function resumeAttachment(
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

function questionsSheet(input: {
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

function invitation(input: {
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

// ---------------------------------------------------------------- assembling

interface Draft {
  template: TemplateName;
  data: Record<string, unknown>;
  from: Address;
  to: Address;
  replyTo?: Address;
  listUnsubscribeUrl?: string;
  inReplyTo?: string;
  references?: string[];
  autoSubmitted?: boolean;
  attachments?: Attachment[];
}

async function finish(draft: Draft, config: MailConfig, now: Date): Promise<BuiltEmail> {
  const rendered = renderTemplate(draft.template, draft.data);
  const raw = await composeMessage({
    from: draft.from,
    to: [draft.to],
    replyTo: draft.replyTo,
    subject: rendered.subject,
    date: now,
    messageId: newMessageId(config),
    inReplyTo: draft.inReplyTo,
    references: draft.references,
    text: rendered.text,
    html: rendered.html,
    listUnsubscribeUrl: draft.listUnsubscribeUrl,
    autoSubmitted: draft.autoSubmitted,
    attachments: draft.attachments,
  });
  if (raw.length > MAX_MESSAGE_BYTES) {
    const mb = (raw.length / 1024 / 1024).toFixed(1);
    throw new EmailRefused(
      'MessageTooLarge',
      draft.template,
      `message is ${mb} MB (${raw.length} bytes), over the 10 MB SES limit`,
      { sizeBytes: raw.length },
    );
  }
  return { raw, to: [draft.to.address], subject: rendered.subject, template: draft.template };
}

/** From, To, Reply-To, unsubscribe and layout data shared by every email to the contact. */
function toContact(input: Omit<BuildEmailInput, 'step'>, template: TemplateName) {
  const { contact, client, campaign, config } = input;
  const token = signUnsubscribeToken(
    { contactId: contact.id, email: contact.email, campaignId: campaign.id },
    config.unsubscribeSecret,
  );
  const url = unsubscribeUrl(config.unsubscribeBaseUrl, token);
  return {
    template,
    from: clientAddress(client, config),
    to: { name: fullName(contact.firstName, contact.lastName), address: contact.email },
    replyTo: replyAddress(contact, client, config),
    listUnsubscribeUrl: url,
    base: {
      consultancy: consultancyData(config),
      unsubscribeUrl: url,
      contact: contactData(contact),
      client: clientData(client),
    },
  };
}

function toClient(input: Omit<BuildEmailInput, 'step'>, template: TemplateName) {
  const { contact, client, config } = input;
  return {
    template,
    from: notificationsAddress(config),
    to: { name: fullName(client.firstName, client.lastName), address: client.email },
    autoSubmitted: true,
    base: {
      consultancy: consultancyData(config),
      client: { firstName: client.firstName },
      contact: contactData(contact),
    },
  };
}

function outreachData(input: Omit<BuildEmailInput, 'step'>) {
  return {
    foundVia: { kind: input.contact.foundVia.kind, name: input.contact.foundVia.name },
    meetingMinutes: input.campaign.policy.meetingMinutes,
  };
}

function numbered(step: string, prefix: string): number | undefined {
  const match = new RegExp(`^${prefix}-(\\d+)$`).exec(step);
  return match?.[1] ? Number(match[1]) : undefined;
}

async function followUp(input: BuildEmailInput, number: number): Promise<BuiltEmail> {
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

/** The email for `step` (see types.ts Step), ready for Mailer.sendRaw. Throws EmailRefused. */
export async function buildContactEmail(input: BuildEmailInput): Promise<BuiltEmail> {
  const { step, contact, client, config, now } = input;

  if (step === 'outreach') {
    const target = toContact(input, 'outreach');
    const resume = await resumeAttachment('outreach', client, input.blobs);
    return finish(
      { ...target, data: { ...target.base, ...outreachData(input) }, attachments: [resume] },
      config,
      now,
    );
  }

  const followUpNumber = numbered(step, 'follow-up');
  if (followUpNumber !== undefined) return followUp(input, followUpNumber);

  if (step === 'confirmation') {
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

  if (step === 'thank-you') {
    const target = toContact(input, 'thank-you');
    return finish(
      { ...target, data: { ...target.base, personalLine: contact.meeting?.personalLine } },
      config,
      now,
    );
  }

  if (numbered(step, 'keep-in-touch') !== undefined) {
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
      config,
      now,
    );
  }

  if (step === 'client-meeting-tomorrow') {
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

  if (step === 'client-personal-line') {
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

  const updateNumber = numbered(step, 'client-update');
  if (updateNumber !== undefined) {
    const target = toClient(input, 'client-update');
    return finish(
      {
        ...target,
        data: {
          ...target.base,
          keepInTouch: { number: updateNumber },
          meetingDay: contact.meeting ? formatDay(contact.meeting.start, client.timeZone) : undefined,
        },
      },
      config,
      now,
    );
  }

  throw new EmailRefused('NotAnEmail', step, `step ${step} is not an email`);
}

const INTENTS: Record<ReplyIntent, { label: string; hint: (name: string) => string }> = {
  accepted: {
    label: 'Accepted',
    hint: (n) => `${n} agreed to talk. Book the time in rapport to schedule the confirmation and thank-you.`,
  },
  declined: { label: 'Declined', hint: (n) => `${n} declined. No more reminders go out to them.` },
  referral: { label: 'Referral', hint: (n) => `${n} suggested someone else to talk to.` },
  out_of_office: {
    label: 'Out of office',
    hint: (n) => `An automatic reply from ${n}; the next reminder waits until they are back.`,
  },
  unsubscribe: {
    label: 'Unsubscribe request',
    hint: (n) => `${n} asked not to be contacted again; nothing more is sent to them.`,
  },
  other: { label: 'Reply', hint: (n) => `${n} replied. Read it and decide the next step.` },
};

/** A contact's reply forwarded to the client, classification on top; Reply-To is the contact. */
export async function forwardReply(input: ForwardReplyInput): Promise<BuiltEmail> {
  const { reply, contact, config, now } = input;
  const intent = INTENTS[reply.intent] ?? INTENTS.other;
  const target = toClient(input, 'reply-forward');
  return finish(
    {
      ...target,
      replyTo: { name: reply.fromName, address: reply.fromEmail },
      data: {
        ...target.base,
        reply: {
          intent: reply.intent,
          intentLabel: intent.label,
          intentHint: intent.hint(contact.firstName),
          fromName: reply.fromName,
          fromEmail: reply.fromEmail,
          subject: reply.subject,
          text: reply.text,
          paragraphs: paragraphs(reply.text),
        },
      },
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
