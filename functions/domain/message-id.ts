/**
 * A Message-ID as rapport keeps and compares it: without its angle brackets, so `<abc@host>` (a
 * header) and `abc@host` (what SES returns, what the store keys on) are one id. The one place the
 * brackets are taken off.
 */
export function bareMessageId(messageId: string): string {
  return messageId.trim().replace(/^<+/, '').replace(/>+$/, '');
}
