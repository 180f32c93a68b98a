import type { Contact, Step } from './types.ts';

/**
 * The idempotency key of one email: at most one send per key, ever. It names what must never
 * reach the recipient twice — not the schedule that carries it — so re-planning (pause/resume, an
 * out-of-office postponement) never makes an email that already went out sendable again:
 * - the outreach, each follow-up and each keep-in-touch email: once per contact;
 * - the confirmation and the client's "meeting tomorrow": once per meeting and .ics SEQUENCE
 *   (a reschedule sends an updated invitation, which is a new email);
 * - the thank-you and "add your personal line": once per meeting;
 * - "write an update" reminders: once per plan version (they are re-sent while no update comes);
 * - "thank the person who referred you" (`client-thank-referrer`): once per contact.
 * Only `[A-Za-z0-9_-]`, so the key survives as an SES message tag and comes back in SES events.
 */
export function sendKey(contact: Pick<Contact, 'id' | 'meeting' | 'planVersion'>, step: Step): string {
  const id = contact.id.replace(/[^A-Za-z0-9-]/g, '-');
  const meeting = contact.meeting?.id.replace(/[^A-Za-z0-9-]/g, '-') ?? 'none';
  switch (true) {
    case step === 'confirmation' || step === 'client-meeting-tomorrow':
      return `${id}_${step}_${meeting}_s${contact.meeting?.sequence ?? 0}`;
    case step === 'thank-you' || step === 'client-personal-line':
      return `${id}_${step}_${meeting}`;
    case step.startsWith('client-update-'):
      return `${id}_${step}_v${contact.planVersion}`;
    default:
      return `${id}_${step}`;
  }
}
