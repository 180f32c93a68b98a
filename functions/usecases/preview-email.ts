/**
 * The exact email a contact (or its client) gets for a step: built by the dispatch function's
 * EmailBuilder from the same contact, client and campaign, then read back from the composed MIME
 * message — so the preview shows what goes on the wire (Reply-To, List-Unsubscribe, the attachment
 * names), not a second rendering. Nothing is sent or written. Throws what the builder throws
 * (EmailRefused when the step cannot be built from the data yet).
 */
import PostalMime, { type Address } from 'postal-mime';
import type { EmailBuilder, EmailContext } from '#domain/ports/email-builder.ts';
import type { Step } from '#domain/types.ts';

export interface EmailPreview {
  step: Step;
  subject: string;
  text: string;
  html: string;
  /** File names, in the message's order. */
  attachments: string[];
  /** The headers a person or a mail client acts on, decoded; absent ones are left out. */
  headers: {
    from: string;
    to: string;
    replyTo?: string;
    listUnsubscribe?: string;
    listUnsubscribePost?: string;
    inReplyTo?: string;
    references?: string;
    autoSubmitted?: string;
  };
}

function shown(addresses: Address | Address[] | undefined): string | undefined {
  const list = Array.isArray(addresses) ? addresses : addresses ? [addresses] : [];
  const mailboxes = list.flatMap((a) => (a.group ? a.group : [a]));
  if (mailboxes.length === 0) return undefined;
  return mailboxes.map((m) => (m.name ? `${m.name} <${m.address}>` : m.address)).join(', ');
}

export async function previewEmail(
  emails: Pick<EmailBuilder, 'step'>,
  input: EmailContext & { step: Step },
): Promise<EmailPreview> {
  const built = await emails.step(input);
  const mail = await PostalMime.parse(built.raw);
  const header = (name: string) => mail.headers.find((h) => h.key === name)?.value.trim();
  const optional = {
    replyTo: shown(mail.replyTo),
    listUnsubscribe: header('list-unsubscribe'),
    listUnsubscribePost: header('list-unsubscribe-post'),
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    autoSubmitted: header('auto-submitted'),
  };
  return {
    step: input.step,
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: mail.html ?? '',
    attachments: mail.attachments.map((a) => a.filename ?? ''),
    headers: {
      from: shown(mail.from) ?? '',
      to: shown(mail.to) ?? '',
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    },
  };
}
