/**
 * Issue 15, the client in the loop by email, over the SMTP inbound MX: the client's replies to the
 * reminders that ask for something (Reply-To `client+<token>@<inbound domain>`) set the thank-you's
 * personal line, hold the thank-you ("didn't happen"), or write the keep-in-touch update of every
 * contact the reminder listed; anything else changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Contact } from '#domain/types.ts';
import { LOCAL_DMARC_HEADER } from '#local/smtp-inbound.ts';
import { aProspect, MAIL_CONFIG, remoteMeeting, type SentMessage } from './harness.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

// Monday 2027-03-01 08:00 UTC. The clock only moves forward: each test books its meeting two
// weekdays after the clock's day, at 15:00 New York (20 minutes); the "how did it go" reminder goes at
// its end, the thank-you 3 h later moved into the window (the next morning).
const START = '2027-03-01T08:00:00.000Z';
const MINUTE = 60_000;

/** A reply the client writes in their mail program: new text on top, the reminder quoted below. */
function clientMail(from: string, to: string, text: string, extraHeaders = ''): Buffer {
  return Buffer.from(
    [
      `From: Sam Okafor <${from}>`,
      `To: ${to}`,
      'Subject: Re: your reminder',
      'Date: Wed, 03 Mar 2027 21:00:00 +0000',
      `Message-ID: <${randomUUID()}@client.example>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      ...(extraHeaders ? [extraHeaders] : []),
      '',
      text,
      '',
      'Best,',
      'Sam',
      '',
      'On Wed, 3 Mar 2027 at 20:20, Northwind Careers wrote:',
      '> How did it go with Priya Raman? Your thank-you goes out on Thursday.',
      '',
    ].join('\r\n'),
  );
}

const replyToOf = (m: SentMessage) => m.mail.replyTo?.value[0]?.address ?? '';

describe('the client in the loop by email (SMTP inbound MX → client reply address)', () => {
  let world: InboundStack;
  let stack: InboundStack['stack'];

  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    stack = world.stack;
  });
  afterAll(async () => {
    await world.stop();
  });

  const toClient = async (client: Client) => (await stack.sent()).filter((m) => m.to === client.email);
  const toContact = async (contact: Contact) => (await stack.sent()).filter((m) => m.to === contact.email);
  const contactNow = async (id: string) => (await stack.store.getContact(id)) as Contact;

  /** A weekday two or more days ahead of the clock, 20:00 UTC (15:00 in New York in March). */
  function meetingStart(): Date {
    const day = new Date(stack.clock.now().getTime() + 2 * 86_400_000);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    day.setUTCHours(20, 0, 0, 0);
    return day;
  }

  /** A contact (of `seeded`'s campaign, or a new one) whose meeting is booked; the meeting's times. */
  async function bookedContact(seeded?: Awaited<ReturnType<typeof stack.seed>>, start = meetingStart()) {
    const { client, campaign } = seeded ?? (await stack.seed());
    const { created } = await stack.workflow.importContacts(campaign.id, [aProspect()]);
    const id = created[0]?.id as string;
    await stack.workflow.launchCampaign(campaign.id);
    const outreachAt = (await contactNow(id)).schedules[0]?.at as string;
    if (Date.parse(outreachAt) >= stack.clock.now().getTime()) {
      await stack.emulator.advanceTo(new Date(Date.parse(outreachAt) + MINUTE));
    }
    await stack.workflow.recordReply(id, { intent: 'accepted' });
    await stack.workflow.bookMeeting(id, remoteMeeting(start));
    const thankYouAt = (await contactNow(id)).schedules.find((s) => s.step === 'thank-you')?.at as string;
    return { id, client, campaign, ended: new Date(start.getTime() + 21 * MINUTE), thankYouAt };
  }

  /** As bookedContact, with the clock past the meeting's end: the "how did it go" reminder went out. */
  async function metContact() {
    const booked = await bookedContact();
    await stack.emulator.advanceTo(booked.ended);
    const reminder = (await toClient(booked.client)).find((m) => m.subject === 'How did it go with Priya?');
    if (!reminder) throw new Error('no "how did it go" reminder');
    return { ...booked, reminder, address: replyToOf(reminder) };
  }

  /** Past the thank-you's time. */
  const pastThankYou = (thankYouAt: string) =>
    stack.emulator.advanceTo(new Date(Date.parse(thankYouAt) + MINUTE));
  /** The answers to the client's replies (sent by the dispatch function a minute later at most). */
  async function answers(client: Client) {
    await stack.emulator.advanceBy(2 * MINUTE);
    return (await toClient(client)).filter((m) =>
      /^(Added|Your thank-you|Held|Your update|Your reply)/.test(m.subject),
    );
  }

  it('silence: the reminder asks by reply, and the thank-you goes as planned (marking the meeting held)', async () => {
    const { id, reminder, thankYouAt } = await metContact();
    expect(reminder.mail.text).toContain('Reply to this email with a line to include');
    expect(reminder.mail.text).toContain('reply "moved" or "didn\'t happen" to hold it');
    expect(reminder.mail.text).not.toMatch(/CLI|send it to your coach/);
    expect(replyToOf(reminder)).toMatch(
      new RegExp(`^client\\+[a-z2-7]{26}@${MAIL_CONFIG.inboundDomain.replaceAll('.', '\\.')}$`),
    );
    await pastThankYou(thankYouAt);
    const thanks = (await toContact(await contactNow(id))).filter((m) => /thank/i.test(m.subject));
    expect(thanks).toHaveLength(1);
    const after = await contactNow(id);
    expect(after.stage).toBe('thanked');
    expect(after.meeting?.status).toBe('held');
  });

  it("the client's reply sets the personal line; the thank-you carries it; the same message twice has one effect", async () => {
    const { id, client, address, thankYouAt } = await metContact();
    const line = 'Your point about running diary studies before interviews changed how I plan my portfolio.';
    const raw = clientMail(client.email, address, line);
    const first = await world.deliver(raw, address);
    expect(first).toEqual({
      outcome: 'client_reply',
      contactIds: [id],
      answer: 'line_added',
      duplicate: false,
    });
    const again = await world.deliver(raw, address);
    expect(again).toEqual({
      outcome: 'client_reply',
      contactIds: [id],
      answer: 'line_added',
      duplicate: true,
    });
    expect((await contactNow(id)).meeting?.personalLine).toBe(line);
    const lines = (await stack.store.listTimeline(id)).filter((t) => t.event === 'personal_line_added');
    expect(lines).toHaveLength(1);
    // One answer, quoting the line as it will appear, with the thank-you's time in the client's zone.
    const sent = await answers(client);
    expect(sent.map((m) => m.subject)).toEqual(['Added to your thank-you to Priya']);
    expect(sent[0]?.mail.text).toContain(`Added. Your thank-you to Priya Raman on`);
    expect(sent[0]?.mail.text).toContain(line);
    expect(sent[0]?.mail.text).not.toContain('Best,');

    await pastThankYou(thankYouAt);
    const thanks = (await toContact(await contactNow(id))).filter((m) => /thank/i.test(m.subject));
    expect(thanks).toHaveLength(1);
    expect(thanks[0]?.mail.text).toContain(line);
  });

  it('a second reply replaces the line', async () => {
    const { id, client, address } = await metContact();
    await world.deliver(clientMail(client.email, address, 'First thought.'), address);
    await world.deliver(
      clientMail(client.email, address, 'Better: your advice on portfolios was gold.'),
      address,
    );
    expect((await contactNow(id)).meeting?.personalLine).toBe('Better: your advice on portfolios was gold.');
    expect((await answers(client)).map((m) => m.subject)).toEqual([
      'Added to your thank-you to Priya',
      'Added to your thank-you to Priya',
    ]);
  });

  it('a reply after the thank-you went out is told so and changes nothing', async () => {
    const { id, client, address, thankYouAt } = await metContact();
    await pastThankYou(thankYouAt);
    const before = await contactNow(id);
    expect(before.stage).toBe('thanked');
    const outcome = await world.deliver(clientMail(client.email, address, 'Thanks for the tips.'), address);
    expect(outcome).toMatchObject({ outcome: 'client_reply', answer: 'line_too_late' });
    const after = await contactNow(id);
    expect(after.meeting?.personalLine).toBeUndefined();
    expect(after.version).toBe(before.version);
    const sent = await answers(client);
    expect(sent.map((m) => m.subject)).toEqual(['Your thank-you to Priya already went out']);
    expect(sent[0]?.mail.text).toContain('without this line. Nothing was changed.');
  });

  it('a reply from another address, or failing DMARC, or to an unknown address changes nothing', async () => {
    const { id, client, address } = await metContact();
    const before = await contactNow(id);
    const stranger = await world.deliver(
      clientMail('someone@elsewhere.example', address, 'Hi there.'),
      address,
    );
    expect(stranger).toEqual({
      outcome: 'client_ignored',
      reason: "sent from someone@elsewhere.example, not the client's own address",
    });
    // In AWS, SES computes the verdict; locally the test header sets it (AWS would refuse the same).
    const forged = clientMail(client.email, address, 'Hi there.', `${LOCAL_DMARC_HEADER}: FAIL`);
    expect(await world.deliver(forged, address)).toEqual({
      outcome: 'client_ignored',
      reason: 'DMARC verdict FAIL',
    });
    const unknown = `client+aaaaaaaaaaaaaaaaaaaaaaaaaa@${MAIL_CONFIG.inboundDomain}`;
    expect(await world.deliver(clientMail(client.email, unknown, 'Hi.'), unknown)).toEqual({
      outcome: 'client_ignored',
      reason: 'unknown or expired client reply address',
    });
    expect((await contactNow(id)).version).toBe(before.version);
    expect(await answers(client)).toEqual([]);
  });

  it('"didn\'t happen" holds the thank-you (nothing sent when its time comes) and flags the meeting; "held" releases it', async () => {
    const { id, client, address, thankYouAt } = await metContact();
    const outcome = await world.deliver(
      clientMail(client.email, address, "Didn't happen!\nShe had to cancel."),
      address,
    );
    expect(outcome).toMatchObject({ outcome: 'client_reply', answer: 'held' });
    const held = await contactNow(id);
    expect(held.meeting?.thankYouHold).toMatchObject({ by: 'client', thankYouAt });
    expect(held.schedules.some((s) => s.step === 'thank-you')).toBe(false);
    expect((await answers(client)).map((m) => m.subject)).toEqual(['Held: your thank-you to Priya']);

    await pastThankYou(thankYouAt);
    expect((await toContact(held)).filter((m) => /thank/i.test(m.subject))).toEqual([]);
    expect((await contactNow(id)).stage).toBe('confirmed');

    // The coach says it did take place: the thank-you goes in the next window (its time has passed).
    await stack.workflow.markMeetingHeld(id);
    const released = await contactNow(id);
    expect(released.meeting?.thankYouHold).toBeUndefined();
    const at = released.schedules.find((s) => s.step === 'thank-you')?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(at) + MINUTE));
    expect((await toContact(held)).filter((m) => /thank/i.test(m.subject))).toHaveLength(1);
    expect((await contactNow(id)).stage).toBe('thanked');
  });

  it('"moved", then the coach marks the meeting not held: the thank-you is dropped, the meeting waits for a reschedule', async () => {
    const { id, client, address, thankYouAt } = await metContact();
    await world.deliver(clientMail(client.email, address, 'Moved.'), address);
    await stack.workflow.markMeetingNotHeld(id);
    const after = await contactNow(id);
    expect(after.meeting).toMatchObject({ status: 'booked', notHeldAt: expect.any(String) });
    expect(after.meeting?.thankYouHold).toBeUndefined();
    await pastThankYou(thankYouAt);
    expect((await toContact(after)).filter((m) => /thank/i.test(m.subject))).toEqual([]);
    // The existing flow goes on: rescheduled, everything is planned again.
    await stack.workflow.rescheduleMeeting(id, { start: meetingStart().toISOString() });
    const moved = await contactNow(id);
    expect(moved.meeting?.notHeldAt).toBeUndefined();
    expect(moved.schedules.some((s) => s.step === 'thank-you')).toBe(true);
    void client;
  });

  it("a contact's own reply asking to move the meeting holds the thank-you the same way", async () => {
    const { id, thankYouAt } = await bookedContact();
    await stack.workflow.recordReply(id, { intent: 'reschedule' });
    const after = await contactNow(id);
    expect(after.meeting?.thankYouHold).toMatchObject({ by: 'contact', thankYouAt });
    expect(after.rescheduleRequestedAt).toBeDefined();
    await pastThankYou(thankYouAt);
    expect((await toContact(after)).filter((m) => /thank/i.test(m.subject))).toEqual([]);
  });

  it('a move to "Monday, same time" proposes Monday at the booked meeting\'s time of day', async () => {
    const { id } = await bookedContact();
    const contact = await contactNow(id);
    const now = stack.clock.now();
    const raw = Buffer.from(
      [
        `From: Priya Raman <${contact.email}>`,
        `To: ${replyAddress(contact.replyToken)}`,
        'Subject: Re: Informational interview request',
        `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
        `Message-ID: <${randomUUID()}@contact.example>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Something came up - could we push to Monday, same time? Sorry!',
        '',
      ].join('\r\n'),
    );
    expect(await world.deliver(raw, replyAddress(contact.replyToken))).toMatchObject({ contactId: id });
    const after = await contactNow(id);
    // The Monday after the reply's day in the contact's zone (New York), at the meeting's time there.
    const zone = 'America/New_York';
    const meeting = DateTime.fromISO(contact.meeting?.start as string, { zone });
    const today = DateTime.fromJSDate(now, { zone }).startOf('day');
    const monday = today.plus({ days: (8 - today.weekday) % 7 || 7 });
    const expected = monday.set({ hour: meeting.hour, minute: meeting.minute }).toUTC();
    expect(after.proposedTimes).toEqual([expected.toISO()]);
    expect(after.rescheduleRequestedAt).toBeDefined();
  });

  it('one update reply serves every contact the reminder listed: both keep-in-touch emails carry it', async () => {
    const seeded = await stack.seed();
    const start = meetingStart();
    const a = await bookedContact(seeded, start);
    const b = await bookedContact(seeded, new Date(start.getTime() + 60 * MINUTE));
    // Past both thank-yous, then to the first update reminder (5 business days before keep-in-touch-1).
    await pastThankYou(b.thankYouAt);
    const reminderAt = (await contactNow(a.id)).schedules.find((s) => s.step === 'client-update-1')
      ?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(reminderAt) + 90 * MINUTE));
    const reminders = (await toClient(seeded.client)).filter((m) =>
      m.subject.startsWith('Write an update for'),
    );
    // One reminder listing both (b's own reminder went out in it).
    expect(reminders.map((m) => m.subject)).toEqual(['Write an update for Priya Raman and Priya Raman']);
    expect(reminders[0]?.mail.text).toContain('each gets them in their own email');
    const address = replyToOf(reminders[0] as SentMessage);
    const update =
      'I started a UX certificate in January.\n\nAnd I ran my first diary study <with> three nurses.';
    const outcome = await world.deliver(clientMail(seeded.client.email, address, update), address);
    expect(outcome).toMatchObject({ outcome: 'client_reply', answer: 'update_added', duplicate: false });
    if (outcome.outcome === 'client_reply') expect(outcome.contactIds.sort()).toEqual([a.id, b.id].sort());
    const due = (await contactNow(a.id)).schedules.find((s) => s.step === 'keep-in-touch-1')?.at as string;
    // In the next window: the reminder went at 13:00 UTC (09:00 New York), inside it.
    expect(Date.parse(due)).toBeLessThanOrEqual(stack.clock.now().getTime() + MINUTE);
    const preview = (await answers(seeded.client)).find((m) => m.subject === 'Your update is in');
    expect(preview?.mail.text).toContain('I ran my first diary study <with> three nurses.');
    expect(preview?.mail.text).toContain('Your update goes to Priya Raman and Priya Raman');
    expect(preview?.mail.html).toContain('&lt;with&gt;');
    // Sent in the next window, each in their own email, paragraphs kept and escaped.
    await stack.emulator.advanceTo(new Date(Date.parse(due) + 90 * MINUTE));
    for (const c of [a, b]) {
      const contact = await contactNow(c.id);
      const kit = (await toContact(contact)).filter((m) =>
        m.mail.text?.includes('I started a UX certificate'),
      );
      expect(kit).toHaveLength(1);
      // Two paragraphs, the angle brackets escaped.
      expect(kit[0]?.mail.html).toMatch(
        /January\.<\/p><p[^>]*>And I ran my first diary study &lt;with&gt; three nurses\.<\/p>/,
      );
      expect(contact.stage).toBe('keeping_in_touch');
    }
  });

  it("contacts' reply tokens are lower-case base32 now (matched whatever the case); old ones still match", async () => {
    const { id } = await bookedContact();
    const contact = await contactNow(id);
    expect(contact.replyToken).toMatch(/^[a-z2-7]{26}$/);
    const upper = replyAddress(contact.replyToken.toUpperCase());
    const outcome = await world.deliver(fixture('accept-no-time.eml', { from: contact.email }), upper);
    expect(outcome).toMatchObject({ contactId: id });

    // A contact imported before (base64url, mixed case) keeps matching by its token as it is.
    const { campaign } = await stack.seed();
    const old: Contact = {
      ...contact,
      id: randomUUID(),
      campaignId: campaign.id,
      replyToken: 'Ab3_x-Old9TokenQ',
      stage: 'prospect',
      schedules: [],
      sent: [],
      version: 1,
      planVersion: 0,
    };
    const { meeting: _none, ...prospect } = old;
    await stack.store.importContacts(campaign.id, [prospect]);
    const matched = await world.deliver(
      fixture('accept-no-time.eml', { from: contact.email }),
      replyAddress('Ab3_x-Old9TokenQ'),
    );
    expect(matched).toMatchObject({ contactId: old.id });
  });
});
