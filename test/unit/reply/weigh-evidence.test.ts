/**
 * Issue 12: the reader weighs evidence. One family per block, on examples written here (not the
 * test set): negation, who the subject is, company rules, Cc'd introductions and address blocks,
 * numeric dates by locale and weekday, the sender's sign-off kept out of dates, calendar RSVPs,
 * booked-meeting moves, bottom-posted replies, and the confidence that flags a reading for review.
 */
import { describe, expect, it } from 'vitest';
import {
  type IncomingReply,
  NEEDS_REVIEW_BELOW,
  type ReplyContext,
  readReply,
} from '#domain/reply/read-reply.ts';

const NEW_YORK: ReplyContext = {
  receivedAt: new Date('2026-12-01T15:15:00Z'),
  contactTimeZone: 'America/New_York',
};
const LONDON: ReplyContext = {
  receivedAt: new Date('2026-12-01T10:15:00Z'),
  contactTimeZone: 'Europe/London',
};

function reply(text: string, overrides: Partial<IncomingReply> = {}): IncomingReply {
  return {
    from: { address: 'alex.morgan@northwind.example', name: 'Alex Morgan' },
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

describe('negation', () => {
  it.each([
    ["I'd be happy to chat next week.", 'accepted'],
    ["I wouldn't be able to, I'm afraid.", 'declined'],
    ["I'd love to help but I won't be able to give it the time it deserves.", 'declined'],
    ["I don't normally do these, but I'll make an exception. Monday the 7th, 1pm?", 'accepted'],
    ['Not a problem at all - glad to help.', 'accepted'],
    ["I'm not comfortable doing calls with people I don't know.", 'declined'],
  ])('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe('declines without a decline keyword', () => {
  it.each([
    "Thanks for thinking of me, but I'll have to pass this time.",
    "I'm not able to at the moment - we're mid-restructure.",
    'Our company policy does not permit informational interviews with outsiders.',
    'Presently my schedule does not permit. Sorry for the same.',
    "I'm going to give this one a miss - far too much on.",
  ])('%s', (text) => {
    expect(read(text).intent).toBe('declined');
  });

  it('reads "can\'t find the attachment" as no decline', () => {
    expect(read("Could you send your CV again? I can't find the attachment.").intent).toBe('other');
  });
});

describe('who the subject is', () => {
  it('reads "Dana would be glad to" with her address as a referral, not an acceptance', () => {
    const reading = read('Dana Wu would be glad to talk to you: dana.wu@contoso.example');
    expect(reading.intent).toBe('referral');
    expect(reading.referrals).toEqual([{ email: 'dana.wu@contoso.example', name: 'Dana Wu' }]);
  });
});

describe('referrals', () => {
  const cc = {
    cc: ['mei.tanaka@contoso.example'],
    ccPeople: [{ address: 'mei.tanaka@contoso.example', name: 'Mei Tanaka' }],
  };

  it("refers a Cc'd person the text introduces", () => {
    const reading = read("I've copied my colleague Mei, who runs our research practice.", NEW_YORK, cc);
    expect(reading).toMatchObject({
      intent: 'referral',
      referrals: [{ email: 'mei.tanaka@contoso.example', name: 'Mei Tanaka' }],
    });
  });

  it('does not refer an assistant copied to keep the thread', () => {
    const reading = read(
      'Let me think about it. Copying Mei, my assistant, so she has the thread.',
      NEW_YORK,
      cc,
    );
    expect(reading.intent).toBe('other');
    expect(reading.referrals).toEqual([]);
  });

  it('refers a name-and-address block set apart from the sentence', () => {
    const text =
      "I'm not the one to ask. You'd get more from:\n\nMs. Neha Joshi\nSenior Designer\nneha.joshi@fabrikam.example\n\nRegards,\nAlex";
    const reading = read(text);
    expect(reading).toMatchObject({
      intent: 'referral',
      referrals: [{ email: 'neha.joshi@fabrikam.example', name: 'Neha Joshi' }],
    });
  });
});

describe('numeric dates: locale and weekday', () => {
  it('reads 10/12 as 10 December from a UK sender (+0000)', () => {
    const reading = read('Yes of course. Thursday 10/12 at 14:30?', LONDON, {
      headers: { date: 'Tue, 1 Dec 2026 10:15:00 +0000' },
    });
    expect(reading.proposedTimes).toEqual(['2026-12-10T14:30:00.000Z']);
  });

  it('reads 12/10 as 10 December from a US sender (-0500)', () => {
    const reading = read("I'm in. Thursday 12/10 at 3:00 pm?", NEW_YORK, {
      headers: { date: 'Tue, 1 Dec 2026 10:15:00 -0500' },
    });
    expect(reading.proposedTimes).toEqual(['2026-12-10T20:00:00.000Z']);
  });

  it('takes the reading the weekday agrees with when the locale guess disagrees', () => {
    // A US offset, but 10 December is the Thursday (12 October is a Monday).
    const reading = read('Sure - Thursday 10/12 at 3pm?', NEW_YORK, {
      headers: { date: 'Tue, 1 Dec 2026 10:15:00 -0500' },
    });
    expect(reading.proposedTimes).toEqual(['2026-12-10T20:00:00.000Z']);
  });

  it('trusts the weekday when neither reading agrees, with less confidence', () => {
    const agreeing = read('Yes of course. Thursday 10/12 at 11am?', LONDON, {
      headers: { date: 'Tue, 1 Dec 2026 10:15:00 +0000' },
    });
    const disagreeing = read('Yes of course. Wednesday 10/12 at 11am?', LONDON, {
      headers: { date: 'Tue, 1 Dec 2026 10:15:00 +0000' },
    });
    expect(disagreeing.proposedTimes).toEqual(['2026-12-09T11:00:00.000Z']);
    expect(disagreeing.confidence).toBeLessThan(agreeing.confidence);
    expect(disagreeing.reasons).toContain('a numeric date disagrees with its weekday');
  });

  it('reads "Thursday week" as the Thursday after the coming one', () => {
    // Tuesday 1 December 2026 (the helper's default arrival): the coming Thursday is the 3rd.
    expect(read('Go on so, Thursday week at 3pm suits.', LONDON).proposedDates).toEqual(['2026-12-10']);
  });

  it('reads spoken times: "half two" (half past two), "quarter to four", "quarter past 11"', () => {
    expect(read('Grand so. Thursday the 10th at half two suits?', LONDON).proposedTimes).toEqual([
      '2026-12-10T14:30:00.000Z',
    ]);
    expect(read('Tuesday at a quarter to four?', LONDON).proposedTimes).toEqual(['2026-12-08T15:45:00.000Z']);
    expect(read('Happy to - Tuesday, quarter past 11.', LONDON).proposedTimes).toEqual([
      '2026-12-08T11:15:00.000Z',
    ]);
    // A length of time, an amount or a share is not a clock time.
    expect(read('I can do two and a half hours on Tuesday.', LONDON).proposedTimes).toEqual([]);
    for (const text of [
      'Happy to. On Tuesday we run one and a half two-hour sessions.',
      'Sure - on Tuesday about a quarter to one third of us are out.',
      'Yes. Tuesday we let half 3,000 staff go home early.',
      'Fine by me. Tuesday I have half 5 percent of my week free.',
    ])
      expect(read(text, LONDON).proposedTimes, text).toEqual([]);
    expect(read('Give me half an hour on Tuesday at 3pm.', LONDON).proposedTimes).toEqual([
      '2026-12-08T15:00:00.000Z',
    ]);
  });

  it('joins a day to its time across a length of time: "Thursday 12/10 I can squeeze in 20 mins at 2:45"', () => {
    expect(
      read("Thursday 12/10 I can squeeze in 20 mins at 2:45 if that's still open.").proposedTimes,
    ).toEqual(['2026-12-10T19:45:00.000Z']);
  });

  it('gives "Wednesday the 9th" its month', () => {
    expect(read('Yes, I can do that. Wednesday the 9th at 11am works.').proposedTimes).toEqual([
      '2026-12-09T16:00:00.000Z',
    ]);
  });
});

describe("the sender's signature", () => {
  it('proposes no time from office hours or an absence in the signature', () => {
    const text =
      'Count me in. Thursday the 10th at 4pm.\n\nPaul Grant\nVP Design | Woodgrove\nOffice hours: Mon-Fri 9am-5pm | Out 12/24 - 1/2';
    const reading = read(text, NEW_YORK, {
      from: { address: 'paul.grant@woodgrove.example', name: 'Paul Grant' },
    });
    expect(reading.proposedTimes).toEqual(['2026-12-10T21:00:00.000Z']);
  });

  it('invents no date for a decline whose signature names days', () => {
    const reading = read(
      'Appreciate it, but this is not something I do.\n\nHenry\nAvailable Mon-Thu 8am-4pm | OOO 12/21-1/4',
      NEW_YORK,
      {
        from: { address: 'henry@northwind.example', name: 'Henry Cole' },
      },
    );
    expect(reading).toMatchObject({ intent: 'declined', proposedTimes: [], proposedDates: [] });
  });
});

describe('calendar RSVPs', () => {
  const calendar = (partstat: string) =>
    [
      'BEGIN:VCALENDAR',
      'METHOD:REPLY',
      'BEGIN:VEVENT',
      'DTSTART:20261210T190000Z',
      'ORGANIZER:mailto:reply+k7f3q9x2m4@in.brightpath-careers.com',
      `ATTENDEE;PARTSTAT=${partstat};CN=Alex Morgan:mailto:alex.morgan@northwind.example`,
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');

  it.each([
    ['ACCEPTED', 'accepted'],
    ['DECLINED', 'declined'],
    ['TENTATIVE', 'other'],
  ])('PARTSTAT=%s → %s, proposing no time', (partstat, intent) => {
    const reading = read('Alex Morgan has replied to this invitation. Thursday Dec 10, 2pm.', NEW_YORK, {
      calendar: calendar(partstat),
    });
    expect(reading).toMatchObject({ intent, proposedTimes: [], needsReview: false });
  });
});

describe('reschedule', () => {
  const booked = { ...NEW_YORK, hasMeeting: true };

  it('reads a move of a booked meeting, with its new time', () => {
    const reading = read(
      "Something's come up on Thursday - could we move our call to Friday at 11am instead?",
      booked,
    );
    expect(reading).toMatchObject({ intent: 'reschedule', proposedTimes: ['2026-12-04T16:00:00.000Z'] });
  });

  it('reads a cancellation without a wish to rebook as declined', () => {
    expect(read("I need to cancel Thursday's call, and I won't be able to rebook.", booked).intent).toBe(
      'declined',
    );
  });

  it('reads "see you Thursday" as other', () => {
    expect(read('Thanks, see you Thursday.', booked).intent).toBe('other');
  });
});

describe('bottom-posted replies', () => {
  it('reads the answer written below the quote', () => {
    const text =
      "On Mon, Nov 30, 2026 at 9:02 AM Jordan Lee <reply+k@in.example> wrote:\n> Would you have 20 minutes?\n> Reply unsubscribe to stop.\n\nSorry, I won't manage it this side of Christmas.\n";
    const reading = read(text);
    expect(reading.intent).toBe('declined');
    expect(reading.body).toBe("Sorry, I won't manage it this side of Christmas.");
  });
});

describe('confidence and needsReview', () => {
  it('is sure of a clear reading and flags one with no evidence', () => {
    const clear = read("Yes, happy to help - let's talk Thursday at 2pm.");
    const unclear = read('Hmm.');
    expect(clear.confidence).toBeGreaterThanOrEqual(NEEDS_REVIEW_BELOW);
    expect(clear.needsReview).toBe(false);
    expect(unclear.confidence).toBeLessThan(NEEDS_REVIEW_BELOW);
    expect(unclear.needsReview).toBe(true);
  });

  it('keeps confidence within 0 and 1', () => {
    for (const text of ['No.', 'Please remove me.', 'Sure!', "I'm away until Monday.", '']) {
      const { confidence } = read(text);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });
});

// — Phrasing families (issue 12, reader branch): sentences written here, neither the dev nor the test
// set — an acknowledgement before a clear answer, contrasts that add rather than turn, declines and
// acceptances without stock phrases, unsubscribe asks against mentions of the word, refusals that
// name someone, absences announced by a person's mailbox without automatic headers.

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

  it('alone says nothing: other', () => {
    const reading = read('Got your message, thanks.');
    expect(reading.intent).toBe('other');
    expect(reading.reasons.some((r) => r.startsWith('words: other'))).toBe(true);
  });
});

describe('evidence both ways', () => {
  it('a no with an invitation to write again goes to a person', () => {
    // The rules weigh "I'll pass" and "write again in the summer" alike; the words lean neither way enough.
    const reading = read("I'll pass for now, but do feel free to write again in the summer.");
    expect(['declined', 'other']).toContain(reading.intent);
    expect(reading.needsReview).toBe(true);
  });
});

describe('a contrast turns the answer only when what follows says something else', () => {
  it.each([
    ["I'd really like to, but I can't spare the time.", 'declined'],
    ["Unfortunately Monday's out for me, but Wednesday 12/9 at 2pm works well.", 'accepted'],
    ['Unfortunately I only just saw this. Which team are you hoping to join?', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
});

describe('declines without a decline keyword: more families', () => {
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
    "I'd appreciate being taken off whatever list this is.",
    'I want to unsubscribe.',
  ])('%s → unsubscribe', (text) => {
    expect(read(text).intent).toBe('unsubscribe');
  });

  it.each([
    ["No, I don't want to unsubscribe! Tuesday 12/8 at 3pm works.", 'accepted'],
    ["I can't help, but there's no need to take me off your list.", 'declined'],
    ["Is 'reply unsubscribe' an automated thing? Who are you with?", 'other'],
    ['I almost clicked unsubscribe, then saw your note. Which company are you with?', 'other'],
    ["This isn't me asking to unsubscribe, just curious - who are you working with?", 'other'],
    ['My finger was hovering over unsubscribe, but your story got me. Thursday 12/10, 2pm?', 'accepted'],
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
    const reading = read('Wrong Alex, I think - the Alex you want is alex.oakes@northwind.example.');
    expect(reading.intent).toBe('referral');
    expect(reading.referrals.map((r) => r.email)).toEqual(['alex.oakes@northwind.example']);
  });

  it('refers someone introduced as "she\'d be happy to", not the sender accepting', () => {
    const reading = read("My sister made the same move. She'd be happy to talk: jo.reid@contoso.example");
    expect(reading.intent).toBe('referral');
    expect(reading.referrals.map((r) => r.email)).toEqual(['jo.reid@contoso.example']);
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

  it('puts a bare weekday after the dated absence: "through Wednesday, December 9 … back on Thursday"', () => {
    const reading = read(
      "I'm out through Wednesday, December 9 and back in the office on Thursday.",
      NEW_YORK,
      {
        headers: { 'auto-submitted': 'auto-replied' },
      },
    );
    expect(reading.returnDate).toBe('2026-12-10');
  });

  it('takes "resume office on" as the day back', () => {
    const reading = read('I am on leave and will resume office on 14 December.', NEW_YORK, {
      headers: { 'auto-submitted': 'auto-replied' },
    });
    expect(reading.returnDate).toBe('2026-12-14');
  });
});

describe('a booked meeting: a polite move', () => {
  it('reads "would you mind if we moved …instead?" as a move, not a condition', () => {
    expect(
      read('Would you mind if we moved to Friday instead? Something came up.', {
        ...NEW_YORK,
        hasMeeting: true,
      }).intent,
    ).toBe('reschedule');
  });
});

describe('a time offered, with and without a meeting booked', () => {
  const booked = { ...NEW_YORK, hasMeeting: true };

  it('with a meeting booked, new times offered are a move, even worded as a yes', () => {
    const reading = read(
      "Thursday's gone sideways. I could do Monday 7th at 4pm or Tuesday 8th at 9am.",
      booked,
    );
    expect(reading.intent).toBe('reschedule');
    expect(reading.proposedTimes).toHaveLength(2);
  });

  it('with nothing booked, "another time instead" is a yes', () => {
    const reading = read(
      "I'd love to, but December is brutal. Could we look at the week of January 11 instead? Any morning that week.",
    );
    expect(reading.intent).toBe('accepted');
  });

  it('"instead of" a video link is logistics, not a move', () => {
    expect(read('Could you send a number I can dial instead of a video link?', booked).intent).toBe('other');
  });

  it('"I\'m in" is a yes only as an answer, not "I\'m in finance"', () => {
    expect(read("Count me in - I'm in! Tuesday works.").intent).toBe('accepted');
    const wrongPerson = read(
      "I'm the wrong Gemma - I'm in finance! You'll be wanting g.holt@wingtip.example.",
    );
    expect(wrongPerson.intent).toBe('referral');
    expect(wrongPerson.referrals.map((r) => r.email)).toEqual(['g.holt@wingtip.example']);
  });
});

describe('the fresh set’s families (rounds 18–19, read once untuned first)', () => {
  it('a clerk asking not to contact the person they answer for again is a request to stop', () => {
    const reading = read(
      "I am responding on behalf of Judge Harlow's chambers. Please do not contact the judge at this address again. Chambers Staff",
    );
    expect(reading.intent).toBe('unsubscribe');
  });

  it.each([
    "Thanks, Thursday works. Don't send the invite again, it came through fine.",
    "Don't send the slides again, I have them now. See you Monday!",
    "Please don't contact the office again until January, I'm on leave. Happy to talk after.",
    'My manager asked me not to email the press again, but happy to chat on Tuesday.',
    "Don't email the team again - just reply to me directly and we can set up a call.",
    "Please don't contact him again until the new year; he's travelling.",
  ])('not a request to stop: %s', (text) => {
    expect(read(text).intent).not.toBe('unsubscribe');
  });

  it('"write him at <address>" after a refusal is a referral', () => {
    const reading = read(
      "I can't do it, my company forbids this kind of conversation. But my former manager Tomás Rey now works freelance and does this often - write him at tomas@reyresearch.example.",
    );
    expect(reading.intent).toBe('referral');
    expect(reading.referrals.map((r) => r.email)).toEqual(['tomas@reyresearch.example']);
  });
});

describe('"same time" in a move: the booked meeting’s time of day', () => {
  // Booked for Thursday 3 December 2026, 3pm in New York.
  const booked = { ...NEW_YORK, hasMeeting: true, meetingStart: '2026-12-03T20:00:00.000Z' };

  it('"can we push to Monday same time?" proposes Monday at 3pm, the contact’s time', () => {
    const reading = read('hey running into a conflict thurs, can we push to monday same time?', booked);
    expect(reading.intent).toBe('reschedule');
    expect(reading.proposedTimes).toEqual(['2026-12-07T20:00:00.000Z']);
  });

  it('"the following one, the 10th, same time" and "Friday at the same time" too', () => {
    expect(read('Not this Thursday - can we do the 10th, same time?', booked).proposedTimes).toEqual([
      '2026-12-10T20:00:00.000Z',
    ]);
    expect(read('Could we move to Friday at the same time?', booked).proposedTimes).toEqual([
      '2026-12-04T20:00:00.000Z',
    ]);
  });

  it('a day of the month alone ("can we do the 10th at 3pm?") is the next such day; "the 10th floor" is not a day', () => {
    expect(read('Can we do the 10th at 3pm?', booked).proposedTimes).toEqual(['2026-12-10T20:00:00.000Z']);
    expect(read("Sure - I'm on the 10th floor, come up at 3pm Thursday.").proposedDates).toEqual([
      '2026-12-03',
    ]);
    expect(read('Happy to. I was there on the 20th of May 2019.').proposedDates).toEqual([]);
  });

  it('without a booked meeting (or its time) "same time" names no time', () => {
    expect(
      read('Could we move to Friday at the same time?', { ...NEW_YORK, hasMeeting: true }).proposedTimes,
    ).toEqual([]);
  });
});
