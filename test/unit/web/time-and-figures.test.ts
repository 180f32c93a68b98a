/** The dashboard's pure helpers: local date + time in a zone as ISO with the offset; a campaign's figures. */
import { describe, expect, it } from 'vitest';
import { campaignFigures, percent } from '../../../web/src/stats.ts';
import { formatIn, isoToLocal, localToIso, offsetMinutes, partsIn } from '../../../web/src/time.ts';

describe('times in a zone', () => {
  it('turns a local date and time into ISO with the zone offset, either side of a DST change', () => {
    expect(localToIso('2027-03-04', '14:00', 'America/New_York')).toBe('2027-03-04T14:00:00-05:00');
    // New York moves to summer time on Sunday 14 March 2027.
    expect(localToIso('2027-03-15', '09:30', 'America/New_York')).toBe('2027-03-15T09:30:00-04:00');
    expect(localToIso('2027-07-01', '08:00', 'Asia/Kolkata')).toBe('2027-07-01T08:00:00+05:30');
    expect(localToIso('2027-01-10', '23:15', 'UTC')).toBe('2027-01-10T23:15:00+00:00');
    expect(localToIso('', '14:00', 'UTC')).toBeUndefined();
    expect(localToIso('2027-03-04', '2pm', 'UTC')).toBeUndefined();
  });

  it('round-trips a proposed time and reads an instant in any zone', () => {
    expect(isoToLocal('2027-03-04T14:00:00-05:00')).toEqual({ date: '2027-03-04', time: '14:00' });
    const instant = Date.parse('2027-03-04T19:00:00Z');
    expect(partsIn(instant, 'Europe/London')).toMatchObject({ date: '2027-03-04', time: '19:00' });
    expect(partsIn(instant, 'Asia/Tokyo')).toMatchObject({ date: '2027-03-05', time: '04:00' });
    expect(offsetMinutes(instant, 'America/New_York')).toBe(-300);
    expect(formatIn('2027-03-04T19:00:00Z', 'America/New_York')).toBe('Thu 4 Mar, 14:00');
  });
});

describe('a campaign’s figures from its counters', () => {
  it('rates over the contacts something went out to', () => {
    const f = campaignFigures({
      total: 20,
      byStage: {
        queued: 4,
        prospect: 1,
        contacted: 5,
        replied: 2,
        met: 1,
        thanked: 1,
        bounced: 1,
        complained: 1,
        declined: 1,
        no_response: 3,
      },
    });
    // 20 − 4 queued − 1 prospect = 15 contacted; replied: 2 + 1 + 1 + 1 declined = 5.
    expect(f).toEqual({
      contacted: 15,
      replied: 5,
      meetingsHeld: 2,
      replyRate: 5 / 15,
      bounceRate: 1 / 15,
      complaintRate: 1 / 15,
    });
    expect(percent(f.replyRate)).toBe('33%');
    expect(percent(f.bounceRate)).toBe('6.7%');
  });

  it('has no rates before anything went out', () => {
    expect(campaignFigures({ total: 8, byStage: { queued: 8 } })).toMatchObject({
      contacted: 0,
      replyRate: undefined,
    });
    expect(percent(undefined)).toBe('—');
  });
});
