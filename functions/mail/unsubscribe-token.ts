import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who asked to unsubscribe, from which campaign. Carried (signed, not encrypted) in the URL. */
export interface UnsubscribePayload {
  contactId: string;
  email: string;
  campaignId: string;
}

const VERSION = 1;

function mac(payloadPart: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payloadPart).digest();
}

/** `<base64url(JSON [1, contactId, email, campaignId])>.<base64url(HMAC-SHA256)>` */
export function signUnsubscribeToken(payload: UnsubscribePayload, secret: string): string {
  const body = JSON.stringify([VERSION, payload.contactId, payload.email, payload.campaignId]);
  const payloadPart = Buffer.from(body, 'utf8').toString('base64url');
  return `${payloadPart}.${mac(payloadPart, secret).toString('base64url')}`;
}

/** The payload of a token this secret signed, or null for anything else. Constant-time comparison. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribePayload | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payloadPart = '', signaturePart = ''] = parts;
  // Compare the canonical encoding, not the decoded bytes: base64url's last character carries unused
  // low bits, so several strings decode to the same signature. Only the one we would write verifies.
  const given = Buffer.from(signaturePart, 'utf8');
  const expected = Buffer.from(mac(payloadPart, secret).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4 || value[0] !== VERSION) return null;
    const [, contactId, email, campaignId] = value;
    if (typeof contactId !== 'string' || typeof email !== 'string' || typeof campaignId !== 'string') {
      return null;
    }
    return { contactId, email, campaignId };
  } catch {
    return null;
  }
}

/** The HTTPS one-click URL (RFC 8058) for `List-Unsubscribe` and the visible footer link. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('token', token);
  return url.toString();
}
