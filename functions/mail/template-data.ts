/** The data the templates share: names, the consultancy's layout, a meeting, paragraphs of text. */
import type { Client, Contact, Meeting } from '#domain/types.ts';
import type { MailConfig } from './config.ts';
import { EmailRefused } from './errors.ts';
import { formatShortWhen, formatWhen } from './format.ts';
import type { TemplateName } from './render.ts';

export function fullName(first: string, last?: string): string {
  return [first, last].filter((part) => part?.trim()).join(' ');
}

export function contactData(contact: Contact) {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    fullName: fullName(contact.firstName, contact.lastName),
    company: contact.company,
    role: contact.role,
    personalLine: contact.personalLine,
  };
}

export function clientData(client: Client) {
  return {
    firstName: client.firstName,
    lastName: client.lastName,
    fullName: fullName(client.firstName, client.lastName),
    field: client.field,
    introduction: client.introduction,
  };
}

export function consultancyData(config: MailConfig) {
  return {
    name: config.consultancyName,
    color: config.brandColor,
    logoUrl: config.logoUrl,
    postalAddress: config.postalAddress,
    postalAddressRequired: postalAddressRequired(config.consultancyCountry),
  };
}

/**
 * Countries whose law requires a postal address in the emails rapport sends to contacts:
 * - US: CAN-SPAM (15 U.S.C. 7704(a)(5)(A)(iii)) requires a valid physical postal address in
 *   commercial email; an outreach written for a paid career service is treated as such.
 * - CA: CASL (Electronic Commerce Protection Regulations, s. 2) requires the sender's mailing
 *   address in a commercial electronic message.
 * Elsewhere (the UK's PECR, the EU's ePrivacy rules, Australia's Spam Act) identifying the sender
 * and a working opt-out suffice: the personal email carries both (the From, the one-click line).
 * No country configured: shown, the safe side.
 */
export const POSTAL_ADDRESS_COUNTRIES: readonly string[] = ['US', 'CA'];

export function postalAddressRequired(country: string | undefined): boolean {
  return country === undefined || POSTAL_ADDRESS_COUNTRIES.includes(country);
}

/** The client's signature as lines (none: an empty list). */
export function signatureLines(signature: string | undefined): string[] {
  return (signature ?? '')
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line, i, all) => line.trim() !== '' || (i > 0 && i < all.length - 1));
}

export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export function meetingData(meeting: Meeting, timeZone: string) {
  return {
    when: formatWhen(meeting.start, timeZone),
    shortWhen: formatShortWhen(meeting.start, timeZone),
    durationMinutes: meeting.durationMinutes,
    mode: meeting.mode,
    location: meeting.location,
    videoLink: meeting.videoLink,
  };
}

/** The contact's meeting; refused when there is none. */
export function meetingOf(template: TemplateName, contact: Contact): Meeting {
  if (!contact.meeting) {
    throw new EmailRefused('MissingMeeting', template, `contact ${contact.id} has no meeting`, {
      variables: ['meeting'],
    });
  }
  return contact.meeting;
}

/** The contact's meeting and its place: the video link of a remote meeting, else the location. */
export function requireMeeting(template: TemplateName, contact: Contact): Meeting {
  const meeting = meetingOf(template, contact);
  const needed = meeting.mode === 'remote' ? 'videoLink' : 'location';
  if (!meeting[needed]?.trim()) {
    throw new EmailRefused(
      'MissingVariable',
      template,
      `missing variable meeting.${needed} (${meeting.mode} meeting)`,
      {
        variables: [`meeting.${needed}`],
      },
    );
  }
  return meeting;
}
