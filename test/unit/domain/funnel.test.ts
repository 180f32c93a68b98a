import { describe, expect, it } from 'vitest';
import { funnelCounts } from '#domain/funnel.ts';
import { addCounters, funnelCsv, funnelReport } from '#domain/funnel-report.ts';
import { reviewTransition } from '#domain/lifecycle/review.ts';
import { transition } from '#domain/lifecycle.ts';
import type { Contact, ContactEvent } from '#domain/types.ts';
import { contactIn, daysFrom, hoursFrom, MEETING_START, meetingRequest, NOW, policy } from './fixtures.ts';

/** Runs the events in order; answers every contact and what each transition added to the counters. */
function walk(start: Contact, steps: [ContactEvent, Date][]) {
  let contact = start;
  const counted: Record<string, number>[] = [];
  for (const [event, at] of steps) {
    const next = reviewTransition(contact, event, at, policy).contact;
    counted.push(funnelCounts(contact, next));
    contact = next;
  }
  return { contact, counted };
}

const outreachSent: [ContactEvent, Date] = [
  { type: 'email_sent', step: 'outreach', messageId: 'o@ses' },
  NOW,
];

describe('the funnel marks', () => {
  it('count each milestone once, the first time, with the days from the outreach in their bucket', () => {
    const meetingEnd = new Date(Date.parse(MEETING_START) + 60 * 60_000);
    const { contact, counted } = walk(contactIn('queued'), [
      outreachSent,
      [{ type: 'reply_received', intent: 'other' }, daysFrom(NOW, 1.5)],
      [{ type: 'reply_received', intent: 'accepted' }, daysFrom(NOW, 1.6)],
      [{ type: 'meeting_booked', meeting: meetingRequest(), meetingId: 'm1' }, daysFrom(NOW, 1.7)],
      [{ type: 'meeting_held' }, meetingEnd],
    ]);
    expect(counted).toEqual([
      { 'funnel.contacted': 1 },
      { 'funnel.replied': 1, 'funnel.replyDays.1': 1 },
      { 'funnel.accepted': 1 },
      {},
      { 'funnel.met': 1, 'funnel.meetingDays.2': 1 },
    ]);
    expect(contact.funnel).toEqual({
      contacted: NOW.toISOString(),
      replied: daysFrom(NOW, 1.5).toISOString(),
      accepted: daysFrom(NOW, 1.6).toISOString(),
      met: MEETING_START,
    });
    const thankYou = contact.schedules.find((s) => s.step === 'thank-you');
    const thanked = transition(
      contact,
      { type: 'email_sent', step: 'thank-you', messageId: 't@ses' },
      new Date(thankYou?.at as string),
      policy,
    ).contact;
    expect(funnelCounts(contact, thanked)).toEqual({ 'funnel.thanked': 1 });
  });

  it('a meeting booked without a recorded reply counts as replied and accepted at the booking', () => {
    const { counted } = walk(contactIn('queued'), [
      outreachSent,
      [{ type: 'meeting_booked', meeting: meetingRequest(), meetingId: 'm1' }, daysFrom(NOW, 1)],
    ]);
    expect(counted[1]).toEqual({ 'funnel.replied': 1, 'funnel.replyDays.1': 1, 'funnel.accepted': 1 });
  });

  it('an out-of-office and a reply held for review are not replies (until resolved)', () => {
    const { contact, counted } = walk(contactIn('queued'), [
      outreachSent,
      [{ type: 'reply_received', intent: 'out_of_office' }, hoursFrom(NOW, 2)],
      [
        { type: 'reply_received', intent: 'accepted', review: { action: 'hold', replyKey: 'k1' } },
        hoursFrom(NOW, 3),
      ],
    ]);
    expect(counted.slice(1)).toEqual([{}, {}]);
    expect(contact.funnel).toEqual({ contacted: NOW.toISOString() });
    // Resolved by a person: now it is a reply, and an acceptance.
    const resolved = walk(contact, [
      [
        { type: 'reply_received', intent: 'accepted', review: { action: 'resolve', replyKey: 'k1' } },
        daysFrom(NOW, 8),
      ],
    ]);
    expect(resolved.counted[0]).toEqual({
      'funnel.replied': 1,
      'funnel.replyDays.7': 1,
      'funnel.accepted': 1,
    });
  });

  it('a decline and an unsubscribe request are replies, not acceptances; a second reply adds nothing', () => {
    const declined = walk(contactIn('queued'), [
      outreachSent,
      [{ type: 'reply_received', intent: 'declined' }, daysFrom(NOW, 40)],
      [{ type: 'reply_received', intent: 'declined' }, daysFrom(NOW, 41)],
    ]);
    expect(declined.counted.slice(1)).toEqual([{ 'funnel.replied': 1, 'funnel.replyDays.30': 1 }, {}]);
    const unsubscribed = walk(contactIn('queued'), [
      outreachSent,
      [{ type: 'reply_received', intent: 'unsubscribe' }, daysFrom(NOW, 100)],
    ]);
    expect(unsubscribed.counted[1]).toEqual({ 'funnel.replied': 1, 'funnel.replyDays.90': 1 });
  });

  it('a contact from before the funnel is counted when it next moves, without days (unknown)', () => {
    const legacy = contactIn('replied');
    const booked = transition(
      legacy,
      { type: 'meeting_booked', meeting: meetingRequest(), meetingId: 'm1' },
      NOW,
      policy,
    ).contact;
    expect(funnelCounts(legacy, booked)).toEqual({
      'funnel.contacted': 1,
      'funnel.replied': 1,
      'funnel.accepted': 1,
    });
  });
});

describe('the funnel report', () => {
  it('reads rates and medians from the counters (the bucket of the middle contact)', () => {
    const report = funnelReport({
      'funnel.contacted': 10,
      'funnel.replied': 4,
      'funnel.accepted': 3,
      'funnel.met': 2,
      'funnel.thanked': 1,
      'funnel.replyDays.0': 1,
      'funnel.replyDays.2': 1,
      'funnel.replyDays.7': 2,
      'funnel.meetingDays.14': 1,
      'funnel.meetingDays.90': 1,
      funnelCountedSince: '2026-03-02T12:00:00.000Z',
    });
    expect(report.counts).toEqual({ contacted: 10, replied: 4, accepted: 3, met: 2, thanked: 1 });
    expect(report.replyRate).toBe(0.4);
    expect(report.acceptanceRate).toBe(0.75);
    // 4 replies: the 2nd (lower median) is in the bucket of 2 days.
    expect(report.medianDaysToReply).toEqual({ from: 2, to: 2 });
    expect(report.medianDaysToMeeting).toEqual({ from: 14, to: 20 });
    expect(report.note).toMatch(/^counted since 2026-03-02T12:00:00.000Z;.*buckets/);
    expect(report.histograms.replyDays.at(-1)).toEqual({ from: 90, to: null, contacts: 0 });
  });

  it('nothing counted: zeros, no rates, no medians', () => {
    const report = funnelReport({});
    expect(report.counts.contacted).toBe(0);
    expect([report.replyRate, report.medianDaysToReply, report.countedSince]).toEqual([null, null, null]);
    expect(report.note).toMatch(/^nothing counted yet/);
  });

  it("a client's counters add up its campaigns', counted since the earliest", () => {
    const sum = addCounters([
      { 'funnel.contacted': 2, funnelCountedSince: '2026-05-01T00:00:00.000Z', PK: 'x', queued: 4 },
      { 'funnel.contacted': 3, 'funnel.replyDays.1': 1, funnelCountedSince: '2026-04-01T00:00:00.000Z' },
    ]);
    expect(sum).toEqual({
      'funnel.contacted': 5,
      'funnel.replyDays.1': 1,
      funnelCountedSince: '2026-04-01T00:00:00.000Z',
    });
  });

  it('CSV: a header, one line per row, formulas defused and commas quoted', () => {
    const report = funnelReport({ 'funnel.contacted': 4, 'funnel.replied': 1, 'funnel.replyDays.10': 1 });
    const csv = funnelCsv([{ scope: 'campaign', id: 'c1', name: '=HYPERLINK("x"), spring', report }]);
    expect(csv.split('\r\n')).toEqual([
      'scope,id,name,contacted,replied,accepted,met,thanked,reply_rate,acceptance_rate,median_days_to_reply,median_days_to_meeting,counted_since',
      `campaign,c1,"'=HYPERLINK(""x""), spring",4,1,0,0,0,0.25,0,10-13,,`,
      '',
    ]);
  });
});
