import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type ParsedMail, simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeS3BlobStore } from '#adapters/s3-blob-store.ts';
import { makeSesMailer } from '#adapters/ses-mailer.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Contact, Step } from '#domain/types.ts';
import { DEMO_KEY_RING } from '#local/demo-data.ts';
import {
  type BuildEmailInput,
  type BuiltEmail,
  buildCancellation,
  buildContactEmail,
  forwardReply,
} from '#mail/build-email.ts';
import { EmailRefused } from '#mail/errors.ts';
import { verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import {
  config,
  fakeResume,
  makeCampaign,
  makeClient,
  makeContact,
  makeMeeting,
} from '../../unit/mail/fixtures.ts';
import {
  emulatorAttachmentBytes,
  fetchFromEmulator,
  parseIcs,
  type RecordingProxy,
  startRecordingProxy,
  type WireSend,
} from './helpers.ts';

const run = randomUUID().slice(0, 8);
const bucket = `mail-it-${run}`;
const resume = fakeResume(120_000);
const now = new Date('2027-03-02T09:00:00.000Z');

let proxy: RecordingProxy;
let blobs: BlobStore;
let mailer: ReturnType<typeof makeSesMailer>;

/** Unique per test run, so concurrent tests on the same emulator never see each other's mail. */
function contact(overrides: Partial<Contact> = {}): Contact {
  return makeContact({ email: `priya.${run}@lumen-health.example`, meeting: makeMeeting(), ...overrides });
}
const client = makeClient({ email: `sam.${run}@client.example`, resumeKey: `resumes/${run}.pdf` });
const campaign = makeCampaign();

function input(step: Step, overrides: Partial<BuildEmailInput> = {}): BuildEmailInput {
  return { step, contact: contact(), client, campaign, config, blobs, now, ...overrides };
}

interface Delivered {
  built: BuiltEmail;
  /** The emulator's copy (headers it keeps, parts, attachments). */
  stored: ParsedMail;
  /** The message exactly as the SES API received it (every header). */
  wire: ParsedMail;
  send: WireSend;
}

async function deliver(built: BuiltEmail, step: string): Promise<Delivered> {
  const { messageId } = await mailer.sendRaw({
    raw: built.raw,
    destinations: built.to,
    tags: { contact: 'con_priya', step, idempotencyKey: `con_priya#${step}#1` },
  });
  const send = proxy.sends.get(messageId);
  if (!send) throw new Error(`the proxy saw no SendRawEmail answered with ${messageId}`);
  return {
    built,
    stored: await fetchFromEmulator(inject('sesEndpoint'), messageId),
    wire: await simpleParser(send.raw),
    send,
  };
}

function header(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
  return line?.line.slice(line.line.indexOf(':') + 1).trim();
}

function unsubscribeToken(mail: ParsedMail): string {
  const value = header(mail, 'List-Unsubscribe') ?? '';
  const url = /^<(https:\/\/[^>]+)>$/.exec(value)?.[1];
  if (!url) throw new Error(`no HTTPS List-Unsubscribe in ${value}`);
  return new URL(url).searchParams.get('token') ?? '';
}

function attachment(mail: ParsedMail, filename: string) {
  const found = mail.attachments.find((a) => a.filename === filename);
  if (!found)
    throw new Error(`no attachment ${filename}; have ${mail.attachments.map((a) => a.filename).join(', ')}`);
  return found;
}

function expectContactHeaders(d: Delivered) {
  expect(d.stored.from?.value[0]).toEqual({
    name: 'Sam Okafor',
    address: 'sam.okafor@mail.northwind-careers.example',
  });
  expect(d.stored.replyTo?.value[0]?.address).toBe('reply+tok8Hq2xZ@in.northwind-careers.example');
  expect(d.stored.to && !Array.isArray(d.stored.to) ? d.stored.to.value[0]?.address : undefined).toBe(
    `priya.${run}@lumen-health.example`,
  );
  expect(d.stored.subject).toBe(d.built.subject);
  expect(d.wire.date?.toISOString()).toBe(now.toISOString());
  expect(header(d.wire, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  const token = unsubscribeToken(d.wire);
  expect(verifyUnsubscribeToken(token, DEMO_KEY_RING, now)).toEqual({ contactId: 'con_priya' });
  // No address in the link (only the contact's id, signed).
  expect(Buffer.from(token.replaceAll('.', ''), 'base64url').toString('latin1')).not.toContain('@');
  // The visible line — a personal sentence — carries the same URL.
  expect(d.stored.text).toContain(
    `If you'd rather I didn't follow up, let me know here: ${config.unsubscribeBaseUrl}?token=${token}`,
  );
  expect(d.stored.html).toContain("If you'd rather I didn't follow up");
  // The personal layout: no image; the postal address shown (no consultancy country configured).
  expect(d.stored.html).not.toMatch(/<img\b/i);
  expect(d.stored.html).toContain(config.postalAddress);
  expect(d.stored.text).toContain(config.postalAddress);
}

function expectClientHeaders(d: Delivered) {
  expect(d.stored.from?.value[0]).toEqual({
    name: 'Northwind Careers',
    address: 'rapport@mail.northwind-careers.example',
  });
  expect(d.built.to).toEqual([`sam.${run}@client.example`]);
  expect(d.stored.to && !Array.isArray(d.stored.to) ? d.stored.to.value[0]?.address : undefined).toBe(
    `sam.${run}@client.example`,
  );
  expect(header(d.wire, 'List-Unsubscribe')).toBeUndefined();
  expect(header(d.wire, 'List-Unsubscribe-Post')).toBeUndefined();
  expect(header(d.wire, 'Auto-Submitted')).toBe('auto-generated');
  expect(d.stored.text).not.toContain('Unsubscribe');
  expect(d.stored.text).toContain('You receive this as a client of Northwind Careers.');
}

beforeAll(async () => {
  proxy = await startRecordingProxy(inject('sesEndpoint'));
  mailer = makeSesMailer({
    endpoint: proxy.endpoint,
    configurationSet: 'rapport-test',
    requestTimeoutMs: 5_000,
  });
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }; // s3rver's only key pair
  const s3 = new S3Client({ endpoint: inject('s3Endpoint'), forcePathStyle: true, credentials });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  blobs = makeS3BlobStore({ bucket, endpoint: inject('s3Endpoint'), credentials });
  await blobs.put(`resumes/${run}.pdf`, resume, 'application/pdf');
});

afterAll(async () => {
  await proxy?.close();
});

describe('every email, sent through the SES adapter to the emulator and read back', () => {
  it('outreach: etiquette, headers, resume from S3, signed one-click unsubscribe, tags', async () => {
    const d = await deliver(await buildContactEmail(input('outreach')), 'outreach');
    expectContactHeaders(d);
    expect(d.stored.subject).toBe('Dana Whitfield suggested I reach out');
    for (const part of [d.stored.text ?? '', d.stored.html || '']) {
      expect(part).toContain('Hi Priya,');
      expect(part).toContain('Dana Whitfield suggested I get in touch.');
      expect(part).toContain('not asking for a job, only for your advice');
      expect(part).toContain('Could you spare 20 minutes to talk, in person or by video?');
      expect(part).toContain('My resume is attached.');
    }
    // In the client's name: the personal layout, without the consultancy's logo or colour.
    expect(d.stored.html).not.toContain('https://northwind-careers.example/logo.png');
    expect(d.stored.html).not.toContain('#1a6b5c');
    // The resume, byte for byte: in the emulator's copy and on the wire.
    expect(
      emulatorAttachmentBytes(attachment(d.stored, 'Sam Okafor - Resume.pdf').content).equals(resume),
    ).toBe(true);
    const wireResume = attachment(d.wire, 'Sam Okafor - Resume.pdf');
    expect(wireResume.contentType).toBe('application/pdf');
    expect(wireResume.content.equals(resume)).toBe(true);
    // Configuration set and sanitised tags reached SES.
    expect(d.send.params.get('ConfigurationSetName')).toBe('rapport-test');
    const tags = new Map<string, string>();
    for (let i = 1; d.send.params.has(`Tags.member.${i}.Name`); i++) {
      tags.set(
        d.send.params.get(`Tags.member.${i}.Name`) ?? '',
        d.send.params.get(`Tags.member.${i}.Value`) ?? '',
      );
    }
    expect(Object.fromEntries(tags)).toEqual({
      contact: 'con_priya',
      step: 'outreach',
      idempotencyKey: 'con_priya_outreach_1',
    });
    // A tampered token does not verify.
    const token = unsubscribeToken(d.wire);
    const [keyId = '', payload = '', signature = ''] = token.split('.');
    const forged = Buffer.from('con_someone_else', 'utf8').toString('base64url');
    expect(verifyUnsubscribeToken(`${keyId}.${forged}.${signature}`, DEMO_KEY_RING, now)).toBeNull();
    expect(
      verifyUnsubscribeToken(`${keyId}.${payload}.${signature.slice(0, -2)}AA`, DEMO_KEY_RING, now),
    ).toBeNull();
    const another = {
      ...DEMO_KEY_RING,
      keys: [{ id: keyId, secret: 'another-secret-that-is-long-enough-000', createdAt: now.toISOString() }],
    };
    expect(verifyUnsubscribeToken(token, another, now)).toBeNull();
  });

  it('follow-ups thread on the outreach: In-Reply-To, References, "Re:" subject', async () => {
    const sent: Contact['sent'] = [
      { step: 'outreach', at: '2027-02-01T09:00:00Z', messageId: `out-${run}` },
      { step: 'follow-up-1', at: '2027-02-05T09:00:00Z', messageId: `fu1-${run}` },
    ];
    const first = await deliver(
      await buildContactEmail(input('follow-up-1', { contact: contact({ sent: sent.slice(0, 1) }) })),
      'follow-up-1',
    );
    expectContactHeaders(first);
    expect(first.stored.subject).toBe('Re: Dana Whitfield suggested I reach out');
    expect(first.wire.inReplyTo).toBe(`<out-${run}@email.amazonses.com>`);
    expect(first.wire.references).toBe(`<out-${run}@email.amazonses.com>`);
    expect(first.stored.text).toContain('I wanted to follow up on my note below.');
    expect(first.stored.attachments).toHaveLength(0);

    const second = await deliver(
      await buildContactEmail(input('follow-up-2', { contact: contact({ sent }) })),
      'follow-up-2',
    );
    expect(second.stored.subject).toBe('Re: Dana Whitfield suggested I reach out');
    expect(second.wire.inReplyTo).toBe(`<out-${run}@email.amazonses.com>`);
    expect(second.wire.references).toEqual([
      `<out-${run}@email.amazonses.com>`,
      `<fu1-${run}@email.amazonses.com>`,
    ]);
    expect(second.stored.text).toContain('One last note from me');
  });

  it('confirmation: time in the contact zone, place, questions in body and PDF, .ics REQUEST', async () => {
    const d = await deliver(await buildContactEmail(input('confirmation')), 'confirmation');
    expectContactHeaders(d);
    expect(d.stored.subject).toBe('Confirming our conversation on Wed 3 Mar, 14:00');
    for (const part of [d.stored.text ?? '', d.stored.html || '']) {
      expect(part).toContain('Wednesday, 3 March 2027 at 14:00 (Europe/Berlin)');
      expect(part).toContain('20 minutes');
      expect(part).toContain('https://meet.example/abc-defg-hij');
      for (const q of makeMeeting().questions)
        expect(part).toContain(q.text.replace(/'/g, part === d.stored.html ? '&#39;' : "'"));
    }
    const sheet = attachment(d.wire, 'Questions - Priya Raman.pdf');
    expect(sheet.contentType).toBe('application/pdf');
    expect(sheet.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await PDFDocument.load(sheet.content)).getPageCount()).toBe(1);
    expect(
      emulatorAttachmentBytes(attachment(d.stored, 'Questions - Priya Raman.pdf').content).equals(
        sheet.content,
      ),
    ).toBe(true);

    const invite = attachment(d.wire, 'invite.ics');
    expect(invite.contentType).toBe('text/calendar');
    expect(header(d.wire, 'Content-Type')).toMatch(/multipart\/mixed/);
    expect(d.send.raw.toString()).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    const ics = parseIcs(invite.content.toString('utf8'));
    expect(ics.get('METHOD')?.value).toBe('REQUEST');
    expect(ics.get('UID')?.value).toBe('mtg_01@mail.northwind-careers.example');
    expect(ics.get('SEQUENCE')?.value).toBe('0');
    expect(ics.get('DTSTART')?.value).toBe('20270303T130000Z');
    expect(ics.get('DTEND')?.value).toBe('20270303T132000Z');
    expect(ics.get('STATUS')?.value).toBe('CONFIRMED');
    expect(ics.get('ORGANIZER')).toEqual({
      params: ';CN="Sam Okafor"',
      value: 'mailto:reply+tok8Hq2xZ@in.northwind-careers.example',
    });
    expect(ics.get('ATTENDEE')?.params).toContain('CN="Priya Raman"');
    expect(ics.get('ATTENDEE')?.value).toBe(`mailto:priya.${run}@lumen-health.example`);
    expect(emulatorAttachmentBytes(attachment(d.stored, 'invite.ics').content).equals(invite.content)).toBe(
      true,
    );
  });

  it('a reschedule keeps the UID and raises SEQUENCE; a cancellation sends METHOD:CANCEL', async () => {
    const moved = contact({ meeting: makeMeeting({ start: '2027-03-05T09:30:00.000Z', sequence: 1 }) });
    const d = await deliver(
      await buildContactEmail(input('confirmation', { contact: moved })),
      'confirmation',
    );
    const ics = parseIcs(attachment(d.wire, 'invite.ics').content.toString('utf8'));
    expect(ics.get('UID')?.value).toBe('mtg_01@mail.northwind-careers.example');
    expect(ics.get('SEQUENCE')?.value).toBe('1');
    expect(ics.get('DTSTART')?.value).toBe('20270305T093000Z');
    expect(d.stored.text).toContain('Friday, 5 March 2027 at 10:30 (Europe/Berlin)');

    const cancelled = contact({
      meeting: makeMeeting({ start: '2027-03-05T09:30:00.000Z', sequence: 2, status: 'cancelled' }),
    });
    const c = await deliver(
      await buildCancellation({ contact: cancelled, client, campaign, config, blobs, now }),
      'cancel',
    );
    expectContactHeaders(c);
    expect(c.stored.subject).toBe('Cancelled: our conversation on Fri 5 Mar, 10:30');
    expect(c.send.raw.toString()).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/);
    const cancel = parseIcs(attachment(c.wire, 'cancel.ics').content.toString('utf8'));
    expect(cancel.get('METHOD')?.value).toBe('CANCEL');
    expect(cancel.get('UID')?.value).toBe('mtg_01@mail.northwind-careers.example');
    expect(cancel.get('SEQUENCE')?.value).toBe('2');
    expect(cancel.get('STATUS')?.value).toBe('CANCELLED');
  });

  it('thank-you, with and without the personal line', async () => {
    const line = 'Your point about testing with five users has already changed my portfolio project.';
    const withLine = await deliver(
      await buildContactEmail(
        input('thank-you', { contact: contact({ meeting: makeMeeting({ personalLine: line }) }) }),
      ),
      'thank-you',
    );
    expectContactHeaders(withLine);
    expect(withLine.stored.subject).toBe('Thank you, Priya');
    expect(withLine.stored.text).toContain(line);
    expect(withLine.stored.html).toContain(line);
    const without = await deliver(await buildContactEmail(input('thank-you')), 'thank-you');
    expect(without.stored.text).toContain('Thank you for taking the time to talk with me.');
    expect(without.stored.text).not.toMatch(/\n\n\n/);
  });

  it('keep-in-touch carries the update the client wrote', async () => {
    const update =
      'I started a research placement at a health-tech start-up.\n\nYour advice made the difference.';
    const d = await deliver(
      await buildContactEmail(input('keep-in-touch-1', { contact: contact({ pendingUpdate: update }) })),
      'keep-in-touch-1',
    );
    expectContactHeaders(d);
    expect(d.stored.subject).toBe('An update from Sam');
    expect(d.stored.text).toContain(update);
    expect(d.stored.html).toContain('<p style="margin: 0 0 12px 0;">Your advice made the difference.</p>');
    expect(d.stored.text).toContain('When we spoke on Wednesday, 3 March');
  });

  it('client reminders go to the client, in the client zone, without List-Unsubscribe', async () => {
    const tomorrow = await deliver(
      await buildContactEmail(input('client-meeting-tomorrow')),
      'client-meeting-tomorrow',
    );
    expectClientHeaders(tomorrow);
    expect(tomorrow.stored.subject).toBe('Tomorrow: your conversation with Priya Raman');
    expect(tomorrow.stored.text).toContain('Wednesday, 3 March 2027 at 13:00 (Europe/London)');
    expect(tomorrow.stored.text).toContain('5. Who else would you suggest I talk to?');
    expect(attachment(tomorrow.wire, 'Questions - Priya Raman.pdf').content.subarray(0, 5).toString()).toBe(
      '%PDF-',
    );

    const personal = await deliver(
      await buildContactEmail(
        input('client-personal-line', {
          contact: contact({
            schedules: [{ step: 'thank-you', at: '2027-03-03T16:30:00Z', planVersion: 1 }],
          }),
        }),
      ),
      'client-personal-line',
    );
    expectClientHeaders(personal);
    expect(personal.stored.subject).toBe('How did it go with Priya?');
    expect(personal.stored.text).toContain('goes out on Wednesday, 3 March 2027 at 16:30 (Europe/London)');

    const update = await deliver(await buildContactEmail(input('client-update-2')), 'client-update-2');
    expectClientHeaders(update);
    expect(update.stored.subject).toBe('Write an update for Priya Raman');
    expect(update.stored.text).toContain('keep-in-touch update number 2');
  });

  it('a reply is forwarded to the client with the classification on top', async () => {
    const built = await forwardReply({
      contact: contact(),
      client,
      campaign,
      config,
      blobs,
      now,
      reply: {
        intent: 'accepted',
        fromName: 'Priya Raman',
        fromEmail: `priya.${run}@lumen-health.example`,
        subject: 'Re: Dana Whitfield suggested I reach out',
        text: 'Hi Sam,\n\nHappy to help. Would Tuesday at 2pm work?\n\nPriya',
      },
    });
    const d = await deliver(built, 'reply-forward');
    expectClientHeaders(d);
    expect(d.stored.subject).toBe('[Accepted] Re: Dana Whitfield suggested I reach out');
    expect(d.stored.text?.split('\n')[0]).toMatch(/^\[Accepted\] Priya agreed to talk/);
    const html = String(d.stored.html);
    expect(html.indexOf('Accepted')).toBeGreaterThan(0);
    expect(html.indexOf('Accepted')).toBeLessThan(html.indexOf('Happy to help'));
    expect(d.stored.text).toContain('Happy to help. Would Tuesday at 2pm work?');
    expect(d.stored.replyTo?.value[0]?.address).toBe(`priya.${run}@lumen-health.example`);
  });

  it('a contact named <img src=x onerror=alert(1)> arrives escaped in the HTML', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const d = await deliver(
      await buildContactEmail(
        input('outreach', { contact: contact({ firstName: evil, company: '"><script>x</script>' }) }),
      ),
      'outreach',
    );
    expect(d.stored.html).toContain('Hi &lt;img src=x onerror=alert(1)&gt;,');
    expect(d.stored.html).not.toContain('<img src=x');
    expect(d.stored.text).toContain(`Hi ${evil},`);
  });
});

describe('refused before SES is called', () => {
  async function refusal(build: () => Promise<unknown>): Promise<EmailRefused> {
    const before = proxy.requests();
    const error = await build().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmailRefused);
    expect(proxy.requests()).toBe(before);
    return error as EmailRefused;
  }

  it('a missing variable names template and variable', async () => {
    const error = await refusal(() =>
      buildContactEmail(input('outreach', { contact: contact({ firstName: ' ' }) })),
    );
    expect(error.message).toBe('template outreach: missing variable contact.firstName');
    expect(error.reason).toBe('MissingVariable');
  });

  it('a resume key without an object in S3 names the key', async () => {
    const error = await refusal(() =>
      buildContactEmail(input('outreach', { client: { ...client, resumeKey: `resumes/${run}-gone.pdf` } })),
    );
    expect(error.message).toBe(`template outreach: attachment resume: no object at resumes/${run}-gone.pdf`);
    expect(error.reason).toBe('MissingAttachment');
  });

  it('an outreach for a client without a resume is refused', async () => {
    const error = await refusal(() =>
      buildContactEmail(input('outreach', { client: { ...client, resumeKey: undefined } })),
    );
    expect(error.message).toMatch(
      /outreach requires the client's resume, but client cli_sam has no resumeKey/,
    );
  });

  it('a message over 10 MB names its size', async () => {
    await blobs.put(`resumes/${run}-huge.pdf`, fakeResume(8 * 1024 * 1024), 'application/pdf');
    const error = await refusal(() =>
      buildContactEmail(input('outreach', { client: { ...client, resumeKey: `resumes/${run}-huge.pdf` } })),
    );
    expect(error.reason).toBe('MessageTooLarge');
    expect(error.message).toMatch(
      /^template outreach: message is \d+\.\d MB \(\d+ bytes\), over the 10 MB SES limit$/,
    );
    expect(error.details.sizeBytes).toBeGreaterThan(10 * 1024 * 1024);
  });
});
