import { describe, expect, it } from 'vitest';
import { checkReply, hasReadableText } from '#domain/reply/hold-check.ts';

const CONTACT = 'Priya.Raman@Lumen.example';
const CLIENT = 'sam@lumen.example';
const TEXT = 'Happy to help, Thursday works.';

describe('checkReply: is this the contact replying, with something to say?', () => {
  it.each([
    ['the contact', 'Priya.Raman@lumen.example', { held: false }],
    ['the contact, other case', 'priya.raman@LUMEN.EXAMPLE', { held: false }],
    [
      'a colleague at the contact’s domain (flagged)',
      'pa@lumen.example',
      { held: false, sentFrom: 'pa@lumen.example' },
    ],
    [
      'the client, even at the contact’s domain',
      'Sam@lumen.example',
      { held: true, reason: 'sent_by_client' },
    ],
    ['a stranger', 'x@attacker.example', { held: true, reason: 'not_the_contact' }],
    ['a sub-domain of the contact’s', 'x@mail.lumen.example', { held: true, reason: 'not_the_contact' }],
    ['nobody', '', { held: true, reason: 'no_sender' }],
    ['not an address', 'not an address', { held: true, reason: 'no_sender' }],
  ])('%s', (_case, from, expected) => {
    expect(checkReply({ from, contactEmail: CONTACT, clientEmail: CLIENT, newText: TEXT })).toMatchObject(
      expected,
    );
  });

  it('a free-mail domain is not "the contact’s domain"', () => {
    const check = checkReply({ from: 'other@gmail.com', contactEmail: 'priya@gmail.com', newText: TEXT });
    expect(check).toMatchObject({ held: true, reason: 'not_the_contact' });
  });

  it('a reply from the contact with no new text is held', () => {
    expect(checkReply({ from: CONTACT, contactEmail: CONTACT, newText: ' \r\n ' })).toMatchObject({
      held: true,
      reason: 'no_text',
    });
  });
});

describe('hasReadableText: "some text"', () => {
  it.each([
    ['Yes', true],
    ['OK.', true],
    ['はい、喜んで。', true],
    ['Ja — gerne! 😊', true],
    ['2pm', true],
    ['', false],
    ['   \n\t ', false],
    ['👍', false],
    ['...!?', false],
    ['\u0000\u0001binary\u0002\u0003\u0004\ufffd\ufffd\ufffd', false],
    [`A reply with one odd byte \ufffd in a long sentence that a person wrote.`, true],
  ])('%j → %s', (text, readable) => {
    expect(hasReadableText(text)).toBe(readable);
  });
});
