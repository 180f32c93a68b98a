/**
 * Issue 12: the reader generalises over families of everyday phrasing, not over examples. Each
 * block is one family, on sentences written here (neither the dev nor the test set): an
 * acknowledgement before a clear answer, contrasts that add rather than turn, declines and
 * acceptances without stock phrases, unsubscribe asks against mentions of the word, refusals that
 * name someone, and absences announced by a person's mailbox without automatic headers.
 */
import { describe, expect, it } from 'vitest';
import { type IncomingReply, type ReplyContext, readReply } from '#domain/reply/read-reply.ts';

const NEW_YORK: ReplyContext = {
  receivedAt: new Date('2026-12-01T15:15:00Z'),
  contactTimeZone: 'America/New_York',
};
const MEETING: ReplyContext = { ...NEW_YORK, hasMeeting: true };

function reply(text: string, overrides: Partial<IncomingReply> = {}): IncomingReply {
  return {
    from: { address: 'robin.hale@northwind.example', name: 'Robin Hale' },
    to: ['reply+k7f3q9x2m4@in.brightpath-careers.com'],
    cc: [],
    subject: 'Re: Informational interview request',
    headers: {},
    text,
    ...overrides,
  };
}

const read = (text: string, context = NEW_YORK, overrides: Partial<IncomingReply> = {}) =>
  readReply(reply(text, overrides), context);

describe('an acknowledgement before a clear answer', () => {
  it.each([
    ['Got your message, thanks. Count me in - Wednesday 12/9 at 10am?', 'accepted'],
    ['Received, thank you. Ring me on 555 0134 on Friday.', 'accepted'],
    ['Thanks for reaching out. I will have to pass on this, sorry.', 'declined'],
    ['Noted, thanks. I am not in a position to take this up.', 'declined'],
  ])('%s → %s, not flagged', (text, intent) => {
    const reading = read(text);
    expect(reading.intent).toBe(intent);
    expect(reading.needsReview).toBe(false);
  });

  it('alone says nothing: other, flagged for a person', () => {
    const reading = read('Got your message, thanks.');
    expect(reading.intent).toBe('other');
    expect(reading.needsReview).toBe(true);
  });
});

describe('a contrast turns the answer only when what follows says something else', () => {
  it.each([
    ["I'd really like to, but I can't spare the time.", 'declined'],
    ["Unfortunately Monday's out for me, but Wednesday 12/9 at 2pm works well.", 'accepted'],
    ["I'll pass for now, but do feel free to write again in the summer.", 'declined'],
    ['Unfortunately I only just saw this. Which team are you hoping to join?', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe('declines without a decline keyword', () => {
  it.each([
    "I wouldn't be much use to you, I'm afraid.",
    "I'm not really in a position to help at the moment.",
    "I'm not taking on any more of these until next year.",
    'Our compliance team has asked us not to speak to people outside the firm.',
    "I don't usually do this sort of thing. Hope you understand.",
    'I retired in the spring, so I would be of little help these days.',
    "I'd only be wasting your time - I don't have anything relevant to share.",
    'My diary is packed until February, so the timing just doesn’t work.',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('declined');
  });

  it('reads a negated refusal as a yes: "I never say no to …"', () => {
    expect(read('I never say no to a fellow career changer - Thursday 12/10 at 1pm?').intent).toBe(
      'accepted',
    );
  });
});

describe('acceptances without a stock phrase', () => {
  it.each([
    'Send me over a couple of times next week and I will pick one.',
    'No bother - catch me on my mobile on Tuesday afternoon.',
    'Go ahead and grab a slot, whatever suits you.',
  ])('%s', (text) => {
    expect(read(text).intent).toBe('accepted');
  });

  it('reads a talk put off to next year as other, not a yes', () => {
    expect(read("Let's talk in the new year when things are calmer.").intent).toBe('other');
  });
});

describe('unsubscribe: only an ask counts (precision 100 %)', () => {
  it.each([
    'Please remove me from your list.',
    'Do not send me any further mails.',
    'UNSUBSCRIBE',
    'Not interested. Take me off your mailing list please.',
    "Don't bother replying - just remove me.",
  ])('%s → unsubscribe', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });

  it.each([
    ["No, I don't want to unsubscribe! Tuesday 12/8 at 3pm works.", 'accepted'],
    ["I can't help, but there's no need to take me off your list.", 'declined'],
    ["Is 'reply unsubscribe' an automated thing? Who are you with?", 'other'],
  ])('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe('a refusal that names someone', () => {
  it('is a referral, with the person', () => {
    const reading = read(
      "Sorry, I'm snowed under - but you could ask my colleague Lee Park (lee.park@northwind.example).",
    );
    expect(reading.intent).toBe('referral');
    expect(reading.referrals).toEqual([{ email: 'lee.park@northwind.example', name: 'Lee Park' }]);
  });

  it("refers a namesake, whose address shares the sender's first name", () => {
    const reading = read('Wrong Robin, I think - the Robin you want is robin.oakes@northwind.example.');
    expect(reading.intent).toBe('referral');
    expect(reading.referrals.map((r) => r.email)).toEqual(['robin.oakes@northwind.example']);
  });

  it('does not name a person "She\'s"', () => {
    const reading = read(
      "Not my field, sorry - but Tamsin would be ideal. She's at tamsin.ray@northwind.example.",
    );
    expect(reading.intent).toBe('referral');
    expect(reading.referrals).toEqual([{ email: 'tamsin.ray@northwind.example', name: 'Tamsin' }]);
  });
});

describe("an absence written by a person's mailbox, without automatic headers", () => {
  it('is an out-of-office with its return date', () => {
    const reading = read(
      "Thanks for your email. I'm away until 9 December with limited access to email and will reply then.",
    );
    expect(reading.intent).toBe('out_of_office');
    expect(reading.autoReply).toBe(true);
    expect(reading.returnDate).toBe('2026-12-09');
  });

  it('takes "resume office on" as the day back', () => {
    const reading = read('I am on leave and will resume office on 14 December.', NEW_YORK, {
      headers: { 'auto-submitted': 'auto-replied' },
    });
    expect(reading.returnDate).toBe('2026-12-14');
  });
});

describe('a booked meeting', () => {
  it('reads "would you mind if we moved …instead?" as a move, not a condition', () => {
    expect(read('Would you mind if we moved to Friday instead? Something came up.', MEETING).intent).toBe(
      'reschedule',
    );
  });
});
