import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { replyKeyOf } from '#usecases/inbound.ts';

const message = (
  changes: { body?: string; messageId?: string; from?: string; prefix?: string; eol?: string } = {},
) => {
  const eol = changes.eol ?? '\r\n';
  return [
    ...(changes.prefix ? [changes.prefix] : []),
    `From: Priya Raman <${changes.from ?? 'priya@lumen.example'}>`,
    'Subject: Re: Informational interview request',
    'Date: Tue, 01 Dec 2026 10:15:00 -0500',
    `Message-ID: <${changes.messageId ?? 'a1@mail.example.net'}>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    changes.body ?? 'Happy to help!',
    '',
  ].join(eol);
};

const keyOf = async (raw: string) => replyKeyOf(await PostalMime.parse(raw));

describe('replyKeyOf: what identifies a message to a person', () => {
  it('is the same for an MTA retry (another Received header), LF line ends, or the From address in another case', async () => {
    const key = await keyOf(message());
    expect(
      await keyOf(message({ prefix: 'Received: from relay.example.net by mx.example; Tue, 1 Dec 2026' })),
    ).toBe(key);
    expect(await keyOf(message({ eol: '\n' }))).toBe(key);
    expect(await keyOf(message({ from: 'PRIYA@lumen.example' }))).toBe(key);
    expect(await keyOf(message({ from: 'priya@LUMEN.example' }))).toBe(key);
  });

  it('differs for a new text reusing the Message-ID, and for another Message-ID', async () => {
    const key = await keyOf(message());
    expect(await keyOf(message({ body: 'Please unsubscribe me.' }))).not.toBe(key);
    expect(await keyOf(message({ messageId: 'a2@mail.example.net' }))).not.toBe(key);
  });
});
