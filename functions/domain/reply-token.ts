/**
 * Reply tokens (issue 15): the random part of a contact's `reply+<token>@…` and of the client's
 * `client+<token>@…` reply address. Pure; the random bytes come from the caller. A module of its own,
 * so the functions that only make tokens carry nothing else.
 */

/** A client reply address is valid this long after its reminder went out. */
export const CLIENT_REPLY_TOKEN_DAYS = 60;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * RFC 4648 base32, lowercased, no padding: 16 random bytes → 26 characters. Lower case because some
 * mail systems change the case of an address's local part; 26 characters leave room under the
 * 64-octet limit of a local part.
 */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** Random bytes of a reply token (contacts' and the client's): 128 bits. */
export const REPLY_TOKEN_BYTES = 16;
