/**
 * A calendar RSVP (iTIP `METHOD:REPLY`, RFC 5546) read from its iCalendar text: the attendee's
 * PARTSTAT answers the invitation. The invitation's ORGANIZER is the reply address, so these arrive
 * as replies. Linear: lines are unfolded and read once.
 */

export type RsvpAnswer = 'accepted' | 'declined' | 'tentative';

/** The RSVP's answer, or undefined when the text is not an iTIP REPLY with a PARTSTAT. */
export function rsvpAnswer(calendar: string | undefined): RsvpAnswer | undefined {
  if (!calendar) return undefined;
  // RFC 5545 §3.1: a line starting with a space or tab continues the previous one.
  const lines = calendar.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  let method: string | undefined;
  let partstat: string | undefined;
  for (const line of lines) {
    const [name = '', ...rest] = line.split(':');
    const upper = name.toUpperCase();
    if (upper === 'METHOD') method = rest.join(':').trim().toUpperCase();
    else if (upper.startsWith('ATTENDEE') && partstat === undefined)
      partstat = /;PARTSTAT=([A-Z-]+)/i.exec(name)?.[1]?.toUpperCase();
  }
  if (method !== 'REPLY' || !partstat) return undefined;
  if (partstat === 'ACCEPTED') return 'accepted';
  if (partstat === 'DECLINED') return 'declined';
  if (partstat === 'TENTATIVE') return 'tentative';
  return undefined;
}
