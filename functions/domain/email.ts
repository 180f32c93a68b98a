import { ValidationError } from './errors.ts';

// Deliberately plain: one @, a dot in the domain, no spaces or angle brackets. RFC 5322 allows more,
// but nobody a consultancy writes to has such an address, and SES refuses most of them anyway.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Normalises an address before it becomes a key: trims it and lowercases the domain (the local
 * part is case-sensitive by the RFC, so it is kept). Throws a ValidationError naming `field`.
 */
export function normaliseEmail(raw: string, field = 'email'): string {
  const trimmed = typeof raw === 'string' ? raw.trim() : '';
  if (!EMAIL.test(trimmed) || trimmed.length > 254) {
    throw ValidationError.of(field, `"${String(raw).slice(0, 80)}" is not a valid email address`);
  }
  const at = trimmed.lastIndexOf('@');
  return `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}
