/**
 * SES feedback: what SES tells us about a message after it accepted it, through the configuration
 * set's event destination (EventBridge in AWS; local/ses-events-publisher.ts on a laptop).
 *
 * - `Send`: SES accepted the message. Recorded on the send record of the idempotency key (the `key`
 *   tag), so a retry that finds an expired claim knows the email went out and never resends it.
 * - `Bounce` with bounceType `Permanent` and `Complaint`: every recipient named goes on the global
 *   suppression list, and the contact the message was for (the `contact` tag) becomes `bounced` /
 *   `complained` — only if the recipient IS that contact's address: a client reminder is sent to the
 *   client, and its bounce must not mark the contact.
 * - Everything else (`Delivery`, `Reject`, `DeliveryDelay`, `Open`, `Click`, transient and
 *   undetermined bounces…) changes nothing and is answered as an outcome the handler logs.
 *
 * Idempotent: SES and EventBridge deliver at least once. A repeat records the same Send again (the
 * same values), finds the address already suppressed (the first reason stays) and the contact
 * already in a suppression stage (the lifecycle refuses a repeat; that refusal means "done").
 *
 * Decisions:
 * - Transient and Undetermined bounces are only logged: the contact has no event type for them and
 *   SES already retried the delivery. A mailbox that keeps soft-bouncing gets a Permanent bounce in
 *   the end (or none of our follow-ups reach it, which the no-response path already covers).
 * - A complaint that names no recipient (some feedback loops don't) is taken to be about every
 *   destination of the message: our messages have one recipient, and an ignored complaint costs
 *   more (SES reviews accounts at 0.1 %) than suppressing an address that complained.
 * - Recipients are normalised like every other address key; one that is not an address is a
 *   ValidationError for the whole event, raised before anything is written.
 * - `at` is the time SES reports (bounce/complaint timestamp, else the message's), not the time we
 *   processed it, so a redelivered event writes the same values.
 */
import * as z from 'zod/mini';
import { normaliseEmail } from '#domain/email.ts';
import { NotFound, TransitionRefused, ValidationError } from '#domain/errors.ts';
import type { Store } from '#domain/ports/store.ts';
import { type ContactEvent, isSuppressionStage, type SuppressionReason } from '#domain/types.ts';
import { issuesFromZod } from '#domain/validation.ts';
import type { GuardOutcome, ReputationGuard } from './reputation-guard.ts';

export interface SesFeedbackDeps {
  store: Pick<Store, 'recordSendEvent' | 'suppress' | 'getContact'>;
  /** The workflow's `apply` (commits the lifecycle event, deletes the contact's schedules). */
  workflow: { apply(contactId: string, event: ContactEvent): Promise<unknown> };
  /**
   * Counts sends, hard bounces and complaints and pauses a campaign (or stops all sending) whose
   * rates reach the limits (`reputation-guard.ts`). Every deployment passes one (setup.ts).
   */
  guard?: Pick<ReputationGuard, 'record'>;
}

const nonEmpty = () => z.string().check(z.minLength(1));
const timestamp = () => z.iso.datetime({ offset: true });
const recipients = () =>
  z.array(z.object({ emailAddress: nonEmpty() }), { error: 'must be a list of { emailAddress }' });

/**
 * The SES event record: the `detail` of an EventBridge "Email …" event, the same JSON that SES event
 * publishing writes to SNS or Firehose. Only the fields rapport reads are checked; others pass.
 */
const sesEventSchema = z.object({
  eventType: nonEmpty(),
  mail: z.object({
    messageId: nonEmpty(),
    timestamp: timestamp(),
    destination: z.array(z.string()),
    /** SES echoes every message tag (and its own `ses:*` tags) as name → [value]. */
    tags: z._default(z.record(z.string(), z.array(z.string())), {}),
  }),
  bounce: z.optional(
    z.object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined'], {
        error: 'must be Permanent, Transient or Undetermined',
      }),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: recipients(),
      timestamp: z.optional(timestamp()),
    }),
  ),
  complaint: z.optional(
    z.object({
      complainedRecipients: z._default(recipients(), []),
      complaintFeedbackType: z.optional(z.string()),
      timestamp: z.optional(timestamp()),
    }),
  ),
});

export type SesEvent = z.input<typeof sesEventSchema>;
type ParsedSesEvent = z.output<typeof sesEventSchema>;

/** What happened to the contact a suppressing event was about. */
export type ContactFeedback =
  | { contactId: string; result: 'suppressed' | 'already_suppressed' }
  /** The message carries no `contact` tag (not a rapport send), or the contact is gone (erased). */
  | { contactId?: string; result: 'untagged' | 'not_found' }
  /** The recipient is not the contact's address: a client reminder. The contact is left alone. */
  | { contactId: string; result: 'not_the_recipient' };

export type SesFeedbackOutcome =
  | { outcome: 'send_recorded'; key: string }
  | {
      outcome: 'suppressed';
      reason: Extract<SuppressionReason, 'bounced' | 'complained'>;
      recipients: { email: string; result: 'suppressed' | 'already_suppressed' }[];
      contact: ContactFeedback;
    }
  | { outcome: 'soft_bounce'; bounceType: 'Transient' | 'Undetermined'; recipients: number }
  | { outcome: 'ignored'; eventType: string; reason: string };

/** Checks an SES event record; a ValidationError names every field at fault (e.g. `mail.messageId`). */
export function parseSesEvent(input: unknown): ParsedSesEvent {
  const parsed = sesEventSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, ''));
  const event = parsed.data;
  if (event.eventType === 'Bounce' && !event.bounce) {
    throw ValidationError.of('bounce', 'is required for a Bounce event');
  }
  if (event.eventType === 'Complaint' && !event.complaint) {
    throw ValidationError.of('complaint', 'is required for a Complaint event');
  }
  return event;
}

function firstTag(event: ParsedSesEvent, name: string): string | undefined {
  const value = event.mail.tags[name]?.[0];
  return value === undefined || value === '' ? undefined : value;
}

export function makeSesFeedback(deps: SesFeedbackDeps) {
  /** The addresses, normalised and deduplicated; every one is checked before anything is written. */
  function addresses(field: string, list: { emailAddress: string }[]): string[] {
    return [...new Set(list.map((r, i) => normaliseEmail(r.emailAddress, `${field}[${i}].emailAddress`)))];
  }

  async function recordSend(event: ParsedSesEvent): Promise<SesFeedbackOutcome> {
    const key = firstTag(event, 'key');
    if (!key) return { outcome: 'ignored', eventType: 'Send', reason: 'no key tag (not a rapport send)' };
    const recorded = await deps.store.recordSendEvent(key, event.mail.messageId, event.mail.timestamp);
    return recorded === 'recorded'
      ? { outcome: 'send_recorded', key }
      : { outcome: 'ignored', eventType: 'Send', reason: `no send record for key ${key}` };
  }

  /** The tagged contact becomes `reason` — if one of `emails` is its address. */
  async function suppressContact(
    event: ParsedSesEvent,
    emails: string[],
    reason: 'bounced' | 'complained',
  ): Promise<ContactFeedback> {
    const contactId = firstTag(event, 'contact');
    if (!contactId) return { result: 'untagged' };
    const contact = await deps.store.getContact(contactId);
    if (!contact) return { contactId, result: 'not_found' };
    if (!emails.includes(normaliseEmail(contact.email))) return { contactId, result: 'not_the_recipient' };
    if (isSuppressionStage(contact.stage)) return { contactId, result: 'already_suppressed' };
    try {
      await deps.workflow.apply(contactId, { type: reason });
      return { contactId, result: 'suppressed' };
    } catch (error) {
      // Raced with another suppression (a duplicate event, an unsubscribe): the lifecycle refuses
      // every event in a suppression stage, and that is the outcome we wanted.
      if (error instanceof TransitionRefused && isSuppressionStage(error.stage)) {
        return { contactId, result: 'already_suppressed' };
      }
      if (error instanceof NotFound) return { contactId, result: 'not_found' };
      throw error;
    }
  }

  async function suppress(
    event: ParsedSesEvent,
    emails: string[],
    reason: 'bounced' | 'complained',
    at: string,
  ): Promise<SesFeedbackOutcome> {
    // The list first: it is what stops every later send, from any campaign, even if the contact's
    // update fails and the event has to be delivered again.
    const results = [];
    for (const email of emails) results.push({ email, result: await deps.store.suppress(email, reason, at) });
    return {
      outcome: 'suppressed',
      reason,
      recipients: results,
      contact: await suppressContact(event, emails, reason),
    };
  }

  /** The campaign a message was sent for: its `campaign` tag, else its contact's (messages sent before the tag). */
  async function campaignOf(event: ParsedSesEvent): Promise<string | undefined> {
    const tagged = firstTag(event, 'campaign');
    if (tagged !== undefined) return tagged;
    const contactId = firstTag(event, 'contact');
    return contactId === undefined ? undefined : (await deps.store.getContact(contactId))?.campaignId;
  }

  /**
   * Handles one SES event record. Throws ValidationError (nothing written) for a malformed one. A
   * Send, a hard bounce and a complaint are then counted for the campaign's reputation (`reputation`).
   */
  async function handle(input: unknown): Promise<SesFeedbackOutcome & { reputation?: GuardOutcome }> {
    const event = parseSesEvent(input);
    const outcome = await apply(event);
    const kind =
      outcome.outcome === 'send_recorded' || (outcome.outcome === 'ignored' && event.eventType === 'Send')
        ? 'send'
        : outcome.outcome === 'suppressed'
          ? outcome.reason === 'bounced'
            ? 'hardBounce'
            : 'complaint'
          : undefined;
    if (!deps.guard || kind === undefined) return outcome;
    const reputation = await deps.guard.record(kind, event.mail.messageId, await campaignOf(event));
    return { ...outcome, reputation };
  }

  async function apply(event: ParsedSesEvent): Promise<SesFeedbackOutcome> {
    switch (event.eventType) {
      case 'Send':
        return recordSend(event);
      case 'Bounce': {
        const bounce = event.bounce as NonNullable<ParsedSesEvent['bounce']>;
        const emails = addresses('bounce.bouncedRecipients', bounce.bouncedRecipients);
        if (bounce.bounceType !== 'Permanent') {
          return { outcome: 'soft_bounce', bounceType: bounce.bounceType, recipients: emails.length };
        }
        return suppress(event, emails, 'bounced', bounce.timestamp ?? event.mail.timestamp);
      }
      case 'Complaint': {
        const complaint = event.complaint as NonNullable<ParsedSesEvent['complaint']>;
        const emails =
          complaint.complainedRecipients.length > 0
            ? addresses('complaint.complainedRecipients', complaint.complainedRecipients)
            : addresses(
                'mail.destination',
                event.mail.destination.map((emailAddress) => ({ emailAddress })),
              );
        if (emails.length === 0) {
          throw ValidationError.of(
            'complaint.complainedRecipients',
            'names no recipient, nor does mail.destination',
          );
        }
        return suppress(event, emails, 'complained', complaint.timestamp ?? event.mail.timestamp);
      }
      default:
        return {
          outcome: 'ignored',
          eventType: event.eventType,
          reason: 'nothing to do for this event type',
        };
    }
  }

  return { handle };
}

export type SesFeedback = ReturnType<typeof makeSesFeedback>;
