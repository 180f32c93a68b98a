/** The notice of an unmatched reply (issue 13 item 3): a stranger's text quoted, never rendered. */
import { describe, expect, it } from 'vitest';
import { quoted, unmatchedNotice } from '#mail/unmatched-notice.ts';

describe('unmatchedNotice', () => {
  const base = {
    replyId: 'unmatched.abc',
    sesMessageId: 'ses-1',
    recipients: ['reply+zz@in.example'],
    text: 'Hello\r\nthere',
  };

  it('names it unmatched, says how to attach it and quotes the original', () => {
    const notice = unmatchedNotice({ ...base, from: 'tom@proseware.example', subject: 'Your note' });
    expect(notice.subject).toBe('rapport: unmatched reply from tom@proseware.example: Your note');
    expect(notice.text).toContain('rapport replies attach unmatched.abc <contactId>');
    expect(notice.text).toContain('> Hello\n> there');
  });

  it('keeps a header injection on one line and replaces control and bidi characters', () => {
    const notice = unmatchedNotice({
      ...base,
      subject: 'Hi\r\nBcc: x@evil.example\u202e',
      text: 'a\u0000b\u202ec',
    });
    expect(notice.subject).toBe('rapport: unmatched reply from (no sender): Hi Bcc: x@evil.example\ufffd');
    expect(notice.text).toContain('> a\ufffdb\ufffdc');
  });

  it('says what an employer-domain reply paused', () => {
    const notice = unmatchedNotice({ ...base, employerPaused: { employer: 'Lumen Health', paused: 2 } });
    expect(notice.text).toContain('It came from Lumen Health, where 2 contacts were waiting');
  });

  it('cuts a long original', () => {
    const text = quoted('x'.repeat(30), 10);
    expect(text).toBe('> xxxxxxxxxx\n> [… cut: the whole message is in the unmatched inbox]');
  });
});
