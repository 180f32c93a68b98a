import { ValidationError } from './errors.ts';

// Deliberately plain: one @, a dot in the domain, no spaces or angle brackets. RFC 5322 allows more,
// but nobody a consultancy writes to has such an address, and SES refuses most of them anyway.
// The local part is printable ASCII: SES v1 (SendRawEmail) sends no SMTPUTF8, so `ännö@…` cannot go.
const LOCAL_PART = /^[!#-'*+\--9=?A-Z^-~]+$/;
const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z0-9-]+$/;

/**
 * An internationalised domain as SES can send to it: punycoded (`müller.example` →
 * `xn--mller-kva.example`) and lowercased by the WHATWG host parser (a global, no import), or
 * undefined when it is not a host name.
 */
function asciiDomain(domain: string): string | undefined {
  if (/[\s/?#@:%\\[\]]/u.test(domain)) return undefined;
  try {
    const host = new URL(`http://${domain}`).hostname;
    return DOMAIN.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Normalises an address before it becomes a key: trims it and lowercases the domain (the local
 * part is case-sensitive by the RFC, so it is kept); an internationalised domain is punycoded, a
 * non-ASCII local part is refused (SES cannot send to it). Throws a ValidationError naming `field`.
 */
export function normaliseEmail(raw: string, field = 'email'): string {
  const trimmed = typeof raw === 'string' ? raw.trim() : '';
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = at > 0 ? asciiDomain(trimmed.slice(at + 1)) : undefined;
  const shown = JSON.stringify(String(raw).slice(0, 80));
  if (
    at > 0 &&
    domain !== undefined &&
    !LOCAL_PART.test(local) &&
    /^[^\p{Cc}\p{Cf}\s@<>()[\]\\,;:"]+$/u.test(local)
  ) {
    throw ValidationError.of(
      field,
      `${shown} has non-ASCII characters before the @: such an address cannot be sent to (ask for an ASCII address)`,
    );
  }
  if (
    domain === undefined ||
    !LOCAL_PART.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..') ||
    local.length > 64 ||
    `${local}@${domain}`.length > 254
  ) {
    throw ValidationError.of(field, `${shown} is not a valid email address`);
  }
  return `${local}@${domain}`;
}
