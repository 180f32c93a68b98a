import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { instantOfWallTime, instantsOfWallTime, type WallTime } from '#domain/timing.ts';

const at = (year: number, month: number, day: number, hour: number, minute = 0): WallTime => ({
  year,
  month,
  day,
  hour,
  minute,
});
const isos = (instants: number[]) => instants.map((t) => new Date(t).toISOString());

describe('local wall time → instant (the one home: #domain/timing.ts)', () => {
  it('is one instant on an ordinary day', () => {
    expect(isos(instantsOfWallTime(at(2027, 6, 1, 9), 'America/New_York'))).toEqual([
      '2027-06-01T13:00:00.000Z',
    ]);
    expect(isos(instantsOfWallTime(at(2027, 6, 1, 9), 'Asia/Kathmandu'))).toEqual([
      '2027-06-01T03:15:00.000Z',
    ]);
    expect(new Date(instantOfWallTime(at(2027, 1, 15, 9), 'Europe/Berlin')).toISOString()).toBe(
      '2027-01-15T08:00:00.000Z',
    );
  });

  it.each([
    // zone, wall time in the gap, where the gap ends (the first instant the clock reads later)
    ['America/New_York', at(2027, 3, 14, 2, 30), '2027-03-14T07:00:00.000Z'],
    ['Europe/Berlin', at(2027, 3, 28, 2, 0), '2027-03-28T01:00:00.000Z'],
    ['Australia/Sydney', at(2027, 10, 3, 2, 15), '2027-10-02T16:00:00.000Z'],
    ['Australia/Lord_Howe', at(2027, 10, 3, 2, 10), '2027-10-02T15:30:00.000Z'], // a 30-minute gap
  ])(
    'a spring-forward gap in %s: no instant reads it; it resolves to the end of the gap',
    (zone, wall, end) => {
      expect(instantsOfWallTime(wall, zone)).toEqual([]);
      expect(new Date(instantOfWallTime(wall, zone)).toISOString()).toBe(end);
    },
  );

  it('can read a time in the gap with the offset before it instead, moving it forward by the gap (RFC 5545)', () => {
    const ny = 'America/New_York';
    expect(new Date(instantOfWallTime(at(2027, 3, 14, 2, 30), ny, 'shift-forward')).toISOString()).toBe(
      '2027-03-14T07:30:00.000Z', // 03:30 EDT
    );
    // Outside a gap both rules agree.
    expect(instantOfWallTime(at(2027, 11, 7, 1, 30), ny, 'shift-forward')).toBe(
      instantOfWallTime(at(2027, 11, 7, 1, 30), ny),
    );
  });

  it.each([
    // zone, wall time in the repeated hour, both instants reading it
    ['America/New_York', at(2027, 11, 7, 1, 30), ['2027-11-07T05:30:00.000Z', '2027-11-07T06:30:00.000Z']],
    ['Europe/Berlin', at(2027, 10, 31, 2, 30), ['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']],
    ['Australia/Lord_Howe', at(2027, 4, 4, 1, 45), ['2027-04-03T14:45:00.000Z', '2027-04-03T15:15:00.000Z']], // 30 min
  ])('a fall-back overlap in %s: two instants read it; it resolves to the first', (zone, wall, both) => {
    expect(isos(instantsOfWallTime(wall, zone))).toEqual(both);
    expect(new Date(instantOfWallTime(wall, zone)).toISOString()).toBe(both[0]);
  });

  it('keeps seconds', () => {
    expect(isos(instantsOfWallTime({ ...at(2027, 6, 1, 9), second: 30 }, 'UTC'))).toEqual([
      '2027-06-01T09:00:30.000Z',
    ]);
  });

  it('refuses a date that does not exist and a zone that is not IANA, as ValidationErrors', () => {
    expect(() => instantsOfWallTime(at(2027, 2, 29, 9), 'UTC')).toThrow(ValidationError);
    expect(() => instantOfWallTime(at(2027, 6, 1, 25), 'UTC')).toThrow(ValidationError);
    expect(() => instantsOfWallTime(at(2027, 6, 1, 9), 'Mars/Olympus_Mons')).toThrow(ValidationError);
  });
});
