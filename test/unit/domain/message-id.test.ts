import { describe, expect, it } from 'vitest';
import { bareMessageId } from '#domain/message-id.ts';

describe('bareMessageId (the one place a Message-ID loses its angle brackets)', () => {
  it.each([
    ['<0100018f-abc@email.amazonses.com>', '0100018f-abc@email.amazonses.com'],
    ['0100018f-abc@email.amazonses.com', '0100018f-abc@email.amazonses.com'],
    ['  <id@host>\r\n', 'id@host'],
    ['<<id@host>>', 'id@host'],
    ['<id@host', 'id@host'],
    ['id@host>', 'id@host'],
  ])('%j → %j', (raw, bare) => {
    expect(bareMessageId(raw)).toBe(bare);
  });

  it('leaves brackets inside the id alone and is idempotent', () => {
    expect(bareMessageId('<a<b>c@host>')).toBe('a<b>c@host');
    expect(bareMessageId(bareMessageId('<id@host>'))).toBe(bareMessageId('<id@host>'));
  });
});
