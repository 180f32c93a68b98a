/**
 * Issue 8, defects 4–7: what anyone on the internet can send to a reply address. Each test is named
 * after the case it proves and checks what is observable: the outcome, the contact and its timeline
 * in DynamoDB Local, the held record, the raw message in the bucket, the email in the SES emulator.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RetryableError } from '#domain/errors.ts';
import type { Store } from '#domain/ports/store.ts';
import { MAX_REFERRALS_PER_CONTACT, MAX_REFERRALS_PER_REPLY } from '#domain/referrals.ts';
import { readReply } from '#domain/reply/read-reply.ts';
import { INBOUND_OBJECT_PREFIX } from '#shared/inbound.ts';
import { logger } from '#shared/logger.ts';
import { type InboundReceipt, makeInbound } from '#usecases/inbound.ts';
import { makeWorkflow } from '#usecases/workflow.ts';
import { MAIL_CONFIG } from './harness.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

const START = '2026-11-30T08:00:00.000Z';

/** A plain-text message as a mail client writes it. */
function message(parts: {
  from?: string;
  subject?: string;
  text: string;
  messageId?: string;
  date?: string;
  headers?: string[];
}): Buffer {
  const lines = [
    ...(parts.headers ?? []),
    ...(parts.from ? [`From: ${parts.from}`] : []),
    'To: reply@in.northwind-careers.example',
    `Subject: ${parts.subject ?? 'Re: Informational interview request'}`,
    `Date: ${parts.date ?? 'Tue, 01 Dec 2026 10:15:00 -0500'}`,
    `Message-ID: <${parts.messageId ?? `${randomUUID()}@mail.example.net`}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    '',
    parts.text,
  ];
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

/** Deterministic "random" bytes (a fixed-seed LCG): the same garbage on every run. */
function garbage(bytes: number, seed = 1): Buffer {
  const out = Buffer.alloc(bytes);
  let state = seed;
  for (let i = 0; i < bytes; i++) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    out[i] = (state >>> 16) & 0xff;
  }
  return out;
}

describe('hostile input at the reply address (issue 8, defects 4–7)', () => {
  let world: InboundStack;
  let stack: InboundStack['stack'];

  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    stack = world.stack;
  });
  afterAll(async () => {
    await world.stop();
  });

  /** What the client received so far (forwards of replies). */
  async function forwardsTo(clientEmail: string) {
    await stack.emulator.advanceBy(60_000); // a forward is a schedule due now: let it fire
    return (await stack.sent()).filter((m) => m.to === clientEmail);
  }

  /** Asserts the contact is exactly as it was (stage, plan, version) and nothing reached the client. */
  async function expectUnchanged(
    before: { id: string; stage: string; version: number },
    clientEmail: string,
  ) {
    const after = await stack.store.getContact(before.id);
    expect(after?.stage).toBe(before.stage);
    expect(after?.version).toBe(before.version);
    expect(await forwardsTo(clientEmail)).toEqual([]);
  }

  describe('defect 4: referral flood', () => {
    const colleagues = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => `colleague${i}.${tag}@adatum.example`);

    it(`defect 4: a reply listing 100 addresses adds ${MAX_REFERRALS_PER_REPLY} prospects, a contact's replies at most ${MAX_REFERRALS_PER_CONTACT}, and launch leaves them waiting for approval`, async () => {
      const { contact, campaign } = await world.contacted();
      const tag = randomUUID().slice(0, 8);
      const listed = colleagues(tag, 100);
      const first = await world.deliver(
        message({
          from: contact.email,
          text: `Hi Sam,\r\n\r\nPlease talk to my colleagues: ${listed.join(', ')}.\r\n\r\nPriya`,
        }),
        replyAddress(contact.replyToken),
      );
      expect(first).toMatchObject({
        outcome: 'recorded',
        reading: { intent: 'referral' },
        referralsAdded: MAX_REFERRALS_PER_REPLY,
      });
      // The first three mentioned, no more.
      for (const [i, email] of listed.entries()) {
        const found = await stack.store.findContactByEmail(campaign.id, email);
        if (i < MAX_REFERRALS_PER_REPLY) expect(found?.stage).toBe('prospect');
        else if (i < 10) expect(found).toBeUndefined();
      }

      // More replies from the contact, each naming 100 new people: 10 in all, then nothing.
      const added = [first.outcome === 'recorded' ? first.referralsAdded : 0];
      for (let round = 1; round <= 4; round++) {
        const more = colleagues(`${tag}-${round}`, 100);
        const outcome = await world.deliver(
          message({ from: contact.email, text: `You should also talk to ${more.join(', ')}` }),
          replyAddress(contact.replyToken),
        );
        expect(outcome.outcome).toBe('recorded');
        added.push(outcome.outcome === 'recorded' ? outcome.referralsAdded : -1);
      }
      expect(added).toEqual([3, 3, 3, 1, 0]);
      const stats = await stack.store.getCampaignStats(campaign.id);
      expect(stats?.byStage.prospect).toBe(MAX_REFERRALS_PER_CONTACT);

      // Referred people are never launched without a person's say.
      const launch = await stack.workflow.launchCampaign(campaign.id);
      expect(launch.launched).toBe(0);
      const prospects = await stack.store.listContactsByStage(campaign.id, 'prospect');
      expect(prospects.items).toHaveLength(MAX_REFERRALS_PER_CONTACT);
      for (const p of prospects.items) {
        expect(p.foundVia).toMatchObject({ kind: 'referral', contactId: contact.id });
        expect(p.schedules).toEqual([]);
      }
      expect(
        stack.emulator.schedules().filter((s) => prospects.items.some((p) => s.name.includes(p.id))),
      ).toEqual([]);
    });

    it("defect 4: referrals in a message that is not from the contact's address are ignored", async () => {
      const { contact, campaign, client } = await world.contacted();
      const tag = randomUUID().slice(0, 8);
      const text = (who: string) => `Happy to help. Please also talk to my colleague ${who}.`;
      // Another address at the contact's domain: a reply (flagged), but it refers nobody.
      const colleague = await world.deliver(
        message({ from: `assistant.${tag}@lumen.example`, text: text(`a.${tag}@adatum.example`) }),
        replyAddress(contact.replyToken),
      );
      expect(colleague).toMatchObject({ outcome: 'recorded', referralsAdded: 0 });
      // Any other sender: held, nothing imported.
      const stranger = await world.deliver(
        message({ from: `x.${tag}@attacker.example`, text: text(`b.${tag}@adatum.example`) }),
        replyAddress(contact.replyToken),
      );
      expect(stranger).toMatchObject({ outcome: 'held', reason: 'not_the_contact' });
      // The client's own address and ours are never referrals, even from the contact.
      const own = await world.deliver(
        message({
          from: contact.email,
          text: `Please talk to my colleagues ${client.email} and reply+x@${MAIL_CONFIG.inboundDomain}.`,
        }),
        replyAddress(contact.replyToken),
      );
      expect(own).toMatchObject({ outcome: 'recorded', referralsAdded: 0 });
      expect((await stack.store.getCampaignStats(campaign.id))?.total).toBe(1);
    });
  });

  describe('defect 5: MIME nested over 256 levels', () => {
    it('defect 5: a message nested over 256 MIME levels is quarantined with the reason, logged, and the sender gets 250', async () => {
      const { contact, client } = await world.contacted();
      let nesting = '';
      for (let i = 0; i < 300; i++)
        nesting += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
      const raw = Buffer.from(
        `From: ${contact.email}\r\nSubject: Re: hi\r\nMIME-Version: 1.0\r\n${nesting}Content-Type: text/plain\r\n\r\nYes, happy to.\r\n`,
      );
      const warn = vi.spyOn(logger, 'warn');
      try {
        // sendMail resolves only on 250: a 4xx/5xx answer rejects.
        const outcome = await world.deliver(raw, replyAddress(contact.replyToken));
        expect(outcome).toMatchObject({ outcome: 'quarantined', reason: expect.stringMatching(/nesting/i) });
        if (outcome.outcome !== 'quarantined') return;
        expect((await stack.blobs.get(outcome.key)).toString()).toContain('Yes, happy to.');
        expect(warn).toHaveBeenCalledWith(
          'reply held',
          expect.objectContaining({ outcome: 'quarantined', reason: outcome.reason }),
        );
      } finally {
        warn.mockRestore();
      }
      await expectUnchanged(contact, client.email);
    });

    it('defect 5 (nearby): a failure after the message is stored is logged, answered 250, and the message stays in the bucket', async () => {
      const failing: Store = {
        ...stack.store,
        findContactByReplyToken: async () => {
          throw new RetryableError('DynamoDB is throttling');
        },
      };
      const broken = await startInboundStack({ start: START, inbound: { store: failing } });
      const error = vi.spyOn(logger, 'error');
      try {
        await broken.transport.sendMail({
          envelope: { from: 'someone@elsewhere.example', to: [replyAddress('token')] },
          raw: message({ from: 'someone@elsewhere.example', text: 'Yes, happy to help.' }),
        });
        expect(broken.failures).toHaveLength(1);
        expect(error).toHaveBeenCalledWith('inbound message not processed', expect.anything());
        expect(
          (await broken.stack.blobs.get(broken.failures[0]?.objectKey as string)).length,
        ).toBeGreaterThan(0);
      } finally {
        error.mockRestore();
        await broken.stop();
      }
    });
  });

  describe('defect 6: messages that are not replies', () => {
    it('defect 6: a 0-byte message changes nothing and is held with a reason', async () => {
      const { contact, client, campaign } = await world.contacted();
      const outcome = await world.deliver(Buffer.alloc(0), replyAddress(contact.replyToken));
      expect(outcome).toMatchObject({ outcome: 'held', contactId: contact.id, reason: 'no_sender' });
      await expectUnchanged(contact, client.email);
      const held = await world.inboundStore.listHeldReplies(campaign.id);
      expect(held).toEqual([
        expect.objectContaining({ contactId: contact.id, reason: 'no_sender', detail: expect.any(String) }),
      ]);
      // The raw message is kept where SES put it, for the reviewer.
      expect((await stack.blobs.get(held[0]?.objectKey as string)).toString().trim()).toBe('');
    });

    it('defect 6: 500 KB of binary garbage changes nothing and is held with a reason, with or without headers', async () => {
      const { contact, client, campaign } = await world.contacted();
      const bare = await world.deliver(garbage(500 * 1024), replyAddress(contact.replyToken));
      expect(bare).toMatchObject({ outcome: 'held', reason: 'no_sender' });
      const headers = Buffer.from(
        `From: ${contact.email}\r\nSubject: Re: hi\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`,
      );
      const withHeaders = await world.deliver(
        Buffer.concat([headers, garbage(500 * 1024, 7)]),
        replyAddress(contact.replyToken),
      );
      expect(withHeaders).toMatchObject({ outcome: 'held', reason: 'no_text' });
      await expectUnchanged(contact, client.email);
      const held = await world.inboundStore.listHeldReplies(campaign.id);
      expect(held.map((h) => h.reason).sort()).toEqual(['no_sender', 'no_text']);
      expect(held.find((h) => h.reason === 'no_text')?.from).toBe(contact.email);
    });

    it("defect 6: a message from the client's own address is held: not the contact's acceptance, and no referral", async () => {
      const { contact, client, campaign } = await world.contacted();
      const referred = `mei.${randomUUID().slice(0, 8)}@adatum.example`;
      const outcome = await world.deliver(
        message({
          from: `Sam Okafor <${client.email}>`,
          text: `Happy to help! Thursday at 2pm works. Please also talk to my colleague ${referred}.`,
        }),
        replyAddress(contact.replyToken),
      );
      expect(outcome).toMatchObject({ outcome: 'held', reason: 'sent_by_client' });
      await expectUnchanged(contact, client.email);
      expect(await stack.store.findContactByEmail(campaign.id, referred)).toBeUndefined();
      expect(await world.inboundStore.listHeldReplies(campaign.id)).toEqual([
        expect.objectContaining({ reason: 'sent_by_client', intent: 'accepted', from: client.email }),
      ]);
      const timeline = await stack.store.listTimeline(contact.id);
      expect(timeline.some((t) => t.event === 'reply_received')).toBe(false);
    });

    it('defect 6: a reply from an unrelated address, or the same free-mail domain, is held', async () => {
      const tag = randomUUID().slice(0, 8);
      const { contact, client } = await world.contacted({ email: `priya.${tag}@gmail.com` });
      for (const from of [`someone.${tag}@attacker.example`, `someone.${tag}@gmail.com`]) {
        const outcome = await world.deliver(
          message({ from, text: 'Happy to help! Thursday works.' }),
          replyAddress(contact.replyToken),
        );
        expect(outcome).toMatchObject({ outcome: 'held', reason: 'not_the_contact' });
      }
      await expectUnchanged(contact, client.email);
    });

    it("defect 6: a reply from another address at the contact's domain is taken, and flagged on the timeline", async () => {
      const { contact, client } = await world.contacted();
      const from = `assistant.${randomUUID().slice(0, 8)}@lumen.example`;
      const outcome = await world.deliver(
        message({ from, text: 'Priya is happy to help; Thursday at 2pm works for her.' }),
        replyAddress(contact.replyToken),
      );
      expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'accepted' } });
      expect((await stack.store.getContact(contact.id))?.stage).toBe('replied');
      const entry = (await stack.store.listTimeline(contact.id)).find((t) => t.event === 'reply_received');
      expect(entry?.detail).toContain(`flagged: sent from ${from}`);
      expect(await forwardsTo(client.email)).toHaveLength(1);
    });
  });

  describe('defect 7: dedupe on what identifies a message to a person', () => {
    it('defect 7: a second message reusing a Message-ID, saying "Please unsubscribe me.", unsubscribes the contact', async () => {
      const { contact } = await world.contacted();
      const messageId = `${randomUUID()}@mail.example.net`;
      const first = await world.deliver(
        fixture('accept-no-time.eml', { messageId, from: contact.email }),
        replyAddress(contact.replyToken),
      );
      expect(first.outcome).toBe('recorded');
      const second = await world.deliver(
        message({ from: contact.email, messageId, text: 'Please unsubscribe me.' }),
        replyAddress(contact.replyToken),
      );
      expect(second).toMatchObject({ outcome: 'recorded', reading: { intent: 'unsubscribe' } });
      expect((await stack.store.getContact(contact.id))?.stage).toBe('unsubscribed');
      expect(await stack.store.isSuppressed(contact.email)).toBe(true);
    });

    it("defect 7: an MTA's retry of the same message (one more Received header) is still a duplicate", async () => {
      const { contact, client } = await world.contacted();
      const raw = fixture('accept-no-time.eml', { from: contact.email });
      expect((await world.deliver(raw, replyAddress(contact.replyToken))).outcome).toBe('recorded');
      const retried = Buffer.concat([
        Buffer.from(
          'Received: from relay.mail.example.net (relay [192.0.2.7]) by mx; Tue, 01 Dec 2026 15:20:00 +0000\r\n',
        ),
        raw,
      ]);
      expect((await world.deliver(retried, replyAddress(contact.replyToken))).outcome).toBe('duplicate');
      const replies = (await stack.store.listTimeline(contact.id)).filter(
        (t) => t.event === 'reply_received',
      );
      expect(replies).toHaveLength(1);
      expect(await forwardsTo(client.email)).toHaveLength(1);
    });

    it('defect 7: an unsubscribe request is never dropped as a duplicate: the retry of a failed delivery still suppresses the address', async () => {
      const { contact } = await world.contacted();
      // The suppression list write fails once (a throttled request), as a crash would.
      let failures = 1;
      const flaky: Store = {
        ...stack.store,
        suppress: async (...args) => {
          if (failures-- > 0) throw new RetryableError('throttled');
          return stack.store.suppress(...args);
        },
      };
      const workflow = makeWorkflow({
        store: flaky,
        scheduler: stack.scheduler,
        clock: stack.clock,
        dispatch: stack.dispatch,
      });
      const inbound = makeInbound({
        store: flaky,
        inboundStore: world.inboundStore,
        blobs: stack.blobs,
        workflow,
        scheduler: stack.scheduler,
        clock: stack.clock,
        inboundDomain: MAIL_CONFIG.inboundDomain,
        readReply,
      });
      const sesMessageId = randomUUID();
      const objectKey = `${INBOUND_OBJECT_PREFIX}${sesMessageId}`;
      await stack.blobs.put(objectKey, fixture('unsubscribe-request.eml', { from: contact.email }));
      const receipt: InboundReceipt = {
        sesMessageId,
        objectKey,
        recipients: [replyAddress(contact.replyToken)],
        spamVerdict: 'PASS',
        virusVerdict: 'PASS',
      };
      await expect(inbound(receipt)).rejects.toThrow(RetryableError);
      // Lambda's retry of the same event.
      const retry = await inbound(receipt);
      expect(retry).toMatchObject({ reading: { intent: 'unsubscribe' } });
      expect(await stack.store.isSuppressed(contact.email)).toBe(true);
      expect((await stack.store.getContact(contact.id))?.stage).toBe('unsubscribed');
    });
  });
});
