import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AddressObject, simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { type IncomingReply, readReply } from '#domain/reply/read-reply.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/inbound/', import.meta.url));

/**
 * Every fixture's Date header is -0500 in December (EST) and the accepted ones say "2pm Eastern":
 * the contacts are on US Eastern time. (The DSN is +0000 but names no dates.)
 */
const CONTACT_TIME_ZONE = 'America/New_York';

interface Expected {
  intent: string;
  autoReply: boolean;
  returnDate?: string;
  proposedDates?: string[];
  referrals?: string[];
  /** Where recorded: whether a person must check the reading (the review queue). */
  needsReview?: boolean;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;

/** What the inbound shell hands the domain: mailparser's reading of the raw message. */
async function incomingReplyFrom(raw: Buffer): Promise<{ message: IncomingReply; receivedAt: Date }> {
  const parsed = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] ??= value;
  }
  if (!parsed.date) throw new Error('fixture has no Date header');
  return {
    receivedAt: parsed.date,
    message: {
      from: { address: parsed.from?.value[0]?.address ?? '', name: parsed.from?.value[0]?.name || undefined },
      to: addresses(parsed.to),
      cc: addresses(parsed.cc),
      subject: parsed.subject ?? '',
      headers,
      text: parsed.text,
      html: parsed.html || undefined,
      contentType: headers['content-type'],
    },
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => (a.address ? [a.address] : [])));
}

describe('readReply on the inbound fixtures', () => {
  it('has a fixture for every expectation and an expectation for every fixture', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml'));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', async (file, want) => {
    const { message, receivedAt } = await incomingReplyFrom(readFileSync(join(FIXTURES, file)));
    const reading = readReply(message, { receivedAt, contactTimeZone: CONTACT_TIME_ZONE });

    expect(reading.intent, reading.reasons.join('; ')).toBe(want.intent);
    expect(reading.autoReply).toBe(want.autoReply);
    expect(reading.returnDate).toBe(want.returnDate);
    // expected.json records the date of the *first* proposed time (fixtures README); [] means none.
    expect(reading.proposedDates.slice(0, 1)).toEqual(want.proposedDates ?? []);
    expect(reading.referrals.map((r) => r.email)).toEqual(want.referrals ?? []);
    if (want.needsReview !== undefined) expect(reading.needsReview).toBe(want.needsReview);
    expect(reading.body).not.toMatch(/^>|wrote:|not looking for a job|20 minutes/m);
    expect(reading.reasons.length).toBeGreaterThan(0);
  });
});

const RECEIVED_AT = new Date('2026-12-01T15:15:00Z'); // Tue 1 Dec 2026, 10:15 in New York
const CONTEXT = { receivedAt: RECEIVED_AT, contactTimeZone: CONTACT_TIME_ZONE };

function reply(overrides: Partial<IncomingReply>): IncomingReply {
  return {
    from: { address: 'priya.raman@northwind.example', name: 'Priya Raman' },
    to: ['reply+k7f3q9x2m4@in.brightpath-careers.com'],
    cc: [],
    subject: 'Re: Informational interview request',
    headers: {},
    text: '',
    ...overrides,
  };
}

const QUOTED_OUTREACH = [
  'On Mon, Nov 30, 2026 at 9:02 AM Jordan Lee <reply+k7f3q9x2m4@in.brightpath-careers.com> wrote:',
  '> Hi Priya,',
  '> Marcus Webb suggested I reach out. Unfortunately I am not able to travel, so I would be happy to',
  '> meet on a video call -- how about 20 minutes on Thursday Dec 3? Please reply "unsubscribe" or contact',
  '> marcus.webb@northwind.example if you would rather not hear from me.',
].join('\n');

describe('readReply', () => {
  it('does not read the quoted outreach as the contact’s words', () => {
    const reading = readReply(
      reply({
        text: `Could you send your resume again? I can't find the attachment.\n\nPriya\n\n${QUOTED_OUTREACH}`,
      }),
      CONTEXT,
    );
    expect(reading).toMatchObject({ intent: 'other', autoReply: false, proposedDates: [], referrals: [] });
    expect(reading.body).toBe("Could you send your resume again? I can't find the attachment.\n\nPriya");
  });

  it('cuts an Outlook "From: … Sent: …" block and "-----Original Message-----"', () => {
    const outlook =
      'Sounds good, happy to help.\n\nFrom: Jordan Lee <jordan@example.com>\nSent: Monday\nTo: Priya\n\nI am not able to...';
    const original = 'Sure thing.\n\n-----Original Message-----\nUnfortunately, unsubscribe';
    expect(readReply(reply({ text: outlook }), CONTEXT)).toMatchObject({
      intent: 'accepted',
      body: 'Sounds good, happy to help.',
    });
    expect(readReply(reply({ text: original }), CONTEXT)).toMatchObject({
      intent: 'accepted',
      body: 'Sure thing.',
    });
  });

  it('treats an "Automatic reply:" subject as an auto-reply without any header', () => {
    const reading = readReply(
      reply({
        subject: 'Automatic reply: Informational interview request',
        text: 'I am away and returning 7 Dec. Please contact ops@northwind.example for anything urgent.',
      }),
      CONTEXT,
    );
    expect(reading).toMatchObject({
      autoReply: true,
      intent: 'out_of_office',
      returnDate: '2026-12-07',
      referrals: [],
    });
    expect(reading.reasons).toContain("subject: 'Automatic reply'");
  });

  it.each([
    [
      'Abwesenheitsnotiz: Informational interview request',
      'Ich bin bis 14. Dezember nicht im Büro.',
      '2026-12-14',
    ],
    [
      'Réponse automatique : Informational interview request',
      'Je suis absente, retour le 7 décembre.',
      '2026-12-07',
    ],
    ['Out of Office', "I'm out of the office through December 11.", '2026-12-12'],
    ['Vacation', 'Back on Monday 14 December.', '2026-12-14'],
  ])('reads the return date of "%s"', (subject, text, returnDate) => {
    expect(readReply(reply({ subject, text }), CONTEXT)).toMatchObject({
      autoReply: true,
      intent: 'out_of_office',
      returnDate,
    });
  });

  it.each([
    ['Auto-Submitted', 'auto-generated'],
    ['Precedence', 'junk'],
    ['X-Autoreply', 'yes'],
    ['X-Autorespond', 'yes'],
  ])('treats %s: %s as an auto-reply', (name, value) => {
    const reading = readReply(reply({ headers: { [name.toLowerCase()]: value }, text: 'Thanks.' }), CONTEXT);
    expect(reading).toMatchObject({ autoReply: true, intent: 'out_of_office' });
    expect(reading.returnDate).toBeUndefined();
  });

  it('does not treat Auto-Submitted: no as an auto-reply', () => {
    const reading = readReply(
      reply({ headers: { 'auto-submitted': 'no' }, text: 'Happy to chat!' }),
      CONTEXT,
    );
    expect(reading).toMatchObject({ autoReply: false, intent: 'accepted' });
  });

  it('lets an unsubscribe request win over everything', () => {
    const reading = readReply(
      reply({
        subject: 'Automatic reply: Informational interview request',
        headers: { 'auto-submitted': 'auto-replied' },
        text: 'Happy to help, but unfortunately I am the wrong person: talk to mei.chen@adatum.example. Also, please stop emailing me.',
      }),
      CONTEXT,
    );
    expect(reading).toMatchObject({
      intent: 'unsubscribe',
      autoReply: true,
      referrals: [],
      proposedDates: [],
    });
    expect(reading.reasons).toContain("phrase: 'stop emailing'");
  });

  it('reads an HTML-only acceptance and its proposed time', () => {
    const html =
      '<div>Sure, glad to chat! Does Thursday, December 10 at 9:30am work?</div><div>Dan</div>' +
      '<div class="gmail_quote">On Mon, Nov 30, 2026 at 9:02 AM Jordan Lee wrote:' +
      '<blockquote>Unfortunately I am not able to</blockquote></div>';
    const reading = readReply(reply({ text: undefined, html }), CONTEXT);
    expect(reading).toMatchObject({
      intent: 'accepted',
      autoReply: false,
      proposedDates: ['2026-12-10'],
      proposedTimes: ['2026-12-10T14:30:00.000Z'],
    });
    expect(reading.body).toContain('Sure, glad to chat!');
    expect(reading.body).not.toContain('not able');
  });

  it('lists every proposed time, first first, as local dates and instants', () => {
    const reading = readReply(
      reply({
        text: "Let's talk. Thursday Dec 3 at 2pm, or Friday at 10am? Or next Tuesday (Dec 8) at 8:30am.",
      }),
      CONTEXT,
    );
    expect(reading.proposedDates).toEqual(['2026-12-03', '2026-12-04', '2026-12-08']);
    expect(reading.proposedTimes).toEqual([
      '2026-12-03T19:00:00.000Z',
      '2026-12-04T15:00:00.000Z',
      '2026-12-08T13:30:00.000Z',
    ]);
  });

  it('reads a proposed time in the contact’s zone across a DST change, and honours a named zone', () => {
    const summer = { receivedAt: new Date('2026-10-28T14:00:00Z'), contactTimeZone: 'America/New_York' };
    expect(readReply(reply({ text: 'Sure! How about Monday Nov 2 at 2pm?' }), summer).proposedTimes).toEqual([
      '2026-11-02T19:00:00.000Z',
    ]);
    expect(readReply(reply({ text: 'Sure, Thursday Dec 3 at 2pm PST?' }), CONTEXT).proposedTimes).toEqual([
      '2026-12-03T22:00:00.000Z',
    ]);
  });

  it('keeps an acceptance that also refers as accepted, with the referral listed', () => {
    const reading = readReply(
      reply({
        text: 'Happy to chat on Thursday Dec 3 at 2pm. You should also talk to my colleague Mei Chen (mei.chen@northwind.example).',
      }),
      CONTEXT,
    );
    expect(reading).toMatchObject({
      intent: 'accepted',
      proposedDates: ['2026-12-03'],
      referrals: [{ email: 'mei.chen@northwind.example', name: 'Mei Chen' }],
    });
  });

  it('names the referred person and ignores the sender’s own address', () => {
    const reading = readReply(
      reply({
        text: "I'm not the right person. Please reach out to Mei Chen <mei.chen@adatum.example>.\n\nPriya Raman | priya.raman@northwind.example",
      }),
      CONTEXT,
    );
    expect(reading).toMatchObject({
      intent: 'referral',
      referrals: [{ email: 'mei.chen@adatum.example', name: 'Mei Chen' }],
    });
  });

  it('declines "not the right person" without a referral', () => {
    expect(readReply(reply({ text: "Sorry, I'm not the right person for this." }), CONTEXT).intent).toBe(
      'declined',
    );
  });

  it('does not read "not sure" as an acceptance', () => {
    expect(readReply(reply({ text: "I'm not sure what you mean by that?" }), CONTEXT).intent).toBe('other');
  });

  it('classifies a delivery-status report as an auto-reply with intent other', () => {
    const reading = readReply(
      reply({
        from: { address: 'MAILER-DAEMON@mx.example' },
        subject: 'Undelivered Mail Returned to Sender',
        contentType: 'multipart/report; report-type=delivery-status; boundary="b1"',
        text: 'Your message could not be delivered. Unfortunately the address was not found; please remove it.',
      }),
      CONTEXT,
    );
    expect(reading).toMatchObject({ intent: 'other', autoReply: true, proposedDates: [], referrals: [] });
    expect(reading.returnDate).toBeUndefined();
    expect(reading.reasons).toEqual(['report: delivery-status', 'from: mailer-daemon']);
  });
});
