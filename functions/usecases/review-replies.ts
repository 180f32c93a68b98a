/**
 * The reply review queue: replies a person must look at (an unsure reading, a message inbound held,
 * a message that matched no contact), and what the person decides — confirm the reading, correct
 * it, or attach an unmatched message to its contact.
 *
 * A decision is applied once, as if the reply had been read so the first time (`lifecycle/review.ts`),
 * and recorded on the timeline. Exactly once under repeats and concurrency: the decision is first
 * claimed on the item (conditional write: `resolving` with the decision as `pending`), then applied
 * to the contact with a dedupe key naming the item's version (a second application fails in the
 * transaction and writes nothing), then the item is marked done. A caller that finds a decision
 * `resolving` finishes it first (the first caller may have died), so nothing is left half done.
 * The same decision again changes nothing; a different correction later applies the change from
 * the last decision. Undoing an unsubscribe needs `confirmNotAsked` and is recorded.
 */
import { NotFound, ValidationError, VersionConflict } from '#domain/errors.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { InboundStore } from '#domain/ports/inbound-store.ts';
import {
  parseReplyId,
  type ReviewItem,
  type ReviewListState,
  type ReviewResolution,
  type ReviewStore,
  replyIdOf,
} from '#domain/ports/review-store.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { PageRequest, Store } from '#domain/ports/store.ts';
import type { Referral } from '#domain/reply/read-reply.ts';
import type { ReplyIntent } from '#domain/types.ts';
import { addReferrals } from './add-referrals.ts';
import type { InboundOutcome, InboundReceipt } from './inbound.ts';
import type { Workflow } from './workflow.ts';

export interface ReviewDeps {
  reviews: ReviewStore;
  store: Store;
  scheduler: Scheduler;
  clock: Clock;
  workflow: Pick<Workflow, 'recordReply' | 'importContacts'>;
  inboundStore: Pick<InboundStore, 'countReferral'>;
  inboundDomain: string;
  /**
   * Processes a stored message as the inbound function does (the API function invokes it: the
   * reply reader is not in its bundle). Attaching addresses it to the contact's reply address.
   */
  processInbound: (receipt: InboundReceipt) => Promise<InboundOutcome>;
}

/** A decision a person asks for. */
export type ReviewRequest =
  | { by: 'confirm' }
  | {
      by: 'correct';
      intent: ReplyIntent;
      returnDate?: string;
      proposedTimes?: string[];
      referrals?: Referral[];
      confirmNotAsked?: boolean;
    };

/** What a decision answers: the item now, whether this call changed anything, or why it is refused (409). */
export type ReviewOutcome =
  | { changed: boolean; reply: ReviewItem; inbound?: InboundOutcome }
  | { refused: string };

/** Attempts at a decision under concurrent changes of the same item. */
const MAX_ATTEMPTS = 6;

/** The intent a reply is taken as so far: the last decision, or what inbound applied. */
function currentIntent(item: ReviewItem): ReplyIntent | undefined {
  if (item.resolution) return item.resolution.intent;
  return item.applied === 'held' || item.applied === 'none' ? undefined : item.applied;
}

function sameDecision(a: ReviewResolution, b: Omit<ReviewResolution, 'at' | 'previous'>): boolean {
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  return (
    a.intent === b.intent &&
    same(a.returnDate, b.returnDate) &&
    same(a.proposedTimes, b.proposedTimes) &&
    same(a.referrals, b.referrals)
  );
}

export function makeReviewReplies(deps: ReviewDeps) {
  async function get(replyId: string): Promise<ReviewItem> {
    const item = parseReplyId(replyId) ? await deps.reviews.get(replyId) : undefined;
    if (!item) throw new NotFound('reply', replyId.slice(0, 140));
    return item;
  }

  /** The decision as the item will record it (a confirm takes the reader's reading). */
  function decisionFor(item: ReviewItem, request: ReviewRequest): Omit<ReviewResolution, 'at' | 'previous'> {
    if (request.by === 'confirm') {
      const reading = item.reading;
      if (!reading) throw ValidationError.of('replyId', 'this message has no reading to confirm: correct it');
      return {
        by: 'confirm',
        intent: reading.intent,
        ...(reading.returnDate ? { returnDate: reading.returnDate } : {}),
        ...(reading.proposedTimes.length > 0 ? { proposedTimes: reading.proposedTimes } : {}),
        ...(reading.referrals.length > 0 ? { referrals: reading.referrals } : {}),
      };
    }
    const { by, intent, returnDate, proposedTimes, referrals, confirmNotAsked } = request;
    return {
      by,
      intent,
      ...(returnDate ? { returnDate } : {}),
      ...(proposedTimes?.length ? { proposedTimes } : {}),
      ...(referrals?.length ? { referrals } : {}),
      ...(confirmNotAsked ? { confirmNotAsked } : {}),
    };
  }

  /** Applies the item's pending decision to its contact (once: a repeat finds the dedupe record) and marks it done. */
  async function finish(item: ReviewItem): Promise<void> {
    const decision = item.pending;
    const contactId = item.contactId;
    if (!decision || !contactId) return;
    const contact = await deps.store.getContact(contactId);
    if (!contact) throw new NotFound('contact', contactId);
    const { intent, previous } = decision;
    const now = deps.clock.now().toISOString();
    const firstDecision = !item.resolution && (item.applied === 'held' || item.applied === 'none');
    if (intent !== previous || firstDecision) {
      // An unsubscribe suppresses first, like inbound and the one-click link.
      if (intent === 'unsubscribe') await deps.store.suppress(contact.email, 'unsubscribed', now);
      let applied = true;
      try {
        await deps.workflow.recordReply(contactId, {
          intent,
          ...(decision.returnDate ? { returnDate: decision.returnDate } : {}),
          ...(decision.proposedTimes ? { proposedTimes: decision.proposedTimes } : {}),
          replyKey: `review-${item.replyKey}-${item.version}`,
          review: {
            action: 'resolve',
            replyKey: item.replyKey,
            ...(previous ? { previous } : {}),
            ...(item.stageBefore ? { stageBefore: item.stageBefore } : {}),
          },
        });
      } catch (error) {
        if (!(error instanceof VersionConflict && error.entity === 'inbound')) throw error;
        applied = false; // a repeat: the first application stands
      }
      // An unsubscribe undone (the coach confirmed the contact did not ask): off the suppression list.
      if (previous === 'unsubscribe' && intent !== 'unsubscribe')
        await deps.reviews.liftUnsubscribe(contact.email);
      if (applied && decision.referrals?.length && !item.detail?.startsWith('sent from')) {
        const client = await deps.store.getClient(contact.clientId);
        await addReferrals(deps, contact, client, decision.referrals);
      }
    }
    const { pending: _done, ...rest } = item;
    await deps.reviews.replace(
      {
        ...rest,
        state: decision.by === 'confirm' ? 'confirmed' : 'corrected',
        resolution: decision,
        version: item.version + 1,
      },
      item.version,
    );
  }

  async function decide(replyId: string, request: ReviewRequest): Promise<ReviewOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const item = await get(replyId);
      if (item.state === 'unmatched' || item.state === 'attaching' || item.state === 'attached') {
        return { refused: `reply ${replyId} matched no contact: attach it to one first` };
      }
      if (item.state === 'resolving') {
        await finish(item);
        continue;
      }
      const wanted = decisionFor(item, request);
      const current = currentIntent(item);
      if (item.resolution && (request.by === 'confirm' || sameDecision(item.resolution, wanted))) {
        return { changed: false, reply: item };
      }
      if (current === 'unsubscribe' && wanted.intent !== 'unsubscribe' && !wanted.confirmNotAsked) {
        throw ValidationError.of(
          'confirmNotAsked',
          'this reply unsubscribed the contact: undoing it needs {"confirmNotAsked": true} (the coach confirms the contact did not ask)',
        );
      }
      const pending: ReviewResolution = {
        ...wanted,
        ...(current ? { previous: current } : {}),
        at: deps.clock.now().toISOString(),
      };
      const claimed: ReviewItem = { ...item, state: 'resolving', pending, version: item.version + 1 };
      if (!(await deps.reviews.replace(claimed, item.version))) continue;
      await finish(claimed);
      return { changed: true, reply: await get(replyId) };
    }
    throw new VersionConflict('reply', replyId);
  }

  /** Processes an unmatched message as if it had matched `contactId` (once: claimed on the item first). */
  async function attach(replyId: string, contactId: string): Promise<ReviewOutcome> {
    const contact = await deps.store.getContact(contactId);
    if (!contact) throw ValidationError.of('contactId', `no contact ${contactId.slice(0, 64)}`);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const item = await get(replyId);
      const target = item.attachedTo?.contactId;
      if (item.state === 'attached') {
        return target === contactId
          ? { changed: false, reply: item }
          : { refused: `reply ${replyId} is attached to contact ${target} already` };
      }
      if (item.state !== 'unmatched' && item.state !== 'attaching') {
        return { refused: `reply ${replyId} matched contact ${item.contactId}: nothing to attach` };
      }
      if (item.state === 'attaching' && target !== contactId) {
        return { refused: `reply ${replyId} is being attached to contact ${target}` };
      }
      let claimed = item;
      if (item.state === 'unmatched') {
        claimed = {
          ...item,
          state: 'attaching',
          attachedTo: { contactId, replyId: replyIdOf(contactId, item.replyKey) },
          version: item.version + 1,
        };
        if (!(await deps.reviews.replace(claimed, item.version))) continue;
      }
      // Addressed to the contact's reply address: the inbound function matches it by its token.
      const inbound = await deps.processInbound({
        sesMessageId: item.sesMessageId,
        objectKey: item.objectKey,
        recipients: [`reply+${contact.replyToken}@${deps.inboundDomain}`],
        spamVerdict: 'PASS',
        virusVerdict: 'PASS',
      });
      // The message is the contact's now (its own review item, erased with it): the unmatched item
      // keeps no sender, subject or text, so erasing the contact leaves nothing of it here.
      const { from: _from, subject: _subject, text: _text, ...kept } = claimed;
      const attached: ReviewItem = { ...kept, state: 'attached', version: claimed.version + 1 };
      await deps.reviews.replace(attached, claimed.version);
      return { changed: true, reply: (await deps.reviews.get(replyId)) ?? attached, inbound };
    }
    throw new VersionConflict('reply', replyId);
  }

  /**
   * A list (every client's, or with `coach` that coach's clients' only). A coach's list leaves out
   * replies of a client assigned to another coach since the item was written (its copy moves on the
   * item's next write): never shown to the former coach.
   */
  async function list(state: ReviewListState, page?: PageRequest, filter: { coach?: string } = {}) {
    const { coach } = filter;
    const found = await deps.reviews.list(state, page, filter);
    if (coach === undefined) return found;
    const coachOfClient = new Map<string, Promise<string | undefined>>();
    const coachNow = (clientId: string) => {
      let known = coachOfClient.get(clientId);
      if (!known) {
        known = deps.store.getClient(clientId).then((client) => client?.coach);
        coachOfClient.set(clientId, known);
      }
      return known;
    };
    const kept: ReviewItem[] = [];
    for (const item of found.items) {
      if (item.clientId && (await coachNow(item.clientId)) === coach) kept.push(item);
    }
    return { ...found, items: kept };
  }

  return {
    list,
    get,
    confirm: (replyId: string) => decide(replyId, { by: 'confirm' }),
    correct: (replyId: string, correction: Omit<Extract<ReviewRequest, { by: 'correct' }>, 'by'>) =>
      decide(replyId, { by: 'correct', ...correction }),
    attach,
  };
}

export type ReviewReplies = ReturnType<typeof makeReviewReplies>;
