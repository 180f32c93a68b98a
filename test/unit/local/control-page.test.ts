import { describe, expect, it } from 'vitest';
import { type Pipeline, parseAdvance, renderPipelineRows } from '#local/control-page.ts';

const pipeline = (schedules: { step: string; at: string }[]): Pipeline => ({
  now: '2027-03-01T08:00:00.000Z',
  stats: {},
  stages: [
    {
      stage: 'contacted',
      contacts: [
        {
          firstName: 'Priya',
          lastName: 'Raman',
          timeZone: 'America/New_York',
          sent: [{ step: 'outreach' }],
          schedules,
        },
      ],
    },
  ],
});

describe('control page: planned column', () => {
  it('lists the planned emails one per line (a real <br>, not an escaped one), soonest first', () => {
    const rows = renderPipelineRows(
      pipeline([
        { step: 'followUp2', at: '2027-03-15T14:00:00.000Z' },
        { step: 'followUp1', at: '2027-03-08T14:00:00.000Z' },
        { step: 'checkIn', at: '2027-03-08T09:30:00.000-05:00' },
      ]),
    );
    expect(rows).not.toContain('&lt;br&gt;');
    const planned = /<td>([^<]*(?:<br>[^<]*)*)<\/td><\/tr>$/.exec(rows)?.[1];
    expect(planned?.split('<br>')).toEqual([
      'followUp1 @ 2027-03-08T14:00:00.000Z',
      'checkIn @ 2027-03-08T09:30:00.000-05:00',
      'followUp2 @ 2027-03-15T14:00:00.000Z',
    ]);
  });

  it('escapes what comes from the data', () => {
    const rows = renderPipelineRows(pipeline([{ step: '<script>', at: '2027-03-08T14:00:00.000Z' }]));
    expect(rows).toContain('&lt;script&gt; @ 2027-03-08T14:00:00.000Z');
    expect(rows).not.toContain('<script>');
  });
});

describe('POST /local/clock/advance query', () => {
  it('takes hours, minutes or both', () => {
    expect(parseAdvance(new URLSearchParams('hours=24'))).toEqual({ ms: 86_400_000 });
    expect(parseAdvance(new URLSearchParams('hours=1.5'))).toEqual({ ms: 5_400_000 });
    expect(parseAdvance(new URLSearchParams('minutes=30'))).toEqual({ ms: 1_800_000 });
    expect(parseAdvance(new URLSearchParams('hours=1&minutes=30'))).toEqual({ ms: 5_400_000 });
  });

  it.each(['', 'hours=0', 'hours=-1', 'hours=abc', 'hours=9000', 'minutes=x'])(
    'refuses %j naming the field',
    (query) => {
      const result = parseAdvance(new URLSearchParams(query));
      expect(result).toMatchObject({ field: query.startsWith('minutes') ? 'minutes' : 'hours' });
    },
  );
});
