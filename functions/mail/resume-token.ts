/**
 * The signed link to a client's resume (resume mode `link`): rapport's own public resume function
 * streams the PDF while the link is valid — unlike an S3 presigned URL, which dies with the signing
 * role's session after hours.
 *
 * Key: HMAC-SHA256 of a fixed label under the unsubscribe links' signing secret, so a resume token
 * can never pass as an unsubscribe token (nor the reverse) while one secret is configured. When the
 * secret moves to a key ring, `resumeLinkKey` is the one place that takes the ring's current key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const LABEL = 'rapport/resume-link/v1';

/** The resume links' own key, derived from the signing secret with a label of its own. */
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

/** `<base64url(JSON [1, resumeKey, expiresAt])>.<base64url(HMAC)>` */
export function signResumeToken(link: ResumeLink, key: Buffer): string {
  const payloadPart = Buffer.from(JSON.stringify([VERSION, link.resumeKey, link.expiresAt])).toString(
    'base64url',
  );
  return `${payloadPart}.${mac(payloadPart, key)}`;
}

export type ResumeTokenCheck = { outcome: 'valid'; link: ResumeLink } | { outcome: 'expired' | 'invalid' };

/** Checks a token against the key and `now`: valid, expired (signed, too old) or invalid (anything else). */
export function verifyResumeToken(token: unknown, key: Buffer, now: Date): ResumeTokenCheck {
  if (typeof token !== 'string' || token.length > 2048) return { outcome: 'invalid' };
  const [payloadPart = '', signaturePart = '', extra] = token.split('.');
  if (extra !== undefined) return { outcome: 'invalid' };
  const given = Buffer.from(signaturePart, 'utf8');
  const expected = Buffer.from(mac(payloadPart, key), 'utf8');
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
    unsubscribeSecret: string;
    resumeLinkDays?: number;
  },
  resumeKey: string,
  now: Date,
): string {
  const days = config.resumeLinkDays ?? RESUME_LINK_DAYS;
  const token = signResumeToken(
    { resumeKey, expiresAt: now.getTime() + days * 86_400_000 },
    resumeLinkKey(config.unsubscribeSecret),
  );
  const url = new URL(config.resumeBaseUrl ?? new URL('/resume', config.unsubscribeBaseUrl).toString());
  url.searchParams.set('token', token);
  return url.toString();
}
