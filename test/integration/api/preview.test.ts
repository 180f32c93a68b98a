/**
 * Issue 9: `GET /contacts/{contactId}/preview/{step}` (the preview function behind the same API) is
 * the email dispatch then sends: subject, text, HTML, attachment names and the headers a mail client
 * acts on, compared with the copy the SES emulator received after the clock reached the step. A step
 * that cannot be built yet is refused naming what is missing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentMessage } from '../workflow/harness.ts';
import { aProspect, remoteMeeting } from '../workflow/harness.ts';
import { type Answer, type ApiStack, startApiStack } from './support.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const DAY = 24 * 60 * 60_000;

/** Text as a reader sees it: the MIME encoding's line endings and trailing blanks aside. */
const lines = (text: string | false | undefined) =>
  (text || '')
    .replace(/\r\n/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();

describe('HTTP API: previews are the emails dispatch sends', () => {
  let t: ApiStack;
  beforeAll(async () => {
    t = await startApiStack(START);
  });
  afterAll(() => t.stack.stop());

  async function launchedContact(options: Parameters<ApiStack['stack']['seed']>[0] = {}) {
    const { campaign, client } = await t.stack.seed(options);
    const prospect = aProspect();
    const { created } = await t.stack.workflow.importContacts(campaign.id, [prospect]);
    const contactId = created[0]?.id as string;
    return { contactId, email: prospect.email, campaign, client };
  }

  async function scheduled(contactId: string, step: string): Promise<number> {
    const at = (await t.stack.store.getContact(contactId))?.schedules.find((s) => s.step === step)?.at;
    if (!at) throw new Error(`${step} is not scheduled`);
    return Date.parse(at);
  }

  /** Moves the clock past `step`'s schedule and returns the one email of that step the contact got. */
  async function sendAndFetch(contactId: string, email: string, step: string): Promise<SentMessage> {
    const before = new Set((await t.stack.sent()).map((m) => m.messageId));
    await t.stack.emulator.advanceTo(new Date((await scheduled(contactId, step)) + 60_000));
    const fresh = (await t.stack.sent()).filter((m) => !before.has(m.messageId) && m.to === email);
    expect(fresh, `${step} sent once`).toHaveLength(1);
    return fresh[0] as SentMessage;
  }

  function expectSame(preview: Answer, sent: SentMessage) {
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe(sent.subject);
    expect(lines(preview.body.text)).toBe(lines(sent.mail.text));
    expect(lines(preview.body.html)).toBe(lines(sent.mail.html));
    expect(preview.body.attachments).toEqual(sent.mail.attachments.map((a) => a.filename));
    const shown = (a: { value: { name: string; address?: string }[] } | undefined) =>
      a?.value.map((v) => (v.name ? `${v.name} <${v.address}>` : v.address)).join(', ');
    expect(preview.body.headers.replyTo).toBe(shown(sent.mail.replyTo));
    expect(preview.body.headers.from).toBe(shown(sent.mail.from));
    // mailparser folds List-* headers into one object: read the raw line.
    const line = sent.mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line;
    expect(preview.body.headers.listUnsubscribe).toBe(
      line?.replace(/^[^:]*:\s*/, '').replace(/\r?\n\s+/g, ' '),
    );
  }

  it('outreach: the same subject, text, HTML, Reply-To, List-Unsubscribe and resume as the send', async () => {
    const { contactId, email } = await launchedContact();
    await t.stack.workflow.launchCampaign((await t.stack.store.getContact(contactId))?.campaignId as string);
    const preview = await t.call('GET', `/contacts/${contactId}/preview/outreach`);
    expect(preview.body).toMatchObject({
      step: 'outreach',
      attachments: ['Sam Okafor - Resume.pdf'],
      headers: {
        replyTo: expect.stringMatching(/reply\+/),
        listUnsubscribe: expect.stringMatching(/^<https:/),
        listUnsubscribePost: 'List-Unsubscribe=One-Click',
      },
    });
    expectSame(preview, await sendAndFetch(contactId, email, 'outreach'));

    // The follow-up answers the outreach (In-Reply-To) and is the same email again.
    const followUp = await t.call('GET', `/contacts/${contactId}/preview/follow-up-1`);
    const sentFollowUp = await sendAndFetch(contactId, email, 'follow-up-1');
    expectSame(followUp, sentFollowUp);
    expect(followUp.body.headers.inReplyTo).toBe(sentFollowUp.header('in-reply-to'));
  });

  it('confirmation: refused (409 naming meeting) before a meeting; after booking, the email sent with its invitation', async () => {
    const { contactId, email, campaign } = await launchedContact();
    await t.stack.workflow.launchCampaign(campaign.id);
    const early = await t.call('GET', `/contacts/${contactId}/preview/confirmation`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'conflict', field: 'meeting' });

    await sendAndFetch(contactId, email, 'outreach');
    await t.stack.workflow.recordReply(contactId, { intent: 'accepted', replyKey: randomUUID() });
    const start = new Date(t.stack.clock.now().getTime() + 4 * DAY);
    start.setUTCHours(19, 0, 0, 0);
    await t.stack.workflow.bookMeeting(contactId, remoteMeeting(start));

    const preview = await t.call('GET', `/contacts/${contactId}/preview/confirmation`);
    expect(preview.body.attachments).toEqual(expect.arrayContaining(['invite.ics']));
    expectSame(preview, await sendAndFetch(contactId, email, 'confirmation'));
  });

  it('refuses what cannot be built, naming it, and writes nothing', async () => {
    const { contactId, client } = await launchedContact({ client: { resumeKey: undefined } });
    const before = await t.dump();
    const cases: [string, number, string][] = [
      // The outreach attaches the client's resume.
      [`/contacts/${contactId}/preview/outreach`, 422, 'resume'],
      // A follow-up answers the outreach, not sent yet.
      [`/contacts/${contactId}/preview/follow-up-1`, 409, 'thread.outreachMessageId'],
      // A keep-in-touch email carries the client's update.
      [`/contacts/${contactId}/preview/keep-in-touch-1`, 409, 'update'],
      // Not an email rapport sends.
      [`/contacts/${contactId}/preview/no-response`, 404, 'step'],
      [`/contacts/${contactId}/preview/bogus`, 404, 'step'],
      [`/contacts/${contactId}/preview/${'x'.repeat(300)}`, 404, 'step'],
      [`/contacts/${randomUUID()}/preview/outreach`, 404, 'contactId'],
    ];
    for (const [path, status, field] of cases) {
      const out = await t.call('GET', path);
      expect({ path: path.slice(0, 80), status: out.status, field: out.body.error?.field }).toEqual({
        path: path.slice(0, 80),
        status,
        field,
      });
    }
    expect(await t.dump()).toEqual(before);
    expect(client.resumeKey).toBeUndefined();
  });
});
