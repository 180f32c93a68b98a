/**
 * The unmatched inbox, on the emulators: a reply matching no contact is kept, listed AND e-mailed to
 * the operations address once — however often and however concurrently it is delivered (issue 13
 * item 3); without an operations address it is only listed. A reply from an employer's domain that
 * matches no contact pauses that employer's queue in every active campaign with contacts there and
 * tells each client, flagged (issue 16 item 1).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDynamoUnmatchedForwards } from '#adapters/dynamo-unmatched-forwards.ts';
import { RetryableError } from '#domain/errors.ts';
import type { OperationsNotices } from '#domain/ports/reputation.ts';
import { replyIdOf } from '#domain/ports/review-store.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { makeOperationsNotices } from '#mail/operations-notice.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { FORWARD_LEASE_MS, makeForwardUnmatched } from '#usecases/forward-unmatched.ts';
import { type InboundReceipt, makeInbound, replyKeyOf } from '#usecases/inbound.ts';
import { parseMail } from '#usecases/parse-mail.ts';
import { aProspect, MAIL_CONFIG } from './harness.ts';
import { fixture, type InboundStack, startInboundStack } from './inbound-stack.ts';

// Monday 2026-11-30 08:00 UTC.
const START = '2026-11-30T08:00:00.000Z';
const OPS = 'ops@northwind-careers.example';
/** A reply address whose token is no contact's. */
const NOBODY = `reply+n0b0dy00000@${MAIL_CONFIG.inboundDomain}`;

/** `raw` stored where SES stores it, and the receipt the inbound function gets for it. */
async function stored(stack: InboundStack['stack'], raw: Buffer): Promise<InboundReceipt> {
  const sesMessageId = randomUUID();
  const objectKey = `${INBOUND_OBJECT_PREFIX}${sesMessageId}`;
  await stack.blobs.put(objectKey, raw, 'message/rfc822');
  return { sesMessageId, objectKey, recipients: [NOBODY], spamVerdict: 'PASS', virusVerdict: 'PASS' };
}

/** A plain-text message no contact wrote, from `from`, with a fresh Message-ID. */
function stranger(from: string, text: string, subject = 'About your note') {
  return Buffer.from(
    [
      `From: Someone <${from}>`,
      `To: <${NOBODY}>`,
      `Subject: ${subject}`,
      'Date: Tue, 01 Dec 2026 10:15:00 -0500',
      `Message-ID: <${randomUUID()}@mail.example.net>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset="utf-8"',
      '',
      text,
      '',
    ].join('\r\n'),
  );
}

describe('the unmatched inbox', () => {
  let world: InboundStack;
  let stack: InboundStack['stack'];
  /** Fault injection: the next notice SES refuses (throttled). */
  let refuseNextNotice = false;

  const received = (raw: Buffer) => stored(stack, raw);
  beforeAll(async () => {
    world = await startInboundStack({
      start: START,
      inbound: (s) => {
        const real = makeOperationsNotices({
          mailer: s.deps.mailer,
          config: MAIL_CONFIG,
          to: OPS,
          now: () => s.clock.now(),
        });
        const notices: OperationsNotices = {
          async notify(notice) {
            if (refuseNextNotice) {
              refuseNextNotice = false;
              throw new RetryableError('SES: Maximum sending rate exceeded');
            }
            return real.notify(notice);
          },
        };
        return {
          forwardUnmatched: makeForwardUnmatched({
            forwards: makeDynamoUnmatchedForwards(s.table),
            notices,
            clock: s.clock,
          }),
        };
      },
    });
    stack = world.stack;
  });
  afterAll(() => world.stop());

  async function toOperations() {
    return (await stack.sent()).filter((m) => m.to === OPS);
  }

  it('is e-mailed to the operations address once: two SES deliveries and a Lambda retry, three at once, then again', async () => {
    const raw = fixture('unmatched-decline.eml');
    const replyKey = replyKeyOf(await parseMail(raw));
    const first = await received(raw);
    const second = await received(raw); // the sender's MTA delivered it twice: a new SES message id
    const before = (await toOperations()).length;

    const outcomes = await Promise.all([world.inbound(first), world.inbound(second), world.inbound(first)]);
    const again = await world.inbound(second);

    for (const o of [...outcomes, again]) expect(o.outcome).toBe('unmatched');
    const forwarded = outcomes.map((o) => ('forwarded' in o ? o.forwarded : undefined));
    expect(forwarded.filter((f) => f === 'sent')).toHaveLength(1);
    for (const f of forwarded) expect(['sent', 'in_progress', 'already_sent']).toContain(f);
    expect(again).toMatchObject({ forwarded: 'already_sent' });

    const mails = (await toOperations()).slice(before);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('rapport: unmatched reply from treyes@proseware.example: Your note');
    expect(mail?.mail.html).toBe(false);
    expect(mail?.mail.text).toContain(`rapport replies attach ${replyIdOf(undefined, replyKey)} <contactId>`);
    expect(mail?.mail.text).toContain("> Hi Jordan, I'm afraid I'm not able to take meetings right now");
    // Whichever delivery won the claim names its SES message.
    expect(mail?.mail.text).toMatch(
      new RegExp(`SES message: (${first.sesMessageId}|${second.sesMessageId})`),
    );

    // Kept and listed as before, once.
    expect(await world.reviews.get(replyIdOf(undefined, replyKey))).toMatchObject({
      state: 'unmatched',
      reason: 'unmatched',
      from: 'treyes@proseware.example',
    });
  });

  it('SES refusing the notice releases the claim: the retry of the delivery sends it (none lost)', async () => {
    const receipt = await received(stranger('jdoe@fabrikam.example', 'Who is this from?'));
    const before = (await toOperations()).length;
    refuseNextNotice = true;
    await expect(world.inbound(receipt)).rejects.toThrow(RetryableError);
    expect(await toOperations()).toHaveLength(before);

    expect(await world.inbound(receipt)).toMatchObject({ outcome: 'unmatched', forwarded: 'sent' });
    expect(await world.inbound(receipt)).toMatchObject({ outcome: 'unmatched', forwarded: 'already_sent' });
    expect(await toOperations()).toHaveLength(before + 1);
  });

  it('a delivery that died holding the claim: none is sent during its lease, the retry after it sends one', async () => {
    const raw = stranger('mlopez@tailspin.example', 'Please call me back.');
    const receipt = await received(raw);
    const forwards = makeDynamoUnmatchedForwards(stack.table);
    const replyKey = replyKeyOf(await parseMail(raw));
    // The delivery that claimed it died before SES was called (the function timed out).
    expect(await forwards.claim(replyKey, stack.clock.now().toISOString(), FORWARD_LEASE_MS)).toBe('claimed');
    const before = (await toOperations()).length;

    expect(await world.inbound(receipt)).toMatchObject({ forwarded: 'in_progress' });
    expect(await toOperations()).toHaveLength(before);

    // Lambda retries the dead delivery a minute later: the lease is over.
    await stack.emulator.advanceTo(new Date(stack.clock.now().getTime() + 60_000));
    expect(await world.inbound(receipt)).toMatchObject({ forwarded: 'sent' });
    expect(await toOperations()).toHaveLength(before + 1);
  });

  it("a stranger's message is quoted as plain text: a line break in the subject, bidi controls, markup, an HTML-only body", async () => {
    const subject = Buffer.from('Hello\r\nBcc: victim@evil.example\u202e', 'utf8').toString('base64');
    const html = Buffer.from(
      '<p>Read <a href="https://evil.example/x">this</a>.</p><script>alert(1)</script><p>&lt;b&gt;bold&lt;/b&gt; \u202egnp.exe</p>',
      'utf8',
    );
    const raw = Buffer.from(
      [
        'From: "Eve" <eve@evil.example>',
        `To: <${NOBODY}>`,
        `Subject: =?UTF-8?B?${subject}?=`,
        'Date: Tue, 01 Dec 2026 10:15:00 -0500',
        `Message-ID: <${randomUUID()}@evil.example>`,
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset="utf-8"',
        'Content-Transfer-Encoding: base64',
        '',
        html.toString('base64'),
        '',
      ].join('\r\n'),
    );
    const before = (await toOperations()).length;
    expect(await world.inbound(await received(raw))).toMatchObject({ forwarded: 'sent' });
    const [mail] = (await toOperations()).slice(before);
    expect(mail?.subject).toBe(
      'rapport: unmatched reply from eve@evil.example: Hello Bcc: victim@evil.example\ufffd',
    );
    expect(mail?.header('bcc')).toBeUndefined();
    expect(mail?.mail.bcc).toBeUndefined();
    expect(mail?.mail.html).toBe(false);
    expect(mail?.header('content-type')).toContain('text/plain');
    const text = mail?.mail.text ?? '';
    expect(text).toContain('> Read this.');
    expect(text).toContain('> <b>bold</b> \ufffdgnp.exe');
    expect(text).not.toContain('alert(1)');
    expect(text).not.toContain('\u202e');
  });

  it('without an operations address it is only listed (and logged unmatched)', async () => {
    const listingOnly = makeInbound({
      store: stack.store,
      inboundStore: world.inboundStore,
      blobs: stack.blobs,
      workflow: stack.workflow,
      scheduler: stack.scheduler,
      clock: stack.clock,
      inboundDomain: MAIL_CONFIG.inboundDomain,
      readReply,
      reviews: world.reviews,
    });
    const raw = stranger('kwong@northwind.example', 'Not sure who sent this.');
    const before = (await stack.sent()).length;
    const outcome = await listingOnly(await received(raw));
    expect(outcome).toEqual({ outcome: 'unmatched', messageId: expect.any(String) });
    expect(await stack.sent()).toHaveLength(before);
    const replyId = replyIdOf(undefined, replyKeyOf(await parseMail(raw)));
    expect(await world.reviews.get(replyId)).toMatchObject({ state: 'unmatched' });
  });
});

describe("a reply from an employer's domain matching no contact", () => {
  let world: InboundStack;
  let stack: InboundStack['stack'];
  const received = (raw: Buffer) => stored(stack, raw);
  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    stack = world.stack;
  });
  afterAll(() => world.stop());

  const at = (email: string, company?: string) =>
    aProspect({ email, firstName: email.split('@')[0], ...(company ? { company } : { company: undefined }) });

  /** A campaign of its own client with these prospects, launched (`onePerEmployer` as given). */
  async function campaignWith(prospects: ReturnType<typeof at>[], onePerEmployer = true) {
    const { campaign, client } = await stack.seed({ policy: { onePerEmployer } });
    const { created } = await stack.workflow.importContacts(campaign.id, prospects);
    await stack.workflow.launchCampaign(campaign.id);
    const ids = Object.fromEntries(created.map((c) => [c.email.split('@')[0], c.id]));
    return { campaign, client, ids };
  }

  const stageOf = async (id: string | undefined) => (await stack.store.getContact(id as string))?.stage;

  it("pauses the employer's queue in every active campaign with contacts there, tells each client flagged, stays in the inbox", async () => {
    const a = await campaignWith([
      at('anna@lumen-health.example', 'Lumen Health'),
      at('ben@lumen-health.example', 'Lumen Health'),
      at('carl@contoso.example', 'Contoso'),
    ]);
    // Another client: one at the domain (the company spelled otherwise), one of the same company elsewhere.
    const b = await campaignWith([
      at('dana@lumen-health.example', 'Lumen Health Inc.'),
      at('eve@lumenhealth-labs.example', 'Lumen Health'),
    ]);
    // A campaign that does not keep one contact per employer: untouched.
    const c = await campaignWith([at('gina@lumen-health.example', 'Lumen Health')], false);
    // The first outreach at each employer goes out; the second one there waits 3 business days.
    const outreachOf = async (id: string | undefined) =>
      (await stack.store.getContact(id as string))?.schedules.find((s) => s.step === 'outreach')
        ?.at as string;
    const firstOf = async (...ids: (string | undefined)[]) =>
      (await Promise.all(ids.map(outreachOf))).sort()[0] as string;
    const due = [
      await firstOf(a.ids.anna, a.ids.ben),
      await outreachOf(a.ids.carl),
      await firstOf(b.ids.dana, b.ids.eve),
      await outreachOf(c.ids.gina),
    ];
    await stack.emulator.advanceTo(new Date(Math.max(...due.map(Date.parse)) + 60_000));
    const stages = async (...ids: (string | undefined)[]) => (await Promise.all(ids.map(stageOf))).sort();
    expect(await stages(a.ids.anna, a.ids.ben)).toEqual(['contacted', 'queued']);
    expect(await stageOf(a.ids.carl)).toBe('contacted');
    expect(await stages(b.ids.dana, b.ids.eve)).toEqual(['contacted', 'queued']);
    expect(await stageOf(c.ids.gina)).toBe('contacted');

    // Anna's assistant writes, from the employer's domain, to no contact's address.
    const raw = stranger(
      'pat.chen@Lumen-Health.example',
      "Hello, I'm Anna's assistant. She is away until January and will be in touch then.\r\n\r\nPat",
      'Re: a question about UX research',
    );
    const receipt = await received(raw);
    const outcome = await world.inbound(receipt);
    expect(outcome).toEqual({ outcome: 'unmatched', messageId: expect.any(String), employerCampaigns: 2 });
    // Delivered again: nothing more is paused, no second forward.
    expect(await world.inbound(await received(raw))).toMatchObject({ outcome: 'unmatched' });

    for (const id of [a.ids.anna, a.ids.ben, b.ids.dana, b.ids.eve]) expect(await stageOf(id)).toBe('paused');
    expect(await stageOf(a.ids.carl)).toBe('contacted');
    expect(await stageOf(c.ids.gina)).toBe('contacted');

    // The forwards (schedules due now) go out: one to each client, flagged as from the employer.
    await stack.emulator.advanceTo(new Date(stack.clock.now().getTime() + 60_000));
    const forwards = (await stack.sent()).filter((m) => m.mail.text?.includes('FROM THE EMPLOYER'));
    expect(forwards.map((m) => m.to).sort()).toEqual([a.client.email, b.client.email].sort());
    const toA = forwards.find((m) => m.to === a.client.email);
    expect(toA?.mail.text).toContain('someone else there wrote, not the contact');
    expect(toA?.mail.text).toMatch(/wrote from .+ \(not /);
    expect(toA?.mail.text).toContain('the other 2 contacts there are paused');
    expect(toA?.mail.text).toContain("I'm Anna's assistant");
    expect(toA?.header('reply-to')?.toLowerCase()).toContain('pat.chen@lumen-health.example');
    expect(forwards.find((m) => m.to === b.client.email)?.mail.text).toContain(
      'the other 2 contacts there are paused',
    );

    // Still in the unmatched inbox for the coach to attach.
    const replyId = replyIdOf(undefined, replyKeyOf(await parseMail(raw)));
    expect(await world.reviews.get(replyId)).toMatchObject({ state: 'unmatched', reason: 'unmatched' });
  });

  it('from a webmail domain, or failing DMARC, it pauses nothing', async () => {
    const a = await campaignWith([at('hugo@adatum.example', 'Adatum')]);
    await stack.emulator.advanceTo(new Date(stack.clock.now().getTime() + 3 * 24 * 3600_000));
    expect(await stageOf(a.ids.hugo)).toBe('contacted');
    const from = (address: string) => stranger(address, 'Hugo is on leave.');
    expect(await world.inbound(await received(from('someone@gmail.com')))).toEqual({
      outcome: 'unmatched',
      messageId: expect.any(String),
    });
    const forged = { ...(await received(from('ceo@adatum.example'))), dmarcVerdict: 'FAIL' as const };
    expect(await world.inbound(forged)).toEqual({ outcome: 'unmatched', messageId: expect.any(String) });
    expect(await stageOf(a.ids.hugo)).toBe('contacted');
  });
});
