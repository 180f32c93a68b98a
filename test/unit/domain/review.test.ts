/** The review queue's lifecycle rules (`lifecycle/review.ts`): hold, resolve, correct, undo an unsubscribe. */
import { describe, expect, it } from 'vitest';
import { TransitionRefused } from '#domain/errors.ts';
import { reviewTransition } from '#domain/lifecycle/review.ts';
import type { Contact, ContactEvent } from '#domain/types.ts';
import { contactIn, daysFrom, NOW, policy } from './fixtures.ts';

type ReplyEvent = Extract<ContactEvent, { type: 'reply_received' }>;

const hold = (replyKey = 'k1'): ReplyEvent => ({
  type: 'reply_received',
  intent: 'other',
  review: { action: 'hold', replyKey },
});

const resolve = (
  intent: Extract<ContactEvent, { type: 'reply_received' }>['intent'],
  extra: { previous?: 'declined' | 'unsubscribe'; returnDate?: string; stageBefore?: 'contacted' } = {},
): ContactEvent => {
  const { previous, stageBefore, ...rest } = extra;
  return {
    type: 'reply_received',
    intent,
    ...rest,
    review: {
      action: 'resolve',
      replyKey: 'k1',
      ...(previous ? { previous } : {}),
      ...(stageBefore ? { stageBefore } : {}),
    },
  };
};

function held(): Contact {
  return reviewTransition(contactIn('contacted'), hold(), NOW, policy).contact;
}

describe('review queue transitions', () => {
  it('an unsure reply holds the follow-up: unscheduled, kept on the contact, the stage unchanged', () => {
    const before = contactIn('contacted');
    const result = reviewTransition(before, hold(), NOW, policy);
    expect(result.contact.stage).toBe('contacted');
    expect(result.contact.schedules).toEqual([]);
    expect(result.contact.planVersion).toBe(before.planVersion + 1);
    expect(result.contact.reviewHold).toEqual({
      replyKeys: ['k1'],
      steps: [{ step: 'follow-up-1', at: before.schedules[0]?.at }],
    });
    expect(result.effects).toEqual([
      { type: 'unschedule', step: 'follow-up-1', planVersion: before.planVersion },
    ]);
    expect(result.timeline).toMatchObject({
      event: 'reply_received',
      detail: expect.stringContaining('held for review'),
    });
  });

  it('resolved as a human answer: replied, the held follow-up dropped (never scheduled again)', () => {
    const result = reviewTransition(held(), resolve('other'), NOW, policy);
    expect(result.contact).toMatchObject({ stage: 'replied', schedules: [] });
    expect(result.contact.reviewHold).toBeUndefined();
    expect(result.effects.filter((e) => e.type === 'schedule')).toEqual([]);
  });

  it('resolved as declined: declined, nothing planned', () => {
    const result = reviewTransition(held(), resolve('declined'), NOW, policy);
    expect(result.contact).toMatchObject({ stage: 'declined', schedules: [] });
  });

  it('resolved as out_of_office with a return date: the follow-up is released after the return', () => {
    const returnDate = daysFrom(NOW, 20).toISOString().slice(0, 10);
    const result = reviewTransition(held(), resolve('out_of_office', { returnDate }), NOW, policy);
    expect(result.contact.stage).toBe('contacted');
    const followUp = result.contact.schedules.find((s) => s.step === 'follow-up-1');
    expect((followUp?.at ?? '').slice(0, 10) >= returnDate).toBe(true);
    expect(result.effects).toEqual([
      { type: 'schedule', step: 'follow-up-1', at: followUp?.at, planVersion: result.contact.planVersion },
    ]);
    expect(result.timeline.detail).toMatch(/released|moved/);
  });

  it('a second unsure reply keeps the follow-up held until the last is resolved', () => {
    const twice = reviewTransition(held(), hold('k2'), NOW, policy).contact;
    expect(twice.reviewHold?.replyKeys).toEqual(['k1', 'k2']);
    const first = reviewTransition(twice, resolve('out_of_office'), NOW, policy).contact;
    expect(first.reviewHold).toEqual({
      replyKeys: ['k2'],
      steps: [expect.objectContaining({ step: 'follow-up-1' })],
    });
    expect(first.schedules).toEqual([]);
  });

  it('a correction of an applied decline: declined → replied', () => {
    const result = reviewTransition(
      contactIn('declined'),
      resolve('other', { previous: 'declined' }),
      NOW,
      policy,
    );
    expect(result.contact.stage).toBe('replied');
    expect(result.timeline.detail).toContain('corrected: declined → other');
  });

  it('undoing an unsubscribe goes back to where the reply would have led; refused for a contact not unsubscribed', () => {
    const unsubscribed = { ...contactIn('contacted'), stage: 'unsubscribed' as const, schedules: [] };
    const undo = resolve('accepted', { previous: 'unsubscribe', stageBefore: 'contacted' });
    const result = reviewTransition(unsubscribed, undo, NOW, policy);
    expect(result.contact.stage).toBe('replied');
    expect(result.timeline).toMatchObject({
      from: 'unsubscribed',
      to: 'replied',
      detail: expect.stringContaining('unsubscribe undone'),
    });
    expect(() => reviewTransition(contactIn('bounced'), undo, NOW, policy)).toThrow(TransitionRefused);
  });

  it('a reschedule request flags the booked meeting for the coach', () => {
    const result = reviewTransition(
      contactIn('meeting_booked'),
      { type: 'reply_received', intent: 'reschedule' },
      NOW,
      policy,
    );
    expect(result.contact).toMatchObject({
      stage: 'meeting_booked',
      rescheduleRequestedAt: NOW.toISOString(),
    });
    expect(result.timeline.detail).toContain('meeting flagged');
  });
});
