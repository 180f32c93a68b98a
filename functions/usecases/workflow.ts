import { randomBytes, randomUUID } from 'node:crypto';
import { type NewContact, parseMeetingRequest, parseNewContact } from '#domain/contact-input.ts';
import { lastOutreachByEmployer } from '#domain/employer.ts';
import { NotFound, TransitionRefused, ValidationError, VersionConflict } from '#domain/errors.ts';
import { type HolidayCalendar, holidaysFor } from '#domain/holiday-rules.ts';
import { reviewTransition } from '#domain/lifecycle/review.ts';
import { clientLoopTransition } from '#domain/lifecycle/thank-you-hold.ts';
import { STAGES_PAUSED_WITH_CAMPAIGN } from '#domain/lifecycle.ts';
import { planEmployerOutreach } from '#domain/plan-employer-outreach.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Scheduler } from '#domain/ports/scheduler.ts';
import type { ImportReport, Store, TransitionExtras } from '#domain/ports/store.ts';
import { pickDefaultSet } from '#domain/questions.ts';
import { awaitsApproval } from '#domain/referrals.ts';
import { base32, REPLY_TOKEN_BYTES } from '#domain/reply-token.ts';
import { toIso } from '#domain/timing.ts';
import type {
  Campaign,
  Client,
  Contact,
  ContactEvent,
  ReplyIntent,
  TimelineEntry,
  TransitionResult,
} from '#domain/types.ts';
import { mapPool } from '#shared/map-pool.ts';
import { commitTransition } from './carry-out.ts';
import { type CheckOutreach, checkProspects, launchRefusal } from './launch-check.ts';
import { type UnsubscribedBy, unsubscribeContact } from './unsubscribe-contact.ts';

export interface WorkflowDeps {
  store: Store;
  /** Timed steps, and what must go at once (a schedule due now that the dispatch function runs). */
  scheduler: Scheduler;
  clock: Clock;
  /** Contacts written in parallel by a launch. */
  concurrency?: number;
  /**
   * The outreach check of one contact's outreach (`#mail/outreach-findings.ts`), run by a launch
   * before it plans anything: errors refuse the launch unless the campaign carries an override.
   * Absent (the functions that do not launch): no check.
   */
  checkOutreach?: CheckOutreach;
  /**
   * The public holidays a launch puts on the campaign for its contacts' countries (the jobs
   * function passes `#domain/holiday-calendar.ts`). Absent: the campaign keeps what it carries.
   */
  holidayCalendar?: HolidayCalendar;
}

/**
 * A person's action on one contact: what it changed (its timeline entry), or `changed: false` when
 * the contact already was as asked (the same approval, the same personal line or update again).
 */
export type ContactAction =
  | { changed: true; contact: Contact; timeline: TimelineEntry }
  | { changed: false; contact: Contact };

/** Thrown from an event choice to say the contact already is as asked: nothing is written. */
class AlreadyDone extends Error {
  constructor(readonly contact: Contact) {
    super('nothing to change');
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A booking with its defaults: the contact's zone when none is given, and the campaign's default
 * question set (the first questions of each domain of its bank) when no questions are given.
 */
function withMeetingDefaults(input: unknown, contact: Contact, campaign: Campaign, field: string): unknown {
  if (!isPlainObject(input)) return input;
  return {
    ...input,
    timeZone: input.timeZone ?? contact.timeZone,
    questions:
      input.questions ??
      pickDefaultSet(
        campaign.questionBank,
        field ? `${field}.questions` : 'questions',
        campaign.questionFramework,
      ),
  };
}

/**
 * The use cases the API, the CLI and the inbound handler call. Each one validates, runs the pure
 * lifecycle and commits it schedules-first (`commitTransition`): the new schedules — including the
 * ones due now — before the commit, the replaced ones deleted after it.
 */
export function makeWorkflow(deps: WorkflowDeps) {
  const concurrency = deps.concurrency ?? 8;

  /** Applies one event to a contact, retrying on a concurrent change. Refusals and bad input write nothing. */
  function apply(
    contactId: string,
    event: ContactEvent | ((contact: Contact, campaign: Campaign) => ContactEvent),
    extras?: TransitionExtras,
    how?: typeof reviewTransition,
  ): Promise<TransitionResult> {
    return commitTransition(deps, {
      contactId,
      event,
      extras,
      order: 'schedules-first',
      ...(how ? { transition: how } : {}),
    });
  }

  /**
   * A person's action on a contact: `choose` answers the event for the contact as read, or
   * undefined when the contact already is as asked. Decided again after a concurrent change, so
   * two identical requests at once write one entry.
   */
  async function act(
    contactId: string,
    choose: (contact: Contact, campaign: Campaign) => ContactEvent | undefined,
  ): Promise<ContactAction> {
    try {
      const result = await apply(contactId, (contact, campaign) => {
        const event = choose(contact, campaign);
        if (event === undefined) throw new AlreadyDone(contact);
        return event;
      });
      return { changed: true, contact: result.contact, timeline: result.timeline };
    } catch (error) {
      if (error instanceof AlreadyDone) return { changed: false, contact: error.contact };
      throw error;
    }
  }

  /** The same text as the one kept (trimmed, as the lifecycle keeps it): nothing to change. */
  const sameText = (kept: string | undefined, text: string) =>
    kept !== undefined && typeof text === 'string' && kept === text.trim();

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
    return importChecked(campaignId, client.id, parsed);
  }

  /** Contacts already checked (`parseNewContact`) added to a campaign of `clientId` as prospects. */
  function importChecked(campaignId: string, clientId: string, parsed: NewContact[]): Promise<ImportReport> {
    const at = toIso(deps.clock.now().getTime());
    const contacts: Contact[] = parsed.map((c) => ({
      ...c,
      id: randomUUID(),
      campaignId,
      clientId,
      stage: 'prospect',
      version: 1,
      planVersion: 0,
      // Lower-case base32 (issue 15): some mail systems change an address's case.
      replyToken: base32(randomBytes(REPLY_TOKEN_BYTES)),
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
   *
   * The campaign becomes `active` by a versioned write (only over the status it read), and each
   * contact is committed only while the campaign is still `active` at that version: a pause that
   * lands mid-launch stops it (`stoppedByPause`, `launched` counting the contacts committed before).
   */
  async function launchCampaign(
    campaignId: string,
    options: { onProgress?: (done: number, total: number) => Promise<void> } = {},
  ): Promise<{ launched: number; first?: string; last?: string; stoppedByPause?: true }> {
    let campaign = await deps.store.getCampaign(campaignId);
    if (!campaign) throw new NotFound('campaign', campaignId);
    const client = await deps.store.getClient(campaign.clientId);
    if (!client) throw new NotFound('client', campaign.clientId);
    // Referred people added from a reply wait for a person's say (see awaitsApproval).
    const prospects = (await allInStage(campaignId, 'prospect')).filter((c) => !awaitsApproval(c));
    const check = checkBeforeLaunch(prospects, client, campaign);
    const siblings = await deps.store.listCampaigns(client.id);
    const queued = (await Promise.all(siblings.map((c) => allInStage(c.id, 'queued')))).flat();
    const alreadyPlanned = queued.flatMap((c) =>
      c.schedules.filter((s) => s.step === 'outreach').map((s) => s.at),
    );
    if (deps.holidayCalendar && prospects.length > 0) {
      const year = new Date(deps.clock.now()).getUTCFullYear();
      const update = deps.holidayCalendar.launchHolidays(campaign, prospects, year);
      if (update) campaign = await deps.store.updateCampaign(campaignId, update);
    }
    const withCalendar = campaign;
    const plan = planEmployerOutreach({
      contacts: prospects.map((c) => ({ ...c, holidays: holidaysFor(withCalendar, c) })),
      now: deps.clock.now(),
      policy: campaign.policy,
      senderTimeZone: client.timeZone,
      alreadyPlanned,
      onePerEmployer: campaign.policy.onePerEmployer !== false,
      lastPlannedByEmployer: lastOutreachByEmployer(queued.filter((c) => c.campaignId === campaignId)),
    });
    if (campaign.status !== 'active') {
      const change = await deps.store.changeCampaignStatus(campaignId, 'active', campaign.statusVersion ?? 0);
      campaign = change.campaign;
      // Changed since it was read: a pause written meanwhile wins; another launch or a resume is fine.
      if (campaign.status !== 'active') return { launched: 0, stoppedByPause: true };
    }
    const known = campaign;
    const campaignActive = { campaignId, statusVersion: campaign.statusVersion ?? 0 };
    const committed: string[] = [];
    let stoppedByPause = false;
    let done = 0;
    await mapPool(prospects, concurrency, async (contact) => {
      await launchOne(contact);
      await options.onProgress?.(++done, prospects.length);
    });
    async function launchOne(contact: Contact): Promise<void> {
      const outreachAt = plan.get(contact.id);
      if (!outreachAt || stoppedByPause) return;
      try {
        // The prospect and the campaign are in hand: no re-read unless someone changed the contact since.
        await commitTransition(deps, {
          contactId: contact.id,
          known: { contact, campaign: known },
          event: { type: 'launch', outreachAt },
          extras: { campaignActive },
          order: 'schedules-first',
        });
        committed.push(outreachAt);
      } catch (error) {
        if (!(error instanceof VersionConflict && error.entity === 'campaign')) throw error;
        stoppedByPause = true;
      }
    }
    const times = committed.sort();
    return {
      launched: committed.length,
      first: times[0],
      last: times.at(-1),
      ...(check ? { check } : {}),
      ...(stoppedByPause ? { stoppedByPause: true as const } : {}),
    };
  }

  /**
   * The outreach check of every prospect about to launch, again (a contact may have changed since the
   * API's check): a ValidationError naming `override` when any has an error and the campaign carries
   * no override; else the counts for the launch's result.
   */
  function checkBeforeLaunch(prospects: Contact[], client: Client, campaign: Campaign) {
    if (!deps.checkOutreach || prospects.length === 0) return undefined;
    const report = checkProspects(prospects, {
      client,
      campaign,
      now: deps.clock.now(),
      checkOutreach: deps.checkOutreach,
    });
    const refusal = launchRefusal(report, { explain: true });
    if (refusal && !campaign.launchOverride) throw ValidationError.of('override', refusal.message);
    const { errors, warnings } = report;
    return { errors, warnings, ...(errors > 0 ? { overridden: campaign.launchOverride?.reason } : {}) };
  }

  /**
   * Pauses a campaign: its status first (a versioned write; from then on no send of the campaign is
   * claimed), then every contact that can be paused, listed after that write so each contact a
   * launch committed before it is seen. `inFlight`: sends claimed before the pause and not finished
   * when it took effect — they may still go out; nothing else will.
   */
  async function pauseCampaign(campaignId: string): Promise<{ changed: number; inFlight: number }> {
    const { campaign } = await deps.store.changeCampaignStatus(campaignId, 'paused');
    const contacts = (
      await Promise.all(STAGES_PAUSED_WITH_CAMPAIGN.map((s) => allInStage(campaignId, s)))
    ).flat();
    let changed = 0;
    await mapPool(contacts, concurrency, async (contact) => {
      try {
        await commitTransition(deps, {
          contactId: contact.id,
          known: { contact, campaign },
          event: { type: 'pause' },
          order: 'schedules-first',
        });
        changed++;
      } catch (error) {
        // Paused meanwhile (a dispatch refused its claim), or moved to a stage that is not paused.
        if (!(error instanceof TransitionRefused)) throw error;
      }
    });
    return { changed, inFlight: campaign.inFlight ?? 0 };
  }

  /** Resumes a campaign: `active` again (a versioned write), and each paused contact re-planned from now. */
  async function resumeCampaign(campaignId: string): Promise<{ changed: number }> {
    const { campaign } = await deps.store.changeCampaignStatus(campaignId, 'active');
    const contacts = await allInStage(campaignId, 'paused');
    // A contact held for the coach (out-of-office moved its follow-up twice) waits for its own resume.
    const resumable = contacts.filter((c) => c.heldForCoach === undefined);
    let changed = 0;
    await mapPool(resumable, concurrency, async (contact) => {
      // As in pauseCampaign: the contact and campaign in hand, re-read only after a concurrent change.
      await commitTransition(deps, {
        contactId: contact.id,
        known: { contact, campaign },
        event: { type: 'resume' },
        order: 'schedules-first',
      });
      changed++;
    });
    return { changed };
  }

  return {
    apply,
    importContacts,
    importChecked,
    launchCampaign,
    pauseCampaign,
    resumeCampaign,
    pauseContact: (contactId: string) => apply(contactId, { type: 'pause' }),
    resumeContact: (contactId: string) => apply(contactId, { type: 'resume' }),
    /**
     * Approves a referred prospect for launch. Approving it again changes nothing; a contact that
     * never needed approval is refused (TransitionRefused, saying why).
     */
    approveContact: (contactId: string) =>
      act(contactId, (contact) => (contact.approvedAt !== undefined ? undefined : { type: 'approve' })),
    /** Unsubscribes a contact — on the coach's word, or the contact's own link (`unsubscribe.ts`). */
    unsubscribeContact: (who: { contactId: string; email: string }, by: UnsubscribedBy) =>
      unsubscribeContact({ store: deps.store, workflow: { apply }, clock: deps.clock }, who, by),
    /**
     * Books a meeting. The zone defaults to the contact's, the questions to the campaign's default
     * set; every field is checked by parseMeetingRequest and named under `field`.
     */
    bookMeeting: (contactId: string, input: unknown, field = 'meeting') =>
      apply(contactId, (contact, campaign) => ({
        type: 'meeting_booked',
        meeting: parseMeetingRequest(
          withMeetingDefaults(input, contact, campaign, field),
          deps.clock.now(),
          campaign.policy,
          field,
          campaign.questionFramework,
        ),
        meetingId: randomUUID(),
      })),
    rescheduleMeeting: (
      contactId: string,
      input: { start: string; durationMinutes?: number; timeZone?: string },
    ) => apply(contactId, { type: 'meeting_rescheduled', ...input }),
    cancelMeeting: (contactId: string, reason?: string) =>
      apply(contactId, { type: 'meeting_cancelled', ...(reason ? { reason } : {}) }),
    /** Held (issue 15: a held thank-you is released). */
    markMeetingHeld: (contactId: string) =>
      apply(contactId, { type: 'meeting_held' }, undefined, clientLoopTransition),
    /** The coach says the meeting did not take place (issue 15): the thank-you is dropped. */
    markMeetingNotHeld: (contactId: string) =>
      apply(contactId, { type: 'meeting_not_held' }, undefined, clientLoopTransition),
    /**
     * The client's reply to a reminder (issue 15), recorded with `key` (the reply's, per contact) in
     * the same transaction: a second delivery of the same reply changes nothing.
     */
    applyClientReply: (contactId: string, event: ContactEvent, key: string) =>
      apply(contactId, event, { inboundMessageId: key }, clientLoopTransition),
    /** The client's line for the thank-you. The line already kept, again: nothing changes. */
    addPersonalLine: (contactId: string, text: string) =>
      act(contactId, (contact) =>
        sameText(contact.meeting?.personalLine, text) ? undefined : { type: 'personal_line_added', text },
      ),
    /** The client's update for the next keep-in-touch email. The update already kept, again: nothing changes. */
    writeUpdate: (contactId: string, text: string) =>
      act(contactId, (contact) =>
        sameText(contact.pendingUpdate, text) ? undefined : { type: 'update_written', text },
      ),
    /** The hook the inbound handler calls once a reply is matched and classified. */
    recordReply: (
      contactId: string,
      {
        replyKey,
        ...reply
      }: {
        intent: ReplyIntent;
        returnDate?: string;
        sentFrom?: string;
        proposedTimes?: string[];
        evidence?: string;
        replyKey?: string;
        /** The review queue: hold the reminders, or resolve a reply a person confirmed or corrected. */
        review?: Extract<ContactEvent, { type: 'reply_received' }>['review'];
      },
    ) =>
      // The reply's key (what identifies it to a person) is recorded in the same transaction: a second
      // delivery of the same reply changes nothing.
      apply(
        contactId,
        { type: 'reply_received', ...reply },
        replyKey ? { inboundMessageId: replyKey } : undefined,
        reviewTransition,
      ),
  };
}

export type Workflow = ReturnType<typeof makeWorkflow>;
