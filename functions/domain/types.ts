/**
 * The words of rapport's domain, as types. Pure: nothing here imports an SDK or reads the clock.
 *
 * Times are ISO-8601 strings. Instants (`at`, `start`, …) are UTC with a `Z`; local dates
 * (`returnDate`) are `YYYY-MM-DD` in the contact's zone. Time zones are IANA names.
 */

import type { FunnelMarks } from './funnel.ts';

export const STAGES = [
  'prospect',
  'queued',
  'contacted',
  'replied',
  'meeting_booked',
  'confirmed',
  'met',
  'thanked',
  'keeping_in_touch',
  'no_response',
  'declined',
  'paused',
  'bounced',
  'complained',
  'unsubscribed',
] as const;
export type Stage = (typeof STAGES)[number];

/** Nothing is ever sent to an address in one of these stages again, from any campaign. */
export const SUPPRESSION_STAGES = ['bounced', 'complained', 'unsubscribed'] as const;
export type SuppressionReason = (typeof SUPPRESSION_STAGES)[number];

export function isSuppressionStage(stage: Stage): stage is SuppressionReason {
  return (SUPPRESSION_STAGES as readonly string[]).includes(stage);
}

/**
 * A timed or immediate email (or timer) of one contact. Steps name schedules and idempotency keys,
 * so they are short and made of `[a-z0-9-]`.
 * - `outreach`, `follow-up-N` (N from 1), `no-response` (a timer, no email: sequence exhausted)
 * - `confirmation`, `thank-you`, `keep-in-touch-N` (N from 1)
 * - `client-meeting-tomorrow`, `client-personal-line`, `client-update-N`: reminders to the client
 * - `client-thank-referrer`: after a referred contact's meeting, the client's note to thank the referrer
 */
export type ContactStep =
  | 'outreach'
  | `follow-up-${number}`
  | 'no-response'
  | 'confirmation'
  | 'thank-you'
  | `keep-in-touch-${number}`;
export type ClientReminderStep =
  | 'client-meeting-tomorrow'
  | 'client-personal-line'
  | `client-update-${number}`
  | 'client-thank-referrer';
export type Step = ContactStep | ClientReminderStep;

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const; // ISO: 1 = Monday … 7 = Sunday
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock time `HH:mm`. */
export type LocalTime = `${number}:${number}` | string;

export interface SendWindow {
  /** ISO weekdays on which emails may go out, in the contact's zone. */
  days: Weekday[];
  /** Start of the window, `HH:mm` local, inclusive. */
  start: LocalTime;
  /** End of the window, `HH:mm` local, exclusive. Must be after `start`. */
  end: LocalTime;
}

export interface CampaignPolicy {
  sendWindow: SendWindow;
  /** Business days to wait after the previous email of the sequence before each follow-up. Length = follow-up count. */
  followUpBusinessDays: number[];
  /** Business days after the last follow-up before the contact becomes `no_response`. */
  noResponseAfterBusinessDays: number;
  /** Length of the meeting asked for, 15–30 minutes. */
  meetingMinutes: number;
  /** The confirmation goes out this many hours before the meeting (moved into the window). */
  confirmationLeadHours: number;
  /** Booked inside the lead time: the confirmation is sent at once if the meeting is more than this far away, else skipped. */
  confirmationMinNoticeHours: number;
  /** The thank-you goes out this many hours after the meeting ends (moved into the personal window). */
  thankYouDelayHours: number;
  /**
   * When the personal emails after a meeting go out — the thank-you and the client's note to thank
   * the referrer — in the contact's zone, holidays included (absent: DEFAULT_PERSONAL_WINDOW, every
   * day 08:00–20:00): the thank-you goes the same day or the next morning, never > 24 h after.
   */
  personalWindow?: SendWindow;
  /**
   * Runtime only, never stored nor accepted as input: the public holidays (local `YYYY-MM-DD` dates)
   * of the contact's country, which outreach, follow-ups, confirmations and "meeting tomorrow" skip.
   * The shell adds them from the campaign (`holidaysFor`) before it runs the lifecycle.
   */
  holidays?: ReadonlySet<string>;
  keepInTouch: { firstAfterWeeks: number; everyMonths: number; max: number };
  /** At most this many outreach emails per sender (client) per local day. */
  dailyCapPerSender: number;
  /** Minutes between two outreach emails of one sender. */
  staggerMinutes: number;
  /**
   * One contact per employer at a time (absent: on): the next contact at an employer gets their
   * outreach 3 business days after the one before, and a reply from anyone there pauses the rest.
   */
  onePerEmployer?: boolean;
  /**
   * A reply read with a confidence below this (0–1) waits for the coach (`needsReview`): the
   * follow-ups are held until they confirm or correct it. Absent: the reader's `NEEDS_REVIEW_BELOW`.
   */
  reviewThreshold?: number;
}

export type FoundVia =
  | { kind: 'referral'; name: string; contactId?: string }
  | { kind: 'association'; name: string }
  | { kind: 'instructor'; name: string }
  | { kind: 'alumni'; name: string }
  | { kind: 'event'; name: string }
  | { kind: 'other'; name: string };

export const QUESTION_DOMAINS = ['interviewee', 'field', 'advice'] as const;
export type QuestionDomain = (typeof QUESTION_DOMAINS)[number];
/** TIARA: Trends, Insights, Advice, Resources, Assignments — one question of each. */
export const TIARA_PARTS = ['trends', 'insights', 'advice', 'resources', 'assignments'] as const;
export type TiaraPart = (typeof TIARA_PARTS)[number];
/**
 * How a meeting's five questions are chosen (`questions.ts`): `seed` (the formula: 2 about the
 * interviewee, 1 about the field, 2 asking for advice) or `tiara` (one of each TIARA part).
 */
export const QUESTION_FRAMEWORKS = ['seed', 'tiara'] as const;
export type QuestionFramework = (typeof QUESTION_FRAMEWORKS)[number];
export interface Question {
  /** The seed formula's domain (every question has one). */
  domain: QuestionDomain;
  text: string;
  /** The TIARA part it asks about, when it is tagged for TIARA. */
  tiara?: TiaraPart;
}
/** Exactly five, following the campaign's framework (`seed` by default). */
export type QuestionSet = Question[];

export type MeetingMode = 'in_person' | 'remote';

export interface Meeting {
  /** Stable across reschedules: the .ics UID is derived from it. */
  id: string;
  start: string;
  durationMinutes: number;
  /** Zone the meeting was agreed in (the contact's, unless said otherwise). */
  timeZone: string;
  mode: MeetingMode;
  location?: string;
  videoLink?: string;
  /** .ics SEQUENCE: 0 when booked, +1 on each reschedule and on cancel. */
  sequence: number;
  questions: QuestionSet;
  /** The client's optional personal line for the thank-you. */
  personalLine?: string;
  status: 'booked' | 'held' | 'cancelled';
  /**
   * True once a confirmation carrying the .ics invitation went out for this meeting id (at any
   * sequence): the contact's calendar holds the event, so a cancel must send METHOD:CANCEL and a
   * reschedule must send the updated invitation.
   */
  invitationSent?: boolean;
  /**
   * The thank-you waits for the coach (issue 15): the client replied the meeting moved or did not
   * happen, or the contact asked to move it. It is out of the plan, not dropped (`thankYouAt`: when
   * it was due): the coach marks the meeting held (it goes, at that time or in the next window) or
   * not held (dropped; reschedule or cancel the meeting).
   */
  thankYouHold?: { at: string; by: 'client' | 'contact'; reason: string; thankYouAt: string };
  /** The coach said the meeting did not take place: no thank-you; reschedule or cancel it. */
  notHeldAt?: string;
}

export interface ScheduledStep {
  step: Step;
  /** UTC instant the email is due. */
  at: string;
  planVersion: number;
  /** Sent at once through a `send_now` effect: no schedule exists for it, so none is deleted. */
  immediate?: boolean;
}

export interface SentStep {
  step: Step;
  at: string;
  /** The Message-ID SES returned (without angle brackets), for threading and reply matching. */
  messageId?: string;
}

export interface Contact {
  id: string;
  campaignId: string;
  clientId: string;
  /** Normalised: trimmed, domain lowercased. */
  email: string;
  firstName: string;
  lastName?: string;
  company?: string;
  role?: string;
  timeZone: string;
  /** As imported (free text). */
  country?: string;
  /** The coach's notes from the import (unknown CSV columns are kept here as `column: value` lines). */
  notes?: string;
  foundVia: FoundVia;
  /**
   * Something personal about the contact the outreach says in the client's words ("Your talk on
   * diary studies at UX Scotland stuck with me."): one line, optional; the outreach check asks for
   * it (or a referrer).
   */
  personalLine?: string;
  /** Set when this contact came from a referral reply of another contact. */
  referredByContactId?: string;
  /** When a person approved this referred prospect for launch (see `awaitsApproval`). */
  approvedAt?: string;
  stage: Stage;
  /** The stage to go back to on resume. */
  pausedFrom?: Stage;
  /** Optimistic-locking version, +1 on every write. */
  version: number;
  /** +1 whenever the plan of timed emails is replaced; schedule names carry it, so stale deliveries are recognisable. */
  planVersion: number;
  /** Random, url-safe; the reply address is `reply+<token>@<inbound domain>`. */
  replyToken: string;
  /** Timed emails currently planned (each has a schedule). */
  schedules: ScheduledStep[];
  /** Emails that went out, in order. The outreach's messageId threads the follow-ups. */
  sent: SentStep[];
  meeting?: Meeting;
  /** Keep-in-touch update written by the client for the next keep-in-touch email. */
  pendingUpdate?: string;
  /** Out-of-office: first local day the contact is back. */
  outOfOfficeUntil?: string;
  /**
   * How often auto-replies moved the follow-up (or no-response timer) planned now: `step` is the one
   * moved, `count` the moves (at most OUT_OF_OFFICE_MAX_MOVES; the next auto-reply holds it).
   */
  outOfOfficeMoves?: { step: Step; count: number };
  /** Why the contact waits for the coach (paused by the lifecycle, not by a person); cleared on resume. */
  heldForCoach?: string;
  /**
   * Meeting times (UTC instants) the contact's last reply that proposed any named, first first: a
   * suggestion for the coach to book (`GET /contacts/{id}` shows them in the contact's zone).
   */
  proposedTimes?: string[];
  /**
   * Replies whose reading is unsure wait for a person (`lifecycle/review.ts`): meanwhile the
   * outstanding reminders are held here — unscheduled, not dropped — until confirm or correct.
   */
  reviewHold?: ReviewHold;
  /** When a reply asked to move the booked meeting: flagged for the coach (cleared by a reschedule). */
  rescheduleRequestedAt?: string;
  /** When the contact first reached each milestone of the funnel (`funnel.ts`): counted once each. */
  funnel?: FunnelMarks;
  createdAt: string;
  updatedAt: string;
}

/** Reminders held while replies wait for review. */
export interface ReviewHold {
  /** The keys of the replies waiting (each `replyKeyOf` the message). */
  replyKeys: string[];
  /** The sequence steps taken out of the plan, with the time each was due. */
  steps: { step: Step; at: string }[];
}

export type ReplyIntent =
  | 'accepted'
  | 'declined'
  | 'referral'
  | 'out_of_office'
  | 'unsubscribe'
  | 'reschedule'
  | 'other';

/** Every reply intent (a correction names one). */
export const REPLY_INTENTS = [
  'accepted',
  'declined',
  'referral',
  'out_of_office',
  'unsubscribe',
  'reschedule',
  'other',
] as const satisfies readonly ReplyIntent[];

export interface MeetingRequest {
  start: string;
  durationMinutes: number;
  timeZone: string;
  mode: MeetingMode;
  location?: string;
  videoLink?: string;
  questions: QuestionSet;
  /** The framework the questions were checked against (absent: seed). */
  questionFramework?: QuestionFramework;
}

export type ContactEvent =
  | { type: 'launch'; outreachAt: string }
  | { type: 'email_sent'; step: Step; messageId?: string }
  | { type: 'send_rejected'; step: Step; reason: string }
  /**
   * An email went out that the plan does not (or no longer) hold — a step whose send committed after
   * the plan moved on, a meeting cancellation, a forwarded reply: recorded, nothing else changes.
   * `detail` is the timeline's note (default: "<step> went out while the plan changed").
   */
  | { type: 'sent_outside_plan'; step: Step; messageId: string; detail?: string }
  | { type: 'no_response_due' }
  | {
      type: 'reply_received';
      intent: ReplyIntent;
      returnDate?: string;
      messageId?: string;
      /** Set when the reply came from another address at the contact's domain: flagged on the timeline. */
      sentFrom?: string;
      /** Meeting times the reply proposed (UTC instants): kept on the contact (`Contact.proposedTimes`). */
      proposedTimes?: string[];
      /** The reading's evidence and confidence (the reader's reasons), shown on the timeline. */
      evidence?: string;
      /**
       * The review queue (`lifecycle/review.ts`, applied by `reviewTransition`): `hold` — the reading
       * is unsure, the reminders wait; `resolve` — a person confirmed or corrected the reading
       * (`previous`: the intent applied before, when the reply was not held), applied as if read so
       * the first time. Resolving a reply `previous`ly applied as `unsubscribe` undoes the
       * unsubscribe (`stageBefore`: the stage it left; the coach confirmed the contact did not ask).
       */
      review?:
        | { action: 'hold'; replyKey: string }
        | { action: 'resolve'; replyKey: string; previous?: ReplyIntent; stageBefore?: Stage };
    }
  | { type: 'meeting_booked'; meeting: MeetingRequest; meetingId: string }
  | { type: 'meeting_rescheduled'; start: string; durationMinutes?: number; timeZone?: string }
  | { type: 'meeting_cancelled'; reason?: string }
  | { type: 'meeting_held' }
  /** The thank-you waits for the coach: the meeting moved or did not happen (see `Meeting.thankYouHold`). */
  | { type: 'thank_you_held'; by: 'client' | 'contact'; reason: string }
  /** The coach says the meeting did not take place: the thank-you is dropped. */
  | { type: 'meeting_not_held' }
  | { type: 'personal_line_added'; text: string }
  /** `nextWindow`: the client's reply to the reminder (issue 15): the keep-in-touch email goes in the next window. */
  | { type: 'update_written'; text: string; nextWindow?: boolean }
  /** keep-in-touch-N came due with no update written: no email; the client is reminded, the step retried later. */
  | { type: 'update_missing'; step: `keep-in-touch-${number}` }
  /** A person approved a referred prospect (one that `awaitsApproval`): the next launch includes it. */
  | { type: 'approve' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'bounced' }
  | { type: 'complained' }
  /** `by: 'coach'`: the coach unsubscribed the contact on their behalf (told by phone, say). */
  | { type: 'unsubscribed'; by?: 'contact' | 'coach' };
export type ContactEventType = ContactEvent['type'];

// A Record so that the compiler refuses to build when an event type is added without being listed here.
const CONTACT_EVENT_TYPE_SET: Record<ContactEventType, true> = {
  launch: true,
  email_sent: true,
  send_rejected: true,
  sent_outside_plan: true,
  no_response_due: true,
  reply_received: true,
  meeting_booked: true,
  meeting_rescheduled: true,
  meeting_cancelled: true,
  meeting_held: true,
  thank_you_held: true,
  meeting_not_held: true,
  personal_line_added: true,
  update_written: true,
  update_missing: true,
  approve: true,
  pause: true,
  resume: true,
  bounced: true,
  complained: true,
  unsubscribed: true,
};
/** Every lifecycle event type, e.g. to build a (stage × event) table. */
export const CONTACT_EVENT_TYPES = Object.keys(CONTACT_EVENT_TYPE_SET) as ContactEventType[];

/** What the shell must carry out after a transition. Data, not calls. */
export type Effect =
  /** Create a one-time schedule for `step` at `at` (UTC) under the contact's current planVersion. */
  | { type: 'schedule'; step: Step; at: string; planVersion: number }
  /** Delete the schedule of `step` made under `planVersion` (idempotent). */
  | { type: 'unschedule'; step: Step; planVersion: number }
  /** Send `step` now (e.g. a confirmation for a meeting booked inside the lead time). */
  | { type: 'send_now'; step: Step }
  /** Put the address on the global suppression list. */
  | { type: 'suppress'; email: string; reason: SuppressionReason }
  /** Send the meeting cancellation (.ics METHOD:CANCEL) to the contact. */
  | { type: 'send_cancellation'; meetingId: string; sequence: number };

/** What a timeline entry records: a lifecycle event, or `imported` for the entry a new contact starts with. */
export type TimelineEventType = ContactEventType | 'imported';

export interface TimelineEntry {
  contactId: string;
  at: string;
  event: TimelineEventType;
  from: Stage;
  to: Stage;
  /** Human-readable detail, e.g. "confirmation skipped: meeting in 90 minutes". */
  detail?: string;
}

export interface TransitionResult {
  contact: Contact;
  effects: Effect[];
  timeline: TimelineEntry;
}

export const RESUME_MODES = ['attach', 'link', 'none'] as const;
export type ResumeMode = (typeof RESUME_MODES)[number];

export interface Client {
  id: string;
  firstName: string;
  lastName: string;
  /** The client's own address: reminders and forwarded replies go here. */
  email: string;
  /** Local part of the From address on the consultancy's verified domain. */
  senderLocalPart: string;
  timeZone: string;
  /** The field the client is exploring, e.g. "UX research". */
  field: string;
  /** One or two sentences the outreach uses to introduce the client. */
  introduction: string;
  /** Key of the resume PDF in the blob store. */
  resumeKey?: string;
  /**
   * How the outreach offers the resume: `attach` (absent: the default) attaches the PDF, `link` puts
   * a signed link to rapport's resume page in the text (valid `resumeLinkDays`), `none` leaves it out.
   */
  resumeMode?: ResumeMode;
  /** The client's sign-off for their emails (optional, up to 500 characters, line breaks allowed). */
  signature?: string;
  /** The coach assigned to the client (their sign-in email, lower case): only they and admins see it. */
  coach?: string;
  createdAt: string;
}

export interface Campaign {
  id: string;
  clientId: string;
  name: string;
  policy: CampaignPolicy;
  questionBank: Question[];
  /** How its meetings' questions are chosen and checked (absent: `seed`, the formula). */
  questionFramework?: QuestionFramework;
  status: 'draft' | 'active' | 'paused';
  /**
   * Raised by every status change (absent: never changed). Launch commits its contacts only while the
   * campaign is still `active` at the version it set, so a pause that lands mid-launch stops it.
   */
  statusVersion?: number;
  /** Sends claimed and not yet committed or released (kept by the store with each claim). */
  inFlight?: number;
  /** Why the campaign paused itself (reputation: `#domain/reputation.ts`); removed when a person resumes it. */
  pausedReason?: string;
  /**
   * The coach's override of the outreach check (`POST .../launch` with `{override: {reason}}`): the
   * launches from then on go ahead despite its errors. Recorded with the reason and the time.
   */
  launchOverride?: { reason: string; at: string };
  /**
   * Public holidays by country (ISO 3166-1 alpha-2 → local `YYYY-MM-DD` dates) for the countries of
   * the contacts launched, over the launch year and the two after: computed by each launch (the
   * jobs function reads the table generated from date-holidays), read by every transition.
   */
  holidays?: Record<string, string[]>;
  /** The country each launched contact without a `country` was read as from its zone (zone → code). */
  zoneCountries?: Record<string, string>;
  createdAt: string;
}
