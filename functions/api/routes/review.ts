/**
 * The reply review queue (`#usecases/review-replies.ts`): list, read, confirm, correct, attach an
 * unmatched message to its contact, and export the corrections as labelled examples.
 *
 * Access: a reply of a contact resolves its client through `scope.ts` (`{replyId}` names the
 * contact), so the client check covers it. The list is a coach's own clients' replies for a coach
 * (every client's for an admin); the messages that matched no contact (`unmatched`, `attached`), the
 * export and attaching are not tied to one client: admin-level (`access: 'consultancy'`).
 */
import * as z from 'zod/mini';
import { REVIEW_LIST_STATES, type ReviewItem, type ReviewListState } from '#domain/ports/review-store.ts';
import { REPLY_INTENTS } from '#domain/types.ts';
import type { ReviewOutcome, ReviewReplies } from '#usecases/review-replies.ts';
import { noBody } from '../body.ts';
import { listFilterOf } from '../caller.ts';
import { ApiError } from '../errors.ts';
import { type PageBounds, pageOf, pageParameters } from '../query.ts';
import type { OperationDeps, Outcome, Route } from '../route.ts';
import { route } from '../route.ts';

const REVIEW_PAGE: PageBounds = { defaultLimit: 50, maxLimit: 100 };
/** An export page reads each message from the bucket: smaller pages. */
const EXPORT_PAGE: PageBounds = { defaultLimit: 20, maxLimit: 50 };
/** The lists of messages that matched no contact: the consultancy's inbox, admins only. */
const UNMATCHED_LISTS: readonly ReviewListState[] = ['unmatched', 'attached'];
/** A message larger than this is left out of an export (a dev example is a reply, not an archive). */
const MAX_EXPORT_MESSAGE_BYTES = 1024 * 1024;

const correction = z.strictObject({
  intent: z.enum(REPLY_INTENTS),
  returnDate: z.optional(z.iso.date({ error: 'must be a date, YYYY-MM-DD' })),
  proposedTimes: z.optional(
    z
      .array(z.iso.datetime({ offset: true, error: 'must be ISO 8601 instants' }))
      .check(z.maxLength(10, 'must have at most 10 times')),
  ),
  referrals: z.optional(
    z
      .array(
        z.strictObject({
          email: z.email({ error: 'must be an email address' }).check(z.maxLength(254)),
          name: z.optional(z.string().check(z.maxLength(200))),
        }),
      )
      .check(z.maxLength(10, 'must have at most 10 people')),
  ),
  confirmNotAsked: z.optional(z.boolean()),
});

const attachment = z.strictObject({
  contactId: z.string({ error: 'must be a contact id' }).check(z.minLength(1), z.maxLength(64)),
});

function answer(outcome: ReviewOutcome): Outcome {
  if ('refused' in outcome) throw new ApiError(409, 'conflict', outcome.refused);
  return { status: 200, body: outcome };
}

/** The queue's use case (built by `apiUseCase`; read only when a route runs: the OpenAPI build passes none). */
function queue(deps: OperationDeps): ReviewReplies {
  if (!deps.reviewReplies) throw new Error('the review queue is not wired in this function');
  return deps.reviewReplies;
}

/** A corrected reply as a dev-set example (`test/fixtures/replies/dev/README.md`): the raw message and its label. */
async function example(deps: OperationDeps, item: ReviewItem) {
  const contact = item.contactId ? await deps.store.getContact(item.contactId) : undefined;
  const resolution = item.resolution;
  if (!contact || !resolution) return undefined; // erased since, or not decided
  let raw: Buffer;
  try {
    raw = await deps.blobs.get(item.objectKey);
  } catch {
    return undefined; // quarantined or erased
  }
  if (raw.byteLength > MAX_EXPORT_MESSAGE_BYTES) return undefined;
  return {
    file: `review-${item.replyKey}.eml`,
    raw: raw.toString('base64'),
    label: {
      file: `review-${item.replyKey}.eml`,
      intent: resolution.intent,
      autoReply: resolution.intent === 'out_of_office',
      returnDate: resolution.returnDate ?? null,
      proposedTimes: resolution.proposedTimes ?? [],
      referrals: (resolution.referrals ?? []).map((r) => ({ name: r.name ?? null, email: r.email })),
      contactTimeZone: contact.timeZone,
      receivedAt: item.receivedAt,
      hasMeeting: contact.meeting !== undefined,
      ...(contact.meeting ? { meetingStart: contact.meeting.start } : {}),
      tags: ['review-correction', `read-as-${item.reading?.intent ?? 'unknown'}`],
    },
  };
}

export function reviewRoutes(deps: OperationDeps): Route[] {
  return [
    route({
      name: 'listReplies',
      summary:
        "The reply review queue: replies waiting (open), unmatched messages, or decided ones (a coach: their own clients' replies only)",
      method: 'GET',
      pattern: '/replies',
      body: noBody,
      query: [
        {
          name: 'state',
          description: 'which list (default open)',
          schema: { type: 'string', enum: [...REVIEW_LIST_STATES] },
        },
        ...pageParameters(REVIEW_PAGE),
      ],
      async run({ query, caller }) {
        const state = (query.state ?? 'open') as ReviewListState;
        if (!REVIEW_LIST_STATES.includes(state)) {
          throw new ApiError(
            422,
            'invalid_input',
            `state must be one of ${REVIEW_LIST_STATES.join(', ')}`,
            'state',
          );
        }
        const filter = listFilterOf(caller);
        if (filter.coach !== undefined && UNMATCHED_LISTS.includes(state)) {
          throw new ApiError(
            403,
            'forbidden',
            'only an admin may see messages that matched no contact',
            'state',
          );
        }
        return { status: 200, body: await queue(deps).list(state, pageOf(query, REVIEW_PAGE), filter) };
      },
    }),
    route({
      name: 'exportCorrections',
      summary: 'Corrected replies as labelled examples (the dev-set format): raw message (base64) and label',
      access: 'consultancy',
      method: 'GET',
      pattern: '/replies/export',
      body: noBody,
      query: pageParameters(EXPORT_PAGE),
      async run({ query }) {
        const page = await queue(deps).list('corrected', pageOf(query, EXPORT_PAGE));
        const items = [];
        for (const item of page.items) {
          const found = await example(deps, item);
          if (found) items.push(found);
        }
        return { status: 200, body: { items, ...(page.cursor ? { cursor: page.cursor } : {}) } };
      },
    }),
    route({
      name: 'getReply',
      summary: 'A reply in the review queue',
      method: 'GET',
      pattern: '/replies/{replyId}',
      body: noBody,
      async run({ params }) {
        return { status: 200, body: await queue(deps).get(params.replyId as string) };
      },
    }),
    route({
      name: 'confirmReply',
      summary: "Confirm a reply's reading: applied as read (held reminders released or stopped)",
      method: 'POST',
      pattern: '/replies/{replyId}/confirm',
      body: noBody,
      async run({ params }) {
        return answer(await queue(deps).confirm(params.replyId as string));
      },
    }),
    route({
      name: 'correctReply',
      summary:
        "Correct a reply's reading: applied once, as if read so the first time; recorded on the timeline",
      method: 'POST',
      pattern: '/replies/{replyId}/correct',
      body: correction,
      async run({ params, body }) {
        return answer(await queue(deps).correct(params.replyId as string, body));
      },
    }),
    route({
      name: 'attachReply',
      summary: 'Attach an unmatched message to a contact: processed as if it had matched',
      access: 'consultancy',
      method: 'POST',
      pattern: '/replies/{replyId}/attach',
      body: attachment,
      async run({ params, body }) {
        return answer(await queue(deps).attach(params.replyId as string, body.contactId));
      },
    }),
  ];
}
