import { createHmac } from 'node:crypto';

/**
 * A token as earlier versions signed it (the one plain secret, the address in the payload): what
 * the emails already sent carry. Kept here, byte for byte as it was, to prove they still verify.
 */
export function legacyUnsubscribeToken(
  payload: { contactId: string; email: string; campaignId: string },
  secret: string,
): string {
  const body = JSON.stringify([1, payload.contactId, payload.email, payload.campaignId]);
  const payloadPart = Buffer.from(body, 'utf8').toString('base64url');
  return `${payloadPart}.${createHmac('sha256', secret).update(payloadPart).digest('base64url')}`;
}
