import { createHmac, timingSafeEqual } from 'node:crypto';
import { type KeyRing, legacyVerifyingSecret, type SigningKey, verifyingSecret } from './key-ring.ts';

/**
 * Who asked to unsubscribe. A token carries the contact's id only (signed, not encrypted: an id
 * says nothing about the person); the address is looked up. Tokens of earlier versions also carried
 * the address and the campaign: those still verify (`legacy`) while the key ring honours them.
 */
export type UnsubscribePayload =
  | { contactId: string; legacy?: undefined }
  | { contactId: string; legacy: { email: string; campaignId: string } };

const LEGACY_VERSION = 1;

function mac(signed: string, secret: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

/** Constant time; compares the canonical encoding (base64url's last character carries unused bits). */
function macMatches(signed: string, given: string, secret: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(mac(signed, secret), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `<key id>.<base64url(contact id)>.<base64url(HMAC-SHA256 of "<key id>.<contact part>")>` */
export function signUnsubscribeToken(contactId: string, key: SigningKey): string {
  const signed = `${key.id}.${Buffer.from(contactId, 'utf8').toString('base64url')}`;
  return `${signed}.${mac(signed, key.secret)}`;
}

/**
 * The payload of a token a key of this ring signed and still honours at `now`, or null for
 * anything else (tampered, unknown or expired key, junk).
 */
export function verifyUnsubscribeToken(token: string, ring: KeyRing, now: Date): UnsubscribePayload | null {
  if (typeof token !== 'string' || token.length > 2048) return null;
  const parts = token.split('.');
  if (parts.length === 2) return verifyLegacy(parts as [string, string], ring, now);
  if (parts.length !== 3) return null;
  const [keyId = '', contactPart = '', signature = ''] = parts;
  const secret = verifyingSecret(ring, keyId, now);
  if (!secret || !macMatches(`${keyId}.${contactPart}`, signature, secret)) return null;
  const contactId = Buffer.from(contactPart, 'base64url').toString('utf8');
  return contactId.length > 0 ? { contactId } : null;
}

/** Earlier versions: `<base64url(JSON [1, contactId, email, campaignId])>.<MAC with the one secret>`. */
function verifyLegacy([payloadPart, signature]: [string, string], ring: KeyRing, now: Date) {
  const secret = legacyVerifyingSecret(ring, now);
  if (!secret || !macMatches(payloadPart, signature, secret)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 4 || value[0] !== LEGACY_VERSION) return null;
    const [, contactId, email, campaignId] = value;
    if (typeof contactId !== 'string' || typeof email !== 'string' || typeof campaignId !== 'string') {
      return null;
    }
    return { contactId, legacy: { email, campaignId } };
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
