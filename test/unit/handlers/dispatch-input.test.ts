import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { forwardScheduleName } from '#domain/schedule-name.ts';
import { parseScheduleInput } from '#handlers/dispatch.ts';

const step = {
  contactId: 'c-1',
  clientId: 'cl-1',
  campaignId: 'ca-1',
  step: 'follow-up-1',
  planVersion: 2,
  at: '2026-12-01T14:00:00.000Z',
};
const forward = {
  kind: 'reply-forward',
  contactId: 'c-1',
  replyKey: 'AbC-_123',
  reply: {
    intent: 'accepted',
    fromName: 'Dan',
    fromEmail: 'dan@example.net',
    subject: 'Re: hi',
    text: 'Sure',
  },
};

describe('parseScheduleInput (the dispatch function’s schedule Input)', () => {
  it('reads a planned step (no kind), a reply forward and a meeting cancellation', () => {
    expect(parseScheduleInput(step)).toEqual({ kind: 'step', payload: step });
    expect(parseScheduleInput(forward)).toEqual({ kind: 'reply-forward', payload: forward });
    const cancellation = { kind: 'meeting-cancellation', contactId: 'c-1', meetingId: 'm-1', sequence: 2 };
    expect(parseScheduleInput(cancellation)).toEqual({ kind: 'meeting-cancellation', payload: cancellation });
    expect(() => parseScheduleInput({ ...cancellation, sequence: -1 })).toThrow(ValidationError);
  });

  it('refuses a malformed forward or an unknown kind, naming the field', () => {
    const error = (() => {
      try {
        parseScheduleInput({ ...forward, reply: { ...forward.reply, intent: 'maybe' } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('reply.intent');
    expect(() => parseScheduleInput({ ...step, kind: 'other' })).toThrow(ValidationError);
    expect(() => parseScheduleInput({ ...step, planVersion: -1 })).toThrow(ValidationError);
  });
});

describe('forwardScheduleName', () => {
  it('is fwd-<contact>-<replyKey> within 64 safe characters, hashing a contact id that does not fit', () => {
    const key = 'x'.repeat(22);
    expect(forwardScheduleName('67ddf9ac-0c4a-4cb6-a1fb-e8b77625265f', key)).toBe(
      `fwd-67ddf9ac-0c4a-4cb6-a1fb-e8b77625265f-${key}`,
    );
    const long = forwardScheduleName(`${'a'.repeat(50)}@b`, key);
    expect(long).toMatch(/^fwd-[0-9a-z]{13}-x{22}$/);
    expect(long.length).toBeLessThanOrEqual(64);
  });
});
