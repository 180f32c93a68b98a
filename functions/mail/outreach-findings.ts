/**
 * The outreach check (`#domain/outreach-check.ts`) on the outreach a contact would get: rendered
 * from the same data as the send, its body without the footer, the signature and the resume.
 */
import { checkOutreach, type Finding } from '#domain/outreach-check.ts';
import type { Campaign, Client, Contact } from '#domain/types.ts';
import type { MailConfig } from './config.ts';
import { bodyOf, outreachData } from './contact-emails.ts';
import { toContact } from './draft.ts';
import { renderTemplate } from './render.ts';

/** Something personal about the contact: a referrer, or a personal line. */
export function isPersonal(contact: Pick<Contact, 'foundVia' | 'personalLine'>): boolean {
  return contact.foundVia.kind === 'referral' || Boolean(contact.personalLine?.trim());
}

/** The findings of a rendered outreach (a preview's subject and text part). */
export function findingsOfOutreach(contact: Contact, email: { subject: string; text: string }): Finding[] {
  return checkOutreach({ subject: email.subject, body: bodyOf(email.text), personal: isPersonal(contact) });
}

/**
 * Renders the contact's outreach (no attachment is read) and checks it. The check reads the body
 * without its footer, so the render signs its links with a key of its own: nothing rendered here is
 * ever sent, and the check needs no access to the key ring.
 */
export function makeOutreachChecker(config: MailConfig) {
  const checkConfig = { ...config, unsubscribeKey: CHECK_ONLY_KEY };
  return (input: { contact: Contact; client: Client; campaign: Campaign; now: Date }): Finding[] => {
    const context = { ...input, config: checkConfig, blobs: NO_BLOBS };
    const rendered = renderTemplate('outreach', toContact(context, 'outreach', outreachData(context)).data);
    return findingsOfOutreach(input.contact, rendered);
  };
}

const CHECK_ONLY_KEY = { id: 'check', secret: 'the-outreach-check-renders-links-never-sent' };

const NO_BLOBS = {
  async put() {
    throw new Error('the outreach check reads no blob');
  },
  async get(): Promise<Buffer> {
    throw new Error('the outreach check reads no blob');
  },
  async delete() {
    throw new Error('the outreach check reads no blob');
  },
};
