import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import {
  assertScheduleName,
  cancellationScheduleName,
  clientAnswerScheduleName,
  contactSchedulePrefixes,
  fnv1a64,
  forwardScheduleName,
  MAX_SCHEDULE_NAME,
  parseScheduleName,
  retryScheduleName,
  scheduleName,
} from '#domain/schedule-name.ts';
import type { Step } from '#domain/types.ts';

const UUID = '67ddf9ac-0c4a-4cb6-a1fb-e8b77625265f';
const STEPS: Step[] = [
  'outreach',
  'follow-up-1',
  'follow-up-12',
  'no-response',
  'confirmation',
  'thank-you',
  'keep-in-touch-3',
  'client-meeting-tomorrow',
  'client-personal-line',
  'client-update-2',
];
const contactIds = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[0-9A-Za-z_.-]{1,80}$/),
  fc.string({ minLength: 1, maxLength: 80 }), // anything: shortened and hashed
);

describe('schedule names (the one home: #domain/schedule-name.ts)', () => {
  it('names a step <contactId>.<step>.v<planVersion> and reads it back', () => {
    expect(scheduleName(UUID, 'follow-up-1', 3)).toBe(`${UUID}.follow-up-1.v3`);
    expect(parseScheduleName(`${UUID}.follow-up-1.v3`)).toEqual({
      kind: 'step',
      contact: UUID,
      step: 'follow-up-1',
      planVersion: 3,
    });
  });

  it('round-trips step and plan version for any contact id, within 64 safe characters', () => {
    fc.assert(
      fc.property(
        contactIds,
        fc.constantFrom(...STEPS),
        fc.integer({ min: 0, max: 10_000 }),
        (contactId, step, planVersion) => {
          const name = scheduleName(contactId, step, planVersion);
          expect(() => assertScheduleName(name)).not.toThrow();
          const parts = parseScheduleName(name);
          expect(parts).toMatchObject({ kind: 'step', step, planVersion });
          expect(parts).not.toHaveProperty('retry');
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });

  it('keeps the contact id readable and whole when it fits, and unique when it is shortened', () => {
    expect(parseScheduleName(scheduleName(UUID, 'outreach', 1))).toMatchObject({ contact: UUID });
    const a = scheduleName(`${'a'.repeat(70)}1`, 'outreach', 1);
    const b = scheduleName(`${'a'.repeat(70)}2`, 'outreach', 1);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(MAX_SCHEDULE_NAME);
  });

  it('names a meeting cancellation cxl-<contact>-<meeting hash>.s<n> and reads it back', () => {
    const name = cancellationScheduleName(UUID, 'meeting-1', 2);
    expect(name).toBe(`cxl-${UUID}-${fnv1a64('meeting-1')}.s2`);
    expect(parseScheduleName(name)).toEqual({
      kind: 'cancellation',
      contact: UUID,
      meeting: fnv1a64('meeting-1'),
      sequence: 2,
    });
    const long = cancellationScheduleName('x'.repeat(80), 'meeting-1', 1);
    expect(long.length).toBeLessThanOrEqual(MAX_SCHEDULE_NAME);
    expect(cancellationScheduleName(UUID, 'meeting-1', 3)).not.toBe(name);
  });

  it('names retry n of a step <step schedule>.r<n> and reads the attempt back', () => {
    expect(retryScheduleName(UUID, 'outreach', 1, 2)).toBe(`${UUID}.outreach.v1.r2`);
    expect(parseScheduleName(retryScheduleName(UUID, 'outreach', 1, 2))).toEqual({
      kind: 'step',
      contact: UUID,
      step: 'outreach',
      planVersion: 1,
      retry: 2,
    });
    // A step schedule already at the limit is hashed: still valid, still distinct per attempt.
    const full = 'c'.repeat(52);
    expect(scheduleName(full, 'outreach', 1)).toHaveLength(MAX_SCHEDULE_NAME);
    const first = retryScheduleName(full, 'outreach', 1, 1);
    expect(() => assertScheduleName(first)).not.toThrow();
    expect(first).not.toBe(retryScheduleName(full, 'outreach', 1, 2));
    expect(() => retryScheduleName(UUID, 'outreach', 1, 0)).toThrow(RangeError);
  });

  it('names a reply forward fwd-<contactId>-<replyKey> and reads it back', () => {
    const key = 'Ab_-'.repeat(6).slice(0, 22);
    expect(parseScheduleName(forwardScheduleName(UUID, key))).toEqual({
      kind: 'reply-forward',
      contact: UUID,
      replyKey: key,
    });
  });

  it('gives the name prefixes under which erasure finds every schedule of a contact, and no other', () => {
    const prefixes = contactSchedulePrefixes(UUID);
    const other = contactSchedulePrefixes('0f0e0d0c-0b0a-4908-8706-050403020100');
    const names = [
      scheduleName(UUID, 'outreach', 0),
      scheduleName(UUID, 'follow-up-2', 7),
      retryScheduleName(UUID, 'confirmation', 3, 2),
      forwardScheduleName(UUID, 'k'.repeat(20)),
      forwardScheduleName(UUID, 'k'.repeat(43)),
      cancellationScheduleName(UUID, 'meeting-1', 4),
      clientAnswerScheduleName(UUID, 'k'.repeat(22)),
      clientAnswerScheduleName(UUID, 'k'.repeat(43)),
    ];
    for (const name of names) {
      expect(prefixes.some((p) => name.startsWith(p))).toBe(true);
      expect(other.some((p) => name.startsWith(p))).toBe(false);
    }
  });

  it('reads nothing into a name it did not build', () => {
    for (const name of ['nightly', 'c-1.outreach', 'c-1.Outreach.v1', 'c-1.outreach.v01', 'fwd-c-short']) {
      expect(parseScheduleName(name)).toBeUndefined();
    }
  });

  it('refuses invalid names as ValidationErrors naming the field', () => {
    for (const name of ['', 'x'.repeat(65), 'a b', 'a/b', 42]) {
      expect(() => assertScheduleName(name, 'groupName')).toThrow(ValidationError);
    }
    expect(() => scheduleName(UUID, 'outreach', -1)).toThrow(RangeError);
  });
});
