import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransitionRefused, ValidationError } from '#domain/errors.ts';
import { scheduleName, transition } from '#domain/lifecycle.ts';
import { parsePolicy, personalWindowOf } from '#domain/policy.ts';
import { addBusinessDays, isInWindow, nextInWindow } from '#domain/timing.ts';
import {
  type CampaignPolicy,
  type Contact,
  type ContactEvent,
  isSuppressionStage,
  type ReplyIntent,
  type Weekday,
} from '#domain/types.ts';
import { baseContact, questions, TEST_ZONES } from './fixtures.ts';

const ZONES = TEST_ZONES;
const MINUTE = 60_000;
const INTENTS: ReplyIntent[] = ['accepted', 'declined', 'referral', 'out_of_office', 'unsubscribe', 'other'];
/** Steps that are emails to the contact: they must go out inside the send window. */
const EMAIL_STEP = /^(outreach|follow-up-\d+|confirmation|thank-you|keep-in-touch-\d+)$/;

const policyArb: fc.Arbitrary<CampaignPolicy> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    start: fc.integer({ min: 0, max: 20 * 60 }),
    length: fc.integer({ min: 30, max: 12 * 60 }),
    followUpBusinessDays: fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 5 }),
    lead: fc.integer({ min: 0, max: 48 }),
    delay: fc.integer({ min: 0, max: 24 }),
    max: fc.integer({ min: 0, max: 3 }),
  })
  .map((p) => {
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return parsePolicy({
      sendWindow: {
        days: p.days as Weekday[],
        start: hhmm(p.start),
        end: hhmm(Math.min(p.start + p.length, 1439)),
      },
      followUpBusinessDays: p.followUpBusinessDays,
      confirmationLeadHours: p.lead,
      confirmationMinNoticeHours: Math.min(2, p.lead),
      thankYouDelayHours: p.delay,
      keepInTouch: { max: p.max, firstAfterWeeks: 2, everyMonths: 1 },
    });
  });

const stepArb = fc.record({
  pick: fc.nat(),
  minutes: fc.integer({ min: 0, max: 4 * 24 * 60 }),
  intent: fc.constantFrom(...INTENTS),
  returnInDays: fc.integer({ min: -3, max: 30 }),
  meetingInMinutes: fc.integer({ min: 30, max: 10 * 24 * 60 }),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

type WalkStep = {
  pick: number;
  minutes: number;
  intent: ReplyIntent;
  returnInDays: number;
  meetingInMinutes: number;
};

/** Events that make sense for `c` at `now`: dispatches of what is planned (at its time), and outside events. */
function candidates(c: Contact, now: Date, s: WalkStep, policy: CampaignPolicy): [ContactEvent, Date][] {
  const later = new Date(now.getTime() + s.minutes * MINUTE);
  const at = (iso: string) => new Date(Math.max(now.getTime(), new Date(iso).getTime()));
  const list: [ContactEvent, Date][] = [];
  for (const planned of c.schedules) {
    const when = at(planned.at);
    if (planned.step === 'no-response') list.push([{ type: 'no_response_due' }, when]);
    else if (planned.step.startsWith('keep-in-touch-') && c.pendingUpdate === undefined) {
      list.push([{ type: 'update_missing', step: planned.step as `keep-in-touch-${number}` }, when]);
    } else list.push([{ type: 'email_sent', step: planned.step, messageId: `${planned.step}@ses` }, when]);
  }
  // Dispatches are what mostly happens: weigh them so walks reach the later stages.
  list.push(...list, ...list);
  const returnDate = new Date(later.getTime() + s.returnInDays * 86_400_000).toISOString().slice(0, 10);
  const meetingStart = new Date(later.getTime() + s.meetingInMinutes * MINUTE).toISOString();
  list.push(
    [{ type: 'launch', outreachAt: nextInWindow(later, c.timeZone, policy.sendWindow) }, later],
    [
      { type: 'reply_received', intent: s.intent, ...(s.intent === 'out_of_office' ? { returnDate } : {}) },
      later,
    ],
    [
      {
        type: 'meeting_booked',
        meetingId: 'm',
        meeting: {
          start: meetingStart,
          durationMinutes: 20,
          timeZone: c.timeZone,
          mode: 'remote',
          videoLink: 'https://v.example/x',
          questions,
        },
      },
      later,
    ],
    [{ type: 'meeting_rescheduled', start: meetingStart }, later],
    [{ type: 'meeting_cancelled' }, later],
    [{ type: 'meeting_held' }, c.meeting ? at(c.meeting.start) : later],
    [{ type: 'personal_line_added', text: 'Thank you for the advice on portfolios.' }, later],
    [{ type: 'update_written', text: 'I started the course you recommended.' }, later],
    [{ type: 'resume' }, later],
  );
  if (s.pick % 8 === 0) list.push([{ type: 'pause' }, later]);
  if (s.pick % 25 === 0) list.push([{ type: 'bounced' }, later]);
  return list;
}

describe('lifecycle properties: random walks through the workflow (1000 runs)', () => {
  it('keeps plan, versions and send windows consistent, and never mutates its input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        policyArb,
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2028-06-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.array(stepArb, { minLength: 5, maxLength: 40 }),
        (zone, policy, start, steps) => {
          let contact = deepFreeze(baseContact({ timeZone: zone, planVersion: 0 }));
          let now = start;
          for (const s of steps) {
            const options = candidates(contact, now, s, policy);
            const [event, at] = options[s.pick % options.length] as [ContactEvent, Date];
            let r: ReturnType<typeof transition>;
            try {
              r = transition(contact, event, at, policy);
            } catch (e) {
              if (e instanceof TransitionRefused || e instanceof ValidationError) continue;
              throw e;
            }
            const before = contact;
            const after = r.contact;
            now = at;
            expect(after.version).toBe(before.version + 1);
            expect(r.timeline).toMatchObject({ from: before.stage, to: after.stage, event: event.type });
            expect(
              after.planVersion === before.planVersion || after.planVersion === before.planVersion + 1,
            ).toBe(true);
            // Every unschedule names a schedule that existed; every new schedule is announced.
            for (const e of r.effects) {
              if (e.type === 'unschedule') {
                expect(before.schedules).toContainEqual(
                  expect.objectContaining({ step: e.step, planVersion: e.planVersion }),
                );
                expect(after.schedules).not.toContainEqual(
                  expect.objectContaining({ step: e.step, planVersion: e.planVersion }),
                );
              }
              if (e.type === 'schedule') {
                expect(e.planVersion).toBe(after.planVersion);
                expect(after.schedules).toContainEqual({
                  step: e.step,
                  at: e.at,
                  planVersion: e.planVersion,
                });
                expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(
                  Math.floor(at.getTime() / MINUTE) * MINUTE,
                );
                expect(scheduleName(after.id, e.step, e.planVersion)).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
              }
            }
            for (const planned of after.schedules) {
              const old = before.schedules.some(
                (o) =>
                  o.step === planned.step && o.planVersion === planned.planVersion && o.at === planned.at,
              );
              const announced = r.effects.some(
                (e) => (e.type === 'schedule' || e.type === 'send_now') && e.step === planned.step,
              );
              expect(old || announced).toBe(true);
              if (EMAIL_STEP.test(planned.step) && !planned.immediate) {
                // The thank-you has its own window (the personal emails after a meeting).
                const window = planned.step === 'thank-you' ? personalWindowOf(policy) : policy.sendWindow;
                expect(isInWindow(planned.at, zone, window)).toBe(true);
              }
            }
            expect(new Set(after.schedules.map((p) => p.step)).size).toBe(after.schedules.length);
            // Follow-ups keep their business-day gap after the previous email of the sequence.
            const fu = after.schedules.find((p) => p.step.startsWith('follow-up-'));
            const prev = after.sent
              .filter((x) => x.step === 'outreach' || x.step.startsWith('follow-up-'))
              .at(-1);
            if (fu && prev) {
              const gap = policy.followUpBusinessDays[
                Number(fu.step.slice('follow-up-'.length)) - 1
              ] as number;
              expect(fu.at >= addBusinessDays(prev.at, gap, zone)).toBe(true);
            }
            if (isSuppressionStage(after.stage) || after.stage === 'paused')
              expect(after.schedules).toEqual([]);
            if (isSuppressionStage(after.stage) && !isSuppressionStage(before.stage)) {
              expect(r.effects).toContainEqual({
                type: 'suppress',
                email: before.email,
                reason: after.stage,
              });
            }
            if (after.meeting && before.meeting && after.meeting.id === before.meeting.id) {
              expect(after.meeting.sequence).toBeGreaterThanOrEqual(before.meeting.sequence);
            }
            contact = deepFreeze(after);
          }
        },
      ),
      { numRuns: 1000 },
    );
  }, 120_000);
});
