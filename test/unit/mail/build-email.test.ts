import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { Step } from '#domain/types.ts';
import {
  type BuildEmailInput,
  buildContactEmail,
  MAX_MESSAGE_BYTES,
  messageIdHeader,
} from '#mail/build-email.ts';
import { parseMailConfig } from '#mail/config.ts';
import { EmailRefused } from '#mail/errors.ts';
import { formatWhen } from '#mail/format.ts';
import {
  config,
  fakeResume,
  makeCampaign,
  makeClient,
  makeContact,
  makeMeeting,
  memoryBlobs,
} from './fixtures.ts';

const now = new Date('2027-03-02T09:00:00Z');
const blobs = memoryBlobs({ 'resumes/cli_sam.pdf': fakeResume() });
const sent = [{ step: 'outreach' as const, at: '2027-02-01T09:00:00Z', messageId: 'ses-out' }];

function input(step: Step, overrides: Partial<BuildEmailInput> = {}): BuildEmailInput {
  return {
    step,
    contact: makeContact({
      meeting: makeMeeting({ personalLine: 'Loved the story about the pilot study.' }),
      sent,
      pendingUpdate: 'I got the placement.',
    }),
    client: makeClient(),
    campaign: makeCampaign(),
    config,
    blobs,
    now,
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<EmailRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmailRefused);
  return error as EmailRefused;
}

describe('buildContactEmail maps each step to its template, recipient and attachments', () => {
  const table: [Step, string, 'contact' | 'client', string[]][] = [
    ['outreach', 'outreach', 'contact', ['Sam Okafor - Resume.pdf']],
    ['follow-up-1', 'follow-up', 'contact', []],
    ['follow-up-2', 'follow-up', 'contact', []],
    ['confirmation', 'confirmation', 'contact', ['Questions - Priya Raman.pdf', 'invite.ics']],
    ['thank-you', 'thank-you', 'contact', []],
    ['keep-in-touch-1', 'keep-in-touch', 'contact', []],
    ['keep-in-touch-3', 'keep-in-touch', 'contact', []],
    ['client-meeting-tomorrow', 'client-meeting-tomorrow', 'client', ['Questions - Priya Raman.pdf']],
    ['client-personal-line', 'client-personal-line', 'client', []],
    ['client-update-1', 'client-update', 'client', []],
  ];
  it.each(table)('%s → %s to the %s', async (step, template, audience, attachments) => {
    const built = await buildContactEmail(input(step));
    expect(built.template).toBe(template);
    const mail = await simpleParser(built.raw);
    const to = audience === 'contact' ? 'priya.raman@lumen-health.example' : 'sam.okafor@client.example';
    expect(built.to).toEqual([to]);
    expect(mail.subject).toBe(built.subject);
    expect(mail.attachments.map((a) => a.filename)).toEqual(attachments);
    expect(mail.text).toBeTruthy();
    expect(mail.html).toBeTruthy();
    const keys = mail.headerLines.map((h) => h.key);
    expect(keys.includes('list-unsubscribe')).toBe(audience === 'contact');
    expect(keys.includes('list-unsubscribe-post')).toBe(audience === 'contact');
    expect(mail.date?.toISOString()).toBe(now.toISOString());
  });

  it('threads follow-ups and the subject follows the outreach', async () => {
    const mail = await simpleParser((await buildContactEmail(input('follow-up-1'))).raw);
    expect(mail.inReplyTo).toBe('<ses-out@email.amazonses.com>');
    expect(mail.subject).toBe('Re: Dana Whitfield suggested I reach out');
    const other = makeContact({ foundVia: { kind: 'association', name: 'the UX Guild' }, sent });
    const mail2 = await simpleParser((await buildContactEmail(input('follow-up-1', { contact: other }))).raw);
    expect(mail2.subject).toBe('Re: Priya, a question about UX research');
  });

  it('names where the contact was found for every kind', async () => {
    const expected = {
      association: 'I found you through the UX Guild.',
      instructor: 'My instructor, the UX Guild, recommended I reach out to you.',
      alumni: 'I found you through the the UX Guild alumni network.',
      event: 'I came across your work at the UX Guild.',
      other: 'I came across your work through the UX Guild.',
    } as const;
    for (const [kind, sentence] of Object.entries(expected)) {
      const contact = makeContact({ foundVia: { kind: kind as 'other', name: 'the UX Guild' } });
      const mail = await simpleParser((await buildContactEmail(input('outreach', { contact }))).raw);
      expect(mail.text).toContain(sentence);
    }
  });

  it('the SES Message-ID keeps its domain when it has one', () => {
    expect(messageIdHeader('abc', config)).toBe('<abc@email.amazonses.com>');
    expect(messageIdHeader('<abc@eu-west-1.amazonses.com>', config)).toBe('<abc@eu-west-1.amazonses.com>');
    expect(messageIdHeader('abc', { sesMessageIdDomain: 'eu-west-1.amazonses.com' })).toBe(
      '<abc@eu-west-1.amazonses.com>',
    );
  });

  it('formats contact-facing times in the contact zone', () => {
    expect(formatWhen('2027-03-02T13:00:00Z', 'Europe/Berlin')).toBe(
      'Tuesday, 2 March 2027 at 14:00 (Europe/Berlin)',
    );
    expect(formatWhen('2027-03-02T13:00:00Z', 'America/New_York')).toBe(
      'Tuesday, 2 March 2027 at 08:00 (America/New_York)',
    );
  });
});

describe('refused before SES, with an error naming what is wrong', () => {
  it('missing variable', async () => {
    const error = await refusal(
      buildContactEmail(input('thank-you', { contact: makeContact({ firstName: '' }) })),
    );
    expect(error.message).toBe('template thank-you: missing variable contact.firstName');
  });

  it('keep-in-touch with no update written', async () => {
    const error = await refusal(buildContactEmail(input('keep-in-touch-1', { contact: makeContact() })));
    expect(error.message).toBe('template keep-in-touch: missing variable update.text');
  });

  it('a remote meeting without a video link, an in-person one without a place', async () => {
    const remote = makeContact({ meeting: makeMeeting({ videoLink: undefined }) });
    expect((await refusal(buildContactEmail(input('confirmation', { contact: remote })))).message).toBe(
      'template confirmation: missing variable meeting.videoLink (remote meeting)',
    );
    const inPerson = makeContact({ meeting: makeMeeting({ mode: 'in_person', videoLink: undefined }) });
    expect(
      (await refusal(buildContactEmail(input('client-meeting-tomorrow', { contact: inPerson })))).message,
    ).toBe('template client-meeting-tomorrow: missing variable meeting.location (in_person meeting)');
  });

  it('a confirmation without a meeting', async () => {
    const error = await refusal(buildContactEmail(input('confirmation', { contact: makeContact() })));
    expect(error.reason).toBe('MissingMeeting');
    expect(error.message).toBe('template confirmation: contact con_priya has no meeting');
  });

  it('a follow-up without the outreach Message-ID to thread on', async () => {
    const error = await refusal(buildContactEmail(input('follow-up-1', { contact: makeContact() })));
    expect(error.message).toMatch(/^template follow-up: missing variable thread/);
  });

  it('missing resume: no key, or no object', async () => {
    const noKey = await refusal(
      buildContactEmail(input('outreach', { client: makeClient({ resumeKey: undefined }) })),
    );
    expect(noKey.reason).toBe('MissingAttachment');
    const noObject = await refusal(
      buildContactEmail(input('outreach', { client: makeClient({ resumeKey: 'resumes/missing.pdf' }) })),
    );
    expect(noObject.message).toBe('template outreach: attachment resume: no object at resumes/missing.pdf');
  });

  it('a message over 10 MB', async () => {
    const big = memoryBlobs({ 'resumes/cli_sam.pdf': fakeResume(8 * 1024 * 1024) });
    const error = await refusal(buildContactEmail(input('outreach', { blobs: big })));
    expect(error.reason).toBe('MessageTooLarge');
    expect(error.details.sizeBytes).toBeGreaterThan(MAX_MESSAGE_BYTES);
    expect(error.message).toMatch(/message is 1\d\.\d MB \(\d+ bytes\), over the 10 MB SES limit/);
  });

  it('a step that is not an email', async () => {
    expect((await refusal(buildContactEmail(input('no-response')))).message).toBe(
      'template no-response: step no-response is not an email',
    );
  });
});

describe('MailConfig', () => {
  it('accepts a good configuration and names every bad field', () => {
    expect(parseMailConfig(config).senderDomain).toBe('mail.northwind-careers.example');
    expect(() =>
      parseMailConfig({
        ...config,
        brandColor: 'red;}',
        logoUrl: 'http://x.example/l.png',
      }),
    ).toThrow('mail.brandColor: must be a colour like #1a6b5c; mail.logoUrl: must be an https URL');
  });
});
