/**
 * `npm run preview -- <template>`: the email of a template built by the SAME path dispatch sends it
 * (`#mail/build-email.ts`: the demo client, campaign and a demo contact at the stage the email needs,
 * the mail settings of the local stack, the demo resume in an in-memory bucket), written to
 * preview-out/<template>/{email.html,email.txt,email.eml}. The .eml is the message SES would get:
 * From, To, Reply-To (the contact's reply address), List-Unsubscribe on contact emails, and the
 * attachments (the resume on the outreach; questions and invitation on the confirmation), so it
 * opens in any mail client. (The templates' sample.json files feed the render tests, not this.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFound } from '#domain/errors.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import { DEFAULT_QUESTION_BANK, pickDefaultSet } from '#domain/questions.ts';
import type { Contact, Step } from '#domain/types.ts';
import { DEMO_MAIL_CONFIG, demoCampaign, demoClient } from '#local/demo-data.ts';
import { DEMO_PRIYA, demoResume } from '#local/seed-demo.ts';
import { type BuiltEmail, buildCancellation, buildContactEmail, forwardReply } from '#mail/build-email.ts';
import { buildClientAnswer } from '#mail/client-answer.ts';
import { clientAnswerWords } from '#mail/client-answer-words.ts';
import { TEMPLATE_NAMES, type TemplateName } from '#mail/generated/templates.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name] = process.argv.slice(2);

if (!name || !(TEMPLATE_NAMES as readonly string[]).includes(name)) {
  console.error(`usage: npm run preview -- <template>\ntemplates: ${TEMPLATE_NAMES.join(', ')}`);
  process.exit(2);
}
const template = name as TemplateName;

/** The email's moment: a Tuesday morning, the meeting two days later. */
const now = new Date('2027-03-02T09:00:00.000Z');
const client = demoClient();
const campaign = demoCampaign();
const resumeKey = client.resumeKey as string;
const blobs: BlobStore = {
  async put() {},
  async get(key) {
    if (key !== resumeKey) throw new NotFound('blob', key);
    return demoResume();
  },
  async delete() {},
};

/** Priya, met through a referral, at the stage every email can be built from. */
const contact: Contact = {
  id: 'demo-contact',
  campaignId: campaign.id,
  clientId: client.id,
  ...DEMO_PRIYA,
  foundVia: { ...DEMO_PRIYA.foundVia },
  stage: 'meeting_booked',
  version: 1,
  planVersion: 1,
  replyToken: 'demoReplyToken1',
  schedules: [],
  sent: [
    { step: 'outreach', at: '2027-02-22T14:00:00.000Z', messageId: 'demo-outreach@email.amazonses.com' },
  ],
  meeting: {
    id: 'demo-meeting',
    start: '2027-03-04T19:00:00.000Z',
    durationMinutes: 20,
    timeZone: 'America/New_York',
    mode: 'remote',
    videoLink: 'https://meet.example/abc-defg-hij',
    sequence: 0,
    questions: pickDefaultSet(DEFAULT_QUESTION_BANK),
    status: 'booked',
    personalLine: 'Your point about research ops changed how I think about my first year.',
  },
  pendingUpdate: 'I started a junior UX research role at a health-tech company last month.',
  createdAt: '2027-02-20T00:00:00.000Z',
  updatedAt: '2027-02-20T00:00:00.000Z',
};

/** The step dispatch builds each contact or client template for. */
const STEP: Partial<Record<TemplateName, Step>> = {
  outreach: 'outreach',
  'follow-up': 'follow-up-1',
  confirmation: 'confirmation',
  'thank-you': 'thank-you',
  'keep-in-touch': 'keep-in-touch-1',
  'client-meeting-tomorrow': 'client-meeting-tomorrow',
  'client-personal-line': 'client-personal-line',
  'client-update': 'client-update-1',
};

function build(): Promise<BuiltEmail> {
  const context = { contact, client, campaign, config: DEMO_MAIL_CONFIG, blobs, now };
  if (template === 'cancellation') return buildCancellation({ ...context, sequence: 1 });
  if (template === 'reply-forward') {
    return forwardReply({
      ...context,
      reply: {
        intent: 'accepted',
        fromName: 'Priya Raman',
        fromEmail: contact.email,
        subject: 'Re: A question from a fellow UX learner',
        text: 'Happy to help! Thursday at 2pm works for me.',
      },
    });
  }
  if (template === 'client-answer') {
    const line = {
      kind: 'line_added',
      text: contact.meeting?.personalLine,
      at: '2027-03-05T14:00:00.000Z',
    } as const;
    const answer = clientAnswerWords(line, {
      contact,
      client,
      consultancyName: DEMO_MAIL_CONFIG.consultancyName,
    });
    return buildClientAnswer({ ...context, answer });
  }
  // A reminder that asks the client for something carries its reply address (issue 15).
  const asks = template === 'client-personal-line' || template === 'client-update';
  const clientReply = asks ? { clientReply: { token: 'democlientreplytoken234567' } } : {};
  return buildContactEmail({ ...context, ...clientReply, step: STEP[template] as Step });
}

try {
  const built = await build();
  const out = join(root, 'preview-out', template);
  mkdirSync(out, { recursive: true });
  const paths = {
    html: join(out, 'email.html'),
    text: join(out, 'email.txt'),
    eml: join(out, 'email.eml'),
  };
  writeFileSync(paths.html, built.message.html);
  writeFileSync(paths.text, built.message.text);
  writeFileSync(paths.eml, built.raw);
  const attachments = (built.message.attachments ?? []).map((a) => a.filename);
  console.log(
    `${template}: "${built.subject}"${built.message.replyTo ? `, Reply-To ${built.message.replyTo.address}` : ''}${
      attachments.length > 0 ? `, attached: ${attachments.join(', ')}` : ''
    }`,
  );
  for (const path of Object.values(paths)) console.log(`  ${relative(process.cwd(), path)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
