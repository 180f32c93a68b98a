/** What people read: the job report, the board, a contact's timeline; durations as typed. */
import { describe, expect, it } from 'vitest';
import { renderBoard, renderStats } from '../../../cli/commands/campaigns.ts';
import { renderContact } from '../../../cli/commands/contacts.ts';
import { jobReport } from '../../../cli/commands/jobs.ts';
import { questionArg } from '../../../cli/commands/meetings.ts';
import { errorLine } from '../../../cli/errors.ts';
import { answer } from '../../../cli/format.ts';
import { durationHours } from '../../../cli/input.ts';

describe('CLI formatting', () => {
  it('an import report: the counts, the invalid rows, and how many more were not kept', () => {
    const text = jobReport({
      id: 'j-1',
      kind: 'import',
      campaignId: 'k-1',
      state: 'succeeded',
      result: {
        imported: 8,
        duplicates: 0,
        suppressed: 0,
        invalid: [
          { row: 10, field: 'email', message: 'is not an email address' },
          { row: 11, field: 'time_zone', message: 'is not an IANA zone' },
        ],
        invalidCount: 5,
      },
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('import job j-1: succeeded');
    expect(text).toMatch(/│ imported\s+│ 8\s+│/);
    expect(text).not.toMatch(/│ invalid /);
    expect(text).toMatch(/│ 10\s+│ email\s+│ is not an email address\s+│/);
    expect(text).toMatch(/│ 11\s+│ time_zone\s+│ is not an IANA zone\s+│/);
    expect(lines.at(-1)).toBe('… and 3 more invalid rows');
  });

  it('a launch report in words: how many, when the outreach goes, the check and its override', () => {
    const text = jobReport({
      id: 'j-2',
      kind: 'launch',
      campaignId: 'k-1',
      state: 'succeeded',
      result: {
        launched: 8,
        first: '2026-12-02T06:02:00.000Z',
        last: '2026-12-02T22:00:00.000Z',
        check: { errors: 1, warnings: 8, overridden: 'Agreed on our call' },
      },
    });
    expect(text.split('\n')[0]).toBe('launch job j-2: succeeded');
    expect(text).toMatch(/│ launched\s+│ 8 contacts\s+│/);
    expect(text).toMatch(/│ first outreach\s+│ 2026-12-02T06:02:00.000Z\s+│/);
    expect(text).toMatch(/│ last outreach\s+│ 2026-12-02T22:00:00.000Z\s+│/);
    expect(text).toMatch(/│ outreach check\s+│ 1 error \(overridden: "Agreed on our call"\), 8 warnings\s+│/);
    expect(text).not.toContain('{');
    const paused = jobReport({
      id: 'j-3',
      kind: 'launch',
      campaignId: 'k-1',
      state: 'succeeded',
      result: {
        launched: 1,
        first: '2026-12-02T06:02:00.000Z',
        last: '2026-12-02T06:02:00.000Z',
        stoppedByPause: true,
      },
    });
    expect(paused).toMatch(/│ launched\s+│ 1 contact\s+│/);
    expect(paused).not.toContain('last outreach');
    expect(paused).toMatch(/│ stopped\s+│ by a pause of the campaign: resume it to launch the rest\s+│/);
  });

  it('a running job shows its progress; a failed one its reason', () => {
    expect(
      jobReport({
        id: 'j',
        kind: 'launch',
        campaignId: 'k',
        state: 'running',
        progress: { done: 3, total: 8 },
      }),
    ).toBe('launch job j: running (3/8)');
    expect(jobReport({ id: 'j', kind: 'launch', campaignId: 'k', state: 'failed', error: 'boom' })).toBe(
      'launch job j: failed\nboom',
    );
  });

  it('the board: one table per column with its count and its next-page cursor', () => {
    const text = renderBoard({
      columns: [
        {
          stage: 'contacted',
          count: 30,
          items: [
            {
              id: 'p-1',
              name: 'Ana Ruiz',
              email: 'ana@x.example',
              stage: 'contacted',
              nextEmail: { step: 'follow_up_1', at: '2027-03-05T14:00:00Z' },
            },
          ],
          cursor: 'c2',
        },
      ],
    });
    expect(text).toMatch(/^contacted \(30\)\n/);
    expect(text).toMatch(/│ p-1\s+│ Ana Ruiz\s+│ ana@x\.example/);
    expect(text).toContain('follow_up_1 2027-03-05T14:00:00Z');
    expect(text).toMatch(/more: --stage contacted --cursor c2$/);
    // Keyed by stage works too; empty columns are named on one line, not drawn.
    expect(
      renderBoard({
        stages: {
          replied: { count: 1, items: [{ id: 'r-1', stage: 'replied' }] },
          declined: { count: 0, items: [] },
        },
      }),
    ).toMatch(/^replied \(1\)\n[\s\S]*r-1[\s\S]*\n\nno contacts in: declined$/);
    expect(renderBoard({ stages: { replied: { count: 0, items: [] } } })).toBe('(no contacts)');
  });

  it('the counters: the stages that have contacts, in order, then the total', () => {
    const text = renderStats({ total: 8, byStage: { prospect: 0, contacted: 7, replied: 0, thanked: 1 } });
    expect(text).toMatch(/contacted\s+│ 7[\s\S]*thanked\s+│ 1[\s\S]*total\s+│ 8/);
    expect(text).not.toContain('prospect');
  });

  it('an action on a contact: who, the stage, the meeting and the next emails in time order — not its JSON', () => {
    const text = answer({
      changed: true,
      contact: {
        id: 'c-1',
        firstName: 'Priya',
        lastName: 'Raman',
        stage: 'meeting_booked',
        meeting: { start: '2027-03-04T19:00:00.000Z', mode: 'remote', status: 'booked' },
        schedules: [
          { step: 'thank-you', at: '2027-03-05T14:00:00.000Z' },
          { step: 'confirmation', at: '2027-03-03T19:00:00.000Z' },
        ],
      },
      timeline: { event: 'meeting_booked' },
    });
    expect(text).toContain('Priya Raman (c-1)');
    expect(text).toContain('2027-03-04T19:00:00.000Z remote booked');
    expect(text.indexOf('confirmation')).toBeLessThan(text.indexOf('thank-you'));
    expect(text).not.toContain('{');
  });

  it('a contact: who, the timeline in order, the next emails, the proposed times', () => {
    const text = renderContact({
      contact: {
        id: 'p-1',
        firstName: 'Ana',
        lastName: 'Ruiz',
        email: 'ana@x.example',
        stage: 'replied',
        timeZone: 'America/New_York',
      },
      timeline: [
        { at: '2027-03-01T08:00:00Z', event: 'imported', from: 'prospect', to: 'prospect' },
        { at: '2027-03-02T14:00:00Z', event: 'send_outreach', from: 'prospect', to: 'contacted' },
      ],
      nextEmails: [],
      proposedTimes: ['2027-03-10T15:00:00-05:00'],
    });
    expect(text).toMatch(/│ name\s+│ Ana Ruiz/);
    expect(text.indexOf('imported')).toBeLessThan(text.indexOf('send_outreach'));
    expect(text).toMatch(/send_outreach\s+│ prospect → contacted/);
    expect(text).toContain('(none planned)');
    expect(text).toMatch(/proposed times \(from their reply\):\n {2}2027-03-10T15:00:00-05:00$/);
  });

  it('durations as people type them', () => {
    expect(durationHours('1d')).toBe(24);
    expect(durationHours('3h')).toBe(3);
    expect(durationHours('30m')).toBe(0.5);
    expect(durationHours('1d12h')).toBe(36);
    for (const bad of ['', '1', 'd', '2x', '1d x', '0h']) {
      expect(() => durationHours(bad), bad).toThrow(/duration/);
    }
  });

  it('a question as domain:text; an error of ours is one line without a stack', () => {
    expect(questionArg('field: What surprised you? ')).toEqual({
      domain: 'field',
      text: 'What surprised you?',
    });
    expect(() => questionArg('no domain here')).toThrow(/has no domain/);
    expect(errorLine(new Error('two\nlines'))).toBe(
      'rapport: two lines (this looks like a bug in rapport; run again with RAPPORT_DEBUG=1 for details)',
    );
  });
});
