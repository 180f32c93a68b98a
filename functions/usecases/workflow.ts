import { randomBytes, randomUUID } from 'node:crypto';
import { parseMeetingRequest, parseNewContact } from '#domain/contact-input.ts';
import { NotFound, ValidationError, VersionConflict } from '#domain/errors.ts';
import { STAGES_PAUSED_WITH_CAMPAIGN, transition } from '#domain/lifecycle.ts';
import { planOutreach } from '#domain/plan-outreach.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { ImportReport, Store, TransitionExtras } from '#domain/ports/store.ts';
import { awaitsApproval } from '#domain/referrals.ts';
import { toIso } from '#domain/timing.ts';
import type { Campaign, Contact, ContactEvent, ReplyIntent, TransitionResult } from '#domain/types.ts';
import { createSchedules, type DispatchPayload, finishEffects, payloadFor } from './carry-out.ts';
import type { Dispatch } from './dispatch.ts';

/** What the workflow sends through: `send_now` steps and meeting cancellations (dispatch does both). */
export type WorkflowSender = Pick<Dispatch, 'sendCancellation'> &
  ((payload: DispatchPayload) => Promise<unknown>);

/**
 * For functions whose transitions never send (ses-events, unsubscribe: suppression only deletes
 * schedules): keeps the mail rendering out of their bundles, and fails loudly if that ever changes.
 */
export function noSending(functionName: string): WorkflowSender {
  const refuse = async (): Promise<never> => {
    throw new Error(`bug: the ${functionName} function never sends email`);
  };
  return Object.assign(refuse, { sendCancellation: refuse });
}

export interface WorkflowDeps {
  store: Store;
  scheduler: Scheduler;
  clock: Clock;
  /** Sends `send_now` steps (a confirmation booked inside the lead time) and meeting cancellations. */
  dispatch: WorkflowSender;
  /** Contacts written in parallel by a launch. */
  concurrency?: number;
}

const MAX_CONFLICT_RETRIES = 5;

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * The use cases the API, the CLI and the inbound handler call. Each one validates, runs the pure
 * lifecycle, creates the new schedules BEFORE the commit (so a scheduler failure leaves the contact
 * where it was: the schedules made so far carry a plan version and time the contact does not have,
 * and dispatch drops them as stale), commits in one transaction, then deletes the replaced
 * schedules and sends what must go at once.
 */
export function makeWorkflow(deps: WorkflowDeps) {
  const concurrency = deps.concurrency ?? 8;

  async function campaignOf(contact: Contact): Promise<Campaign> {
    const campaign = await deps.store.getCampaign(contact.campaignId);
    if (!campaign) throw new NotFound('campaign', contact.campaignId);
    return campaign;
  }

  async function commit(
    contact: Contact,
    result: TransitionResult,
    extras?: TransitionExtras,
  ): Promise<void> {
    await createSchedules(result.contact, result.effects, deps);
    await deps.store.applyTransition(contact, result, extras);
    await finishEffects(result.contact, result.effects, { ...deps, now: deps.clock.now() });
    for (const effect of result.effects) {
      if (effect.type === 'send_now') {
        const planned = result.contact.schedules.find((s) => s.step === effect.step);
        if (planned) await deps.dispatch(payloadFor(result.contact, planned));
      } else if (effect.type === 'send_cancellation') {
        await deps.dispatch.sendCancellation(result.contact.id, effect.meetingId, effect.sequence);
      }
    }
  }

  /** Applies one event to a contact, retrying on a concurrent change. Refusals and bad input write nothing. */
  async function apply(
    contactId: string,
    event: ContactEvent | ((contact: Contact, campaign: Campaign) => ContactEvent),
    extras?: TransitionExtras,
  ): Promise<TransitionResult> {
    for (let attempt = 1; ; attempt++) {
      const contact = await deps.store.getContact(contactId);
      if (!contact) throw new NotFound('contact', contactId);
      const campaign = await campaignOf(contact);
      const concrete = typeof event === 'function' ? event(contact, campaign) : event;
      const result = transition(contact, concrete, deps.clock.now(), campaign.policy);
      try {
        await commit(contact, result, extras);
        return result;
      } catch (error) {
        const stale = error instanceof VersionConflict && error.entity === 'contact';
        if (!stale || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  async function importContacts(campaignId: string, rows: unknown[]): Promise<ImportReport> {
    const campaign = await deps.store.getCampaign(campaignId);
    if (!campaign) throw new NotFound('campaign', campaignId);
    const client = await deps.store.getClient(campaign.clientId);
    if (!client) throw new NotFound('client', campaign.clientId);
    if (!Array.isArray(rows)) throw ValidationError.of('contacts', 'must be a list');
    const issues: ValidationError['issues'] = [];
    const parsed = rows.flatMap((row, index) => {
      try {
        return [parseNewContact(row, index, { timeZone: client.timeZone })];
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues.push(...error.issues);
        return [];
      }
    });
    if (issues.length > 0) throw new ValidationError(issues);
    const at = toIso(deps.clock.now().getTime());
    const contacts: Contact[] = parsed.map((c) => ({
      ...c,
      id: randomUUID(),
      campaignId,
      clientId: client.id,
      stage: 'prospect',
      version: 1,
      planVersion: 0,
      replyToken: randomBytes(12).toString('base64url'),
      schedules: [],
      sent: [],
      createdAt: at,
      updatedAt: at,
    }));
    return deps.store.importContacts(campaignId, contacts);
  }

  async function allInStage(campaignId: string, stage: Contact['stage']): Promise<Contact[]> {
    const all: Contact[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.store.listContactsByStage(campaignId, stage, { limit: 1000, cursor });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all;
  }

  /**
   * Launches a campaign: every prospect gets its outreach planned inside its window, staggered and
   * capped per sender per day (counting the outreach the client's other campaigns already have
   * queued), and becomes `queued`. Running it again launches only the prospects left.
   */
  async function launchCampaign(
    campaignId: string,
  ): Promise<{ launched: number; first?: string; last?: string }> {
    const campaign = await deps.store.getCampaign(campaignId);
    if (!campaign) throw new NotFound('campaign', campaignId);
    const client = await deps.store.getClient(campaign.clientId);
    if (!client) throw new NotFound('client', campaign.clientId);
    // Referred people added from a reply wait for a person's say (see awaitsApproval).
    const prospects = (await allInStage(campaignId, 'prospect')).filter((c) => !awaitsApproval(c));
    const siblings = await deps.store.listCampaigns(client.id);
    const queued = (await Promise.all(siblings.map((c) => allInStage(c.id, 'queued')))).flat();
    const alreadyPlanned = queued.flatMap((c) =>
      c.schedules.filter((s) => s.step === 'outreach').map((s) => s.at),
    );
    const plan = planOutreach({
      contacts: prospects,
      now: deps.clock.now(),
      policy: campaign.policy,
      senderTimeZone: client.timeZone,
      alreadyPlanned,
    });
    if (campaign.status !== 'active') await deps.store.updateCampaign(campaignId, { status: 'active' });
    await inBatches(prospects, concurrency, async (contact) => {
      const outreachAt = plan.get(contact.id);
      if (!outreachAt) return;
      const event: ContactEvent = { type: 'launch', outreachAt };
      // The prospect and the campaign are in hand: no re-read unless someone changed the contact since.
      try {
        await commit(contact, transition(contact, event, deps.clock.now(), campaign.policy));
      } catch (error) {
        if (!(error instanceof VersionConflict && error.entity === 'contact')) throw error;
        await apply(contact.id, event);
      }
    });
    const times = [...plan.values()].sort();
    return { launched: plan.size, first: times[0], last: times.at(-1) };
  }

  /** Pauses every contact of the campaign that can be paused; resume re-plans each from now. */
  async function setCampaignPaused(campaignId: string, paused: boolean): Promise<{ changed: number }> {
    const campaign = await deps.store.getCampaign(campaignId);
    if (!campaign) throw new NotFound('campaign', campaignId);
    const stages: Contact['stage'][] = paused ? [...STAGES_PAUSED_WITH_CAMPAIGN] : ['paused'];
    const contacts = (await Promise.all(stages.map((s) => allInStage(campaignId, s)))).flat();
    await deps.store.updateCampaign(campaignId, { status: paused ? 'paused' : 'active' });
    let changed = 0;
    await inBatches(contacts, concurrency, async (contact) => {
      await apply(contact.id, { type: paused ? 'pause' : 'resume' });
      changed++;
    });
    return { changed };
  }

  return {
    apply,
    importContacts,
    launchCampaign,
    pauseCampaign: (campaignId: string) => setCampaignPaused(campaignId, true),
    resumeCampaign: (campaignId: string) => setCampaignPaused(campaignId, false),
    pauseContact: (contactId: string) => apply(contactId, { type: 'pause' }),
    resumeContact: (contactId: string) => apply(contactId, { type: 'resume' }),
    bookMeeting: (contactId: string, input: unknown) =>
      apply(contactId, (_contact, campaign) => ({
        type: 'meeting_booked',
        meeting: parseMeetingRequest(input, deps.clock.now(), campaign.policy, 'meeting'),
        meetingId: randomUUID(),
      })),
    rescheduleMeeting: (
      contactId: string,
      input: { start: string; durationMinutes?: number; timeZone?: string },
    ) => apply(contactId, { type: 'meeting_rescheduled', ...input }),
    cancelMeeting: (contactId: string, reason?: string) =>
      apply(contactId, { type: 'meeting_cancelled', ...(reason ? { reason } : {}) }),
    markMeetingHeld: (contactId: string) => apply(contactId, { type: 'meeting_held' }),
    addPersonalLine: (contactId: string, text: string) =>
      apply(contactId, { type: 'personal_line_added', text }),
    writeUpdate: (contactId: string, text: string) => apply(contactId, { type: 'update_written', text }),
    /** The hook the inbound handler calls once a reply is matched and classified. */
    recordReply: (
      contactId: string,
      {
        replyKey,
        ...reply
      }: { intent: ReplyIntent; returnDate?: string; sentFrom?: string; replyKey?: string },
    ) =>
      // The reply's key (what identifies it to a person) is recorded in the same transaction: a second
      // delivery of the same reply changes nothing.
      apply(
        contactId,
        { type: 'reply_received', ...reply },
        replyKey ? { inboundMessageId: replyKey } : undefined,
      ),
  };
}

export type Workflow = ReturnType<typeof makeWorkflow>;
