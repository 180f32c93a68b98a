/**
 * The signed link to a client's resume (resume mode `link`): rapport's own public resume function
 * streams the PDF while the link is valid — unlike an S3 presigned URL, which dies with the signing
 * role's session after hours.
 *
 * Key: HMAC-SHA256 of a fixed label under a key of the unsubscribe key ring (`key-ring.ts`), so a
 * resume token can never pass as an unsubscribe token (nor the reverse). The token names the ring
 * key it was signed with: new links use the newest key, and a link signed with an older one keeps
 * working for as long as the ring keeps that key valid.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKey } from './key-ring.ts';

const VERSION = 1;
const LABEL = 'rapport/resume-link/v1';

/** The resume links' own key, derived from a ring key's secret with a label of its own. */
export function resumeLinkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(LABEL).digest();
}

export interface ResumeLink {
  /** The PDF's key in the bucket (`resumes/<clientId>/<uuid>.pdf`). */
  resumeKey: string;
  /** Not valid from this instant on (ms since the epoch). */
  expiresAt: number;
}

const mac = (payloadPart: string, key: Buffer) =>
  createHmac('sha256', key).update(payloadPart).digest('base64url');

/** `<ring key id>.<base64url(JSON [1, resumeKey, expiresAt])>.<base64url(HMAC)>` */
export function signResumeToken(link: ResumeLink, key: SigningKey): string {
  const payloadPart = Buffer.from(JSON.stringify([VERSION, link.resumeKey, link.expiresAt])).toString(
    'base64url',
  );
  return `${key.id}.${payloadPart}.${mac(`${key.id}.${payloadPart}`, resumeLinkKey(key.secret))}`;
}

export type ResumeTokenCheck = { outcome: 'valid'; link: ResumeLink } | { outcome: 'expired' | 'invalid' };

/**
 * Checks a token against the ring (`secretOf`: a key id → its secret while the ring keeps it valid)
 * and `now`: valid, expired (signed, too old) or invalid (anything else, a retired key included).
 */
export function verifyResumeToken(
  token: unknown,
  secretOf: (keyId: string) => string | undefined,
  now: Date,
): ResumeTokenCheck {
  if (typeof token !== 'string' || token.length > 2048) return { outcome: 'invalid' };
  const [keyId = '', payloadPart = '', signaturePart = '', extra] = token.split('.');
  if (extra !== undefined) return { outcome: 'invalid' };
  const secret = secretOf(keyId);
  if (secret === undefined) return { outcome: 'invalid' };
  const given = Buffer.from(signaturePart, 'utf8');
  const expected = Buffer.from(mac(`${keyId}.${payloadPart}`, resumeLinkKey(secret)), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { outcome: 'invalid' };
  try {
    const value: unknown = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== VERSION) return { outcome: 'invalid' };
    const [, resumeKey, expiresAt] = value;
    if (typeof resumeKey !== 'string' || typeof expiresAt !== 'number') return { outcome: 'invalid' };
    if (now.getTime() >= expiresAt) return { outcome: 'expired' };
    return { outcome: 'valid', link: { resumeKey, expiresAt } };
  } catch {
    return { outcome: 'invalid' };
  }
}

/** Default validity of a resume link. */
export const RESUME_LINK_DAYS = 60;

/** The link the outreach carries: the resume function's URL with the token. */
export function resumeUrl(
  config: {
    resumeBaseUrl?: string;
    unsubscribeBaseUrl: string;
    /** The ring's newest key (`signingKey`): the one new links are signed with. */
    unsubscribeKey: SigningKey;
    resumeLinkDays?: number;
  },
  resumeKey: string,
  now: Date,
): string {
  const days = config.resumeLinkDays ?? RESUME_LINK_DAYS;
  const token = signResumeToken(
    { resumeKey, expiresAt: now.getTime() + days * 86_400_000 },
    config.unsubscribeKey,
  );
  const url = new URL(config.resumeBaseUrl ?? new URL('/resume', config.unsubscribeBaseUrl).toString());
  url.searchParams.set('token', token);
  return url.toString();
}
