/**
 * Out-of-office auto-replies (issue 13 item 4): with a return date the next follow-up moves to the
 * first business day after it, inside the window; without one, a week later; the same follow-up is
 * moved at most twice, then held for the coach (paused, the reason on the contact and the timeline).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { OUT_OF_OFFICE_MAX_MOVES } from '#domain/lifecycle/outreach.ts';
import { transition } from '#domain/lifecycle.ts';
import { isInWindow, nextInWindow } from '#domain/timing.ts';
import type { Contact, ContactEvent } from '#domain/types.ts';
import { contactIn, daysFrom, iso, NOW, policy, ZONE } from './fixtures.ts';

const ooo = (returnDate?: string): ContactEvent => ({
  type: 'reply_received',
  intent: 'out_of_office',
  ...(returnDate === undefined ? {} : { returnDate }),
});

const followUpAtOf = (c: Contact) => c.schedules.find((s) => s.step.startsWith('follow-up-'))?.at;

describe('out-of-office', () => {
  it('with a return date: the first business day after it, at the window opening', () => {
    // Back Friday 13 March 2026 → Monday 16 March, 09:00 Berlin (08:00 UTC).
    const r = transition(contactIn('contacted'), ooo('2026-03-13'), NOW, policy);
    expect(followUpAtOf(r.contact)).toBe('2026-03-16T08:00:00.000Z');
    expect(r.contact.outOfOfficeMoves).toEqual({ step: 'follow-up-1', count: 1 });
    expect(r.timeline.detail).toContain('(move 1)');
  });

  it('without a date: a week later, three auto-replies move the same follow-up twice, then hold it', () => {
    const c0 = contactIn('contacted');
    const planned = followUpAtOf(c0) as string;
    const first = transition(c0, ooo(), NOW, policy);
    const week = nextInWindow(iso(daysFrom(new Date(planned), 7)), ZONE, policy.sendWindow);
    expect(followUpAtOf(first.contact)).toBe(week);
    const second = transition(first.contact, ooo(), daysFrom(NOW, 1), policy);
    expect(followUpAtOf(second.contact)).toBe(
      nextInWindow(iso(daysFrom(new Date(week), 7)), ZONE, policy.sendWindow),
    );
    expect(second.contact.outOfOfficeMoves).toEqual({ step: 'follow-up-1', count: 2 });
    const third = transition(second.contact, ooo(), daysFrom(NOW, 2), policy);
    expect(third.contact.stage).toBe('paused');
    expect(third.contact.pausedFrom).toBe('contacted');
    expect(third.contact.schedules).toEqual([]);
    expect(third.effects).toEqual([
      { type: 'unschedule', step: 'follow-up-1', planVersion: second.contact.planVersion },
    ]);
    expect(third.contact.heldForCoach).toMatch(
      /follow-up-1 moved 2 times; held for the coach/,
    );
    expect(third.timeline.detail).toContain('held for the coach');
    // A fourth auto-reply while held plans nothing.
    const fourth = transition(third.contact, ooo(), daysFrom(NOW, 3), policy);
    expect(fourth.contact.stage).toBe('paused');
    expect(fourth.effects).toEqual([]);
    // The coach resumes: the follow-up is planned again and the counter starts over.
    const resumed = transition(fourth.contact, { type: 'resume' }, daysFrom(NOW, 4), policy);
    expect(resumed.contact.stage).toBe('contacted');
    expect(resumed.contact.heldForCoach).toBeUndefined();
    expect(resumed.contact.outOfOfficeMoves).toBeUndefined();
    expect(resumed.contact.schedules.map((s) => s.step)).toEqual(['follow-up-1']);
  });

  it('the counter is per follow-up: a new follow-up can be moved twice again', () => {
    const c = { ...contactIn('contacted'), outOfOfficeMoves: { step: 'no-response' as const, count: 2 } };
    // (no-response is not the planned step: the planned follow-up-1 has no moves yet)
    const r = transition(c, ooo(), NOW, policy);
    expect(r.contact.stage).toBe('contacted');
    expect(r.contact.outOfOfficeMoves).toEqual({ step: 'follow-up-1', count: 1 });
  });

  it('property: a dated move lands in the window, after the return day, never earlier than planned', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: OUT_OF_OFFICE_MAX_MOVES }),
        (days, moves) => {
          const returnDate = DateTime.fromJSDate(NOW, { zone: ZONE }).plus({ days }).toISODate() as string;
          const c0 = contactIn('contacted');
          const c: Contact =
            moves === 0 ? c0 : { ...c0, outOfOfficeMoves: { step: 'follow-up-1', count: moves } };
          const r = transition(c, ooo(returnDate), NOW, policy);
          const before = followUpAtOf(c) as string;
          if (r.contact.stage === 'paused') {
            expect(moves).toBe(OUT_OF_OFFICE_MAX_MOVES);
            expect(r.contact.schedules).toEqual([]);
            return;
          }
          const after = followUpAtOf(r.contact) as string;
          expect(after >= before).toBe(true);
          if (after !== before) {
            expect(isInWindow(after, ZONE, policy.sendWindow)).toBe(true);
            expect((DateTime.fromISO(after, { zone: ZONE }).toISODate() as string) > returnDate).toBe(true);
            expect(r.contact.outOfOfficeMoves).toEqual({ step: 'follow-up-1', count: moves + 1 });
          } else expect(r.effects).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });
});
