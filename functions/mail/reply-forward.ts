/** A contact's reply forwarded to the client, its classification on top. */
import type { ReplyIntent } from '#domain/types.ts';
import { type BuiltEmail, type ForwardReplyInput, finish, toClient } from './draft.ts';
import { fullName, paragraphs } from './template-data.ts';

const INTENTS: Record<ReplyIntent, { label: string; hint: (name: string) => string }> = {
  accepted: {
    label: 'Accepted',
    hint: (n) => `${n} agreed to talk. Book the time in rapport to schedule the confirmation and thank-you.`,
  },
  declined: { label: 'Declined', hint: (n) => `${n} declined. No more reminders go out to them.` },
  referral: { label: 'Referral', hint: (n) => `${n} suggested someone else to talk to.` },
  out_of_office: {
    label: 'Out of office',
    hint: (n) => `An automatic reply from ${n}; the next reminder waits until they are back.`,
  },
  unsubscribe: {
    label: 'Unsubscribe request',
    hint: (n) => `${n} asked not to be contacted again; nothing more is sent to them.`,
  },
  reschedule: {
    label: 'Asks to reschedule',
    hint: (n) => `${n} asked to move the booked meeting. Agree a new time and update the booking in rapport.`,
  },
  other: { label: 'Reply', hint: (n) => `${n} replied. Read it and decide the next step.` },
};

/** What a flagged forward says first: the reading is unsure, or the message failed DMARC. */
const FLAGS: Record<NonNullable<ForwardReplyInput['reply']['flag']>, string> = {
  unsure: 'UNSURE: this reading waits for review; no reminder goes out meanwhile.',
  dmarc_fail: 'WARNING: failed DMARC (the sender may be forged); nothing was changed.',
  employer: 'FROM THE EMPLOYER: someone else there wrote, not the contact.',
};
/** One contact per employer: what the reply paused, in the banner. */
function employerNote(paused: ForwardReplyInput['reply']['employerPaused']): string {
  if (!paused) return '';
  const who = paused.paused === 1 ? 'the other contact' : `the other ${paused.paused} contacts`;
  return ` Someone at ${paused.employer} has now replied, so ${who} there are paused (one contact per employer); resume them from the campaign if you want them contacted.`;
}

/** A contact's reply forwarded to the client, classification on top; Reply-To is the contact. */
export async function forwardReply(input: ForwardReplyInput): Promise<BuiltEmail> {
  const { reply, contact } = input;
  const intent = INTENTS[reply.intent] ?? INTENTS.other;
  const contactName = fullName(contact.firstName, contact.lastName);
  return finish(
    {
      ...toClient(input, 'reply-forward', {
        reply: {
          intent: reply.intent,
          intentLabel: intent.label,
          intentHint:
            (reply.flag ? `${FLAGS[reply.flag]} ` : '') +
            (reply.flag === 'employer' ? '' : intent.hint(contact.firstName)) +
            employerNote(reply.employerPaused),
          // Who wrote, as the greeting says it: the contact, or (a reply from the employer's domain)
          // someone else there, named by their own address.
          lead:
            reply.flag === 'employer'
              ? `${reply.fromName || reply.fromEmail} wrote from ${reply.employerPaused?.employer ?? 'the employer'} (not ${contactName}):`
              : `${contactName} replied:`,
          fromName: reply.fromName,
          fromEmail: reply.fromEmail,
          subject: reply.subject,
          text: reply.text,
          paragraphs: paragraphs(reply.text),
        },
      }),
      replyTo: { name: reply.fromName, address: reply.fromEmail },
    },
    input,
  );
}
