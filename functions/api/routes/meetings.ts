/**
 * Meetings: book, reschedule, cancel, mark held. The body is checked for types and sizes here, then
 * by the domain (`parseMeetingRequest`, `parseMeetingMove`: times, duration, zone, place or link,
 * the question set by the campaign's question rules), every problem named by its field.
 */
import * as z from 'zod/mini';
import { must, type OperationDeps, type Route, route } from '../route.ts';
import { actionOutcome, actionRoute } from './contact-actions.ts';

const text = (max: number) => z.string().check(z.maxLength(max, `must be at most ${max} characters`));
const minutes = z.number({ error: 'must be a number of minutes' });

const bookMeetingInput = z.strictObject({
  /** ISO-8601 with an offset, e.g. 2027-03-04T14:00:00-05:00. */
  start: text(64),
  end: z.optional(text(64)),
  /** Defaults to `end − start`, else the campaign's meeting length. */
  durationMinutes: z.optional(minutes),
  /** IANA zone; defaults to the contact's. */
  timeZone: z.optional(text(64)),
  mode: z.enum(['in_person', 'remote'], { error: 'must be in_person or remote' }),
  /** Required in person. */
  location: z.optional(text(300)),
  /** Required remote: an http(s) meeting link or a tel: number. */
  videoLink: z.optional(text(2000)),
  /**
   * The question set, following the campaign's framework (seed: 2 about the interviewee, 1 about the
   * field, 2 asking for advice; TIARA: one `tiara` part each); defaults to the campaign's.
   */
  questions: z.optional(
    z
      .array(z.strictObject({ domain: z.optional(text(40)), text: text(1000), tiara: z.optional(text(40)) }))
      .check(z.maxLength(20, 'must have at most 20 questions')),
  ),
});

const rescheduleMeetingInput = z.strictObject({
  start: text(64),
  durationMinutes: z.optional(minutes),
  timeZone: z.optional(text(64)),
});

const cancelMeetingInput = z.optional(z.strictObject({ reason: z.optional(text(500)) }));

export function meetingRoutes({ workflow }: OperationDeps): Route[] {
  return [
    route({
      name: 'bookMeeting',
      method: 'POST',
      pattern: '/contacts/{contactId}/meeting',
      body: bookMeetingInput,
      async run({ body, scope }) {
        // Fields are named as in the body (`start`, `questions[2].text`), not under a prefix.
        return actionOutcome(await workflow.bookMeeting(must(scope.contact).id, body, ''));
      },
    }),
    route({
      name: 'rescheduleMeeting',
      method: 'PATCH',
      pattern: '/contacts/{contactId}/meeting',
      body: rescheduleMeetingInput,
      async run({ body, scope }) {
        return actionOutcome(await workflow.rescheduleMeeting(must(scope.contact).id, body));
      },
    }),
    route({
      name: 'cancelMeeting',
      method: 'POST',
      pattern: '/contacts/{contactId}/meeting/cancel',
      body: cancelMeetingInput,
      async run({ body, scope }) {
        return actionOutcome(await workflow.cancelMeeting(must(scope.contact).id, body?.reason));
      },
    }),
    actionRoute('markMeetingHeld', 'meeting/held', (id) => workflow.markMeetingHeld(id)),
  ];
}
