/**
 * The MIME parse of an inbound message, bounded. postal-mime costs about 10 µs a line (a 30 MB
 * message of short lines takes seconds), and a reply is read from its headers and first text and
 * HTML parts, which come first: only the first {@link MAX_MAIL_BYTES_PARSED} bytes are parsed, cut
 * at a line break. The message itself stays whole in the bucket.
 */
import PostalMime, { type Email } from 'postal-mime';

/** Far above any reply a person writes, quoted thread included; attachments after it are not read. */
export const MAX_MAIL_BYTES_PARSED = 1024 * 1024;

/** postal-mime's reading of the first {@link MAX_MAIL_BYTES_PARSED} bytes of `raw`; throws what postal-mime throws. */
export function parseMail(raw: Uint8Array): Promise<Email> {
  return PostalMime.parse(headOf(raw));
}

function headOf(raw: Uint8Array): Uint8Array {
  if (raw.length <= MAX_MAIL_BYTES_PARSED) return raw;
  const lastLineBreak = raw.lastIndexOf(0x0a, MAX_MAIL_BYTES_PARSED - 1);
  return raw.subarray(0, lastLineBreak > 0 ? lastLineBreak + 1 : MAX_MAIL_BYTES_PARSED);
}
