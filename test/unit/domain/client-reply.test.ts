import { describe, expect, it } from 'vitest';
import { clientTokenOf, readMeetingAnswer, readUpdate } from '#domain/client-reply.ts';
import { TransitionRefused } from '#domain/errors.ts';
import { clientLoopTransition } from '#domain/lifecycle/thank-you-hold.ts';
import { transition } from '#domain/lifecycle.ts';
import { base32 } from '#domain/reply-token.ts';
import type { Contact } from '#domain/types.ts';
import { baseContact, hoursFrom, iso, meeting, NOW, policy } from './fixtures.ts';

describe('client reply tokens', () => {
  it('base32 is RFC 4648 lower-cased without padding (the RFC test vectors)', () => {
    const enc = (s: string) => base32(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
      '',
      'my',
      'mzxq',
      'mzxw6',
      'mzxw6yq',
      'mzxw6ytb',
      'mzxw6ytboi',
    ]);
    expect(base32(new Uint8Array(16).fill(255))).toHaveLength(26);
  });

  it('reads client+<token>@<inbound domain> in any case, nothing else', () => {
    expect(clientTokenOf('Client+ABCdef234@IN.Example.com', 'in.example.com')).toBe('abcdef234');
    expect(clientTokenOf('client+abc@other.example', 'in.example.com')).toBeUndefined();
    expect(clientTokenOf('reply+abc@in.example.com', 'in.example.com')).toBeUndefined();
    expect(clientTokenOf(`client+${'a'.repeat(27)}@in.example.com`, 'in.example.com')).toBeUndefined();
  });
});

describe("the client's answer to 'how did it go'", () => {
  it.each([
    'moved',
    "Didn't happen!",
    'did not happen.',
    'CANCELLED',
    'No-show',
    'no show …',
    'Didn’t happen',
  ])('%j on the first line holds the thank-you', (first) => {
    expect(readMeetingAnswer(`${first}\nShe was ill.`, 'Sam Okafor').kind).toBe('hold');
  });

  it('any other text is the line: one to three sentences, sign-off cut, line breaks folded', () => {
    expect(readMeetingAnswer('Moved me a lot.\nThank you!\n\nBest,\nSam', 'Sam Okafor')).toEqual({
      kind: 'line',
      line: 'Moved me a lot. Thank you!',
    });
    expect(readMeetingAnswer('One. Two. Three. Four.', 'Sam Okafor')).toEqual({
      kind: 'refused',
      reason: 'the line has 4 sentences (three at most)',
    });
    expect(readMeetingAnswer('', 'Sam Okafor').kind).toBe('refused');
    expect(readMeetingAnswer('Bad \u202e text', 'Sam Okafor')).toMatchObject({ kind: 'refused' });
    expect(readMeetingAnswer('x'.repeat(501), 'Sam Okafor')).toMatchObject({ kind: 'refused' });
  });

  it('an update keeps its paragraphs and refuses control characters', () => {
    expect(readUpdate('First.\n\n\n\nSecond.\n\nCheers,\nSam', 'Sam Okafor')).toEqual({
      update: 'First.\n\nSecond.',
    });
    expect(readUpdate('Bad \u0007 bell', 'Sam Okafor')).toHaveProperty('refused');
  });
});

describe('the thank-you held, released, dropped (clientLoopTransition)', () => {
  const end = hoursFrom(NOW, -1);
  const thankYouAt = iso(hoursFrom(NOW, 2));
  const met = (overrides: Partial<Contact> = {}): Contact =>
    baseContact({
      stage: 'confirmed',
      planVersion: 3,
      meeting: meeting({ start: iso(hoursFrom(end, -0.5)), durationMinutes: 30, invitationSent: true }),
      schedules: [
        { step: 'client-personal-line', at: iso(end), planVersion: 3 },
        { step: 'thank-you', at: thankYouAt, planVersion: 3 },
      ],
      ...overrides,
    });
  const hold = { type: 'thank_you_held', by: 'client', reason: 'the client replied "moved"' } as const;

  it('a hold takes the thank-you out of the plan (unscheduled, kept on the meeting)', () => {
    const r = clientLoopTransition(met(), hold, NOW, policy);
    expect(r.contact.schedules).toEqual([]);
    expect(r.contact.meeting?.thankYouHold).toEqual({
      at: iso(NOW),
      by: 'client',
      reason: hold.reason,
      thankYouAt,
    });
    expect(r.effects).toEqual([
      { type: 'unschedule', step: 'client-personal-line', planVersion: 3 },
      { type: 'unschedule', step: 'thank-you', planVersion: 3 },
    ]);
    expect(() => clientLoopTransition(r.contact, hold, NOW, policy)).toThrow(TransitionRefused);
    // `transition` (the dispatch function's) never takes it.
    expect(() => transition(met(), hold, NOW, policy)).toThrow(TransitionRefused);
  });

  it('"held" releases it at its time, or in the next window once that passed', () => {
    const held = clientLoopTransition(met(), hold, NOW, policy).contact;
    const r = clientLoopTransition(held, { type: 'meeting_held' }, NOW, policy);
    expect(r.contact.stage).toBe('met');
    expect(r.contact.meeting?.thankYouHold).toBeUndefined();
    expect(r.contact.schedules.find((s) => s.step === 'thank-you')?.at).toBe(thankYouAt);
    const late = clientLoopTransition(held, { type: 'meeting_held' }, hoursFrom(NOW, 30), policy);
    const at = late.contact.schedules.find((s) => s.step === 'thank-you')?.at as string;
    expect(Date.parse(at)).toBeGreaterThanOrEqual(hoursFrom(NOW, 30).getTime());
  });

  it('"not held" drops it; a meeting marked held before is booked again', () => {
    const r = clientLoopTransition(met({ stage: 'met' }), { type: 'meeting_not_held' }, NOW, policy);
    expect(r.contact.stage).toBe('confirmed');
    expect(r.contact.schedules).toEqual([]);
    expect(r.contact.meeting).toMatchObject({ status: 'booked', notHeldAt: iso(NOW) });
    const early = met({ meeting: meeting({ start: iso(hoursFrom(NOW, 5)) }) });
    expect(() => clientLoopTransition(early, { type: 'meeting_not_held' }, NOW, policy)).toThrow(
      /the meeting starts at/,
    );
  });
});

describe("the client's update by reply", () => {
  it('moves the keep-in-touch email up to the next send minute, the contact’s public holidays skipped', () => {
    const thanked = baseContact({
      stage: 'thanked',
      schedules: [{ step: 'keep-in-touch-1', at: '2026-06-01T08:00:00.000Z', planVersion: 1 }],
    } as Partial<Contact>);
    // Monday 2 March 2026, 19:00 in Berlin: the window is closed; Tuesday 3 March is made a holiday.
    const evening = hoursFrom(NOW, 6);
    const event = { type: 'update_written', text: 'I started the course.', nextWindow: true } as const;
    const withHoliday = { ...policy, holidays: new Set(['2026-03-03']) };
    const at = (p: typeof policy) =>
      clientLoopTransition(thanked, event, evening, p).contact.schedules.find(
        (s) => s.step === 'keep-in-touch-1',
      )?.at as string;
    const local = (instant: string) =>
      new Date(instant).toLocaleDateString('en-CA', { timeZone: thanked.timeZone });
    expect(local(at(policy))).toBe('2026-03-03');
    expect(local(at(withHoliday))).toBe('2026-03-04');
  });
});
