/**
 * Issue 8, defect 2: replies that took minutes to read. Reading is linear and bounded: the HTML
 * converted, the text searched for quoted history, the new text read and the bytes parsed are all
 * capped. These tests assert the bounds (what was read); the time bounds are 50× and more what the
 * reading takes here, so a loaded machine cannot break them — `npm run bench:inbound` has the timings.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DATE_TEXT_CHARS } from '#domain/reply/find-dates.ts';
import { htmlToText, MAX_NEW_TEXT_CHARS, newTextOf } from '#domain/reply/new-text.ts';
import { READ_LIMITS, readReply } from '#domain/reply/read-reply.ts';
import { toIncomingReply } from '#usecases/inbound.ts';
import { MAX_MAIL_BYTES_PARSED, parseMail } from '#usecases/parse-mail.ts';
import { dateFloodReply, htmlOnlyReply, repeatTo } from '../../fixtures/hostile-mail.ts';

const MB = 1_000_000;
const context = { receivedAt: new Date('2026-03-02T10:00:00Z'), contactTimeZone: 'Europe/London' };
/** Far above the few hundred milliseconds any of these takes on a loaded machine; today's code took minutes. */
const GENEROUS_MS = 10_000;

function timed<T>(read: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = read();
  return { result, ms: performance.now() - start };
}

function htmlReply(html: string) {
  return {
    from: { address: 'priya@hostile.example' },
    to: [],
    cc: [],
    subject: 'Re: hello',
    headers: {},
    html,
  };
}

describe('defect 2: replies that took minutes to read', () => {
  it("defect 2: an HTML-only reply of 1 MB of '<style' reads in linear time, and only its first 20 KB of text", () => {
    const { result, ms } = timed(() => readReply(htmlReply(repeatTo('<style', MB)), context));
    expect(result.body === repeatTo('<style', MAX_NEW_TEXT_CHARS)).toBe(true);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it("defect 2: an HTML-only reply of 1 MB of '<a ' reads in linear time", () => {
    const { result, ms } = timed(() => readReply(htmlReply(repeatTo('<a ', MB)), context));
    expect(result.body.length).toBeLessThanOrEqual(MAX_NEW_TEXT_CHARS);
    expect(result.body.startsWith('<a <a')).toBe(true);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('defect 2: unclosed comments, raw-text elements and quotes in HTML are read in one pass, as before', () => {
    expect(htmlToText(`<p>Yes</p><!--${repeatTo('<!--', 400_000)}`)).toBe('Yes');
    expect(htmlToText(`<p>Yes</p><script>${repeatTo('<script>', 400_000)}`)).toBe('Yes');
    // No '>' anywhere after: the '<'s are text, as they always were.
    const unclosed = htmlToText(`<p>Yes</p>${repeatTo('<p title="', 400_000)}`);
    expect(unclosed.startsWith('Yes\n\n<p title="<p title="')).toBe(true);
    expect(unclosed.length).toBe('Yes\n\n'.length + 400_000);
    expect(htmlToText('<p>Yes <a href="x>y">link</a></p><style x>p{}</style><b>bold</b>')).toBe(
      'Yes link\n\nbold',
    );
  });

  it('defect 2: HTML is cut before conversion and its text before the quoted-history search', () => {
    const html = `<p>Yes, happy to talk.</p>${repeatTo('<p>filler text</p>', 3 * READ_LIMITS.htmlChars)}`;
    const { result } = timed(() => readReply(htmlReply(html), context));
    expect(result.intent).toBe('accepted');
    expect(result.body.length).toBeLessThanOrEqual(MAX_NEW_TEXT_CHARS);
  });

  it('defect 2: an accepted reply with 2 MB of date words reads the first 20 KB, dates in its first 5 KB', () => {
    const text = `Yes, happy to talk. ${repeatTo('Monday Tuesday 3pm next week 12/7 ', 2 * MB)}`;
    const { result, ms } = timed(() => readReply({ ...htmlReply(''), html: undefined, text }, context));
    expect(result.intent).toBe('accepted');
    expect(result.body === text.slice(0, MAX_NEW_TEXT_CHARS).trim()).toBe(true);
    // Read on Monday 2 March: "Monday" is the next one, 9 March (issue 12; it read as today before).
    expect(result.proposedDates).toEqual(['2026-03-09', '2026-03-03', '2026-12-07']);
    expect(MAX_DATE_TEXT_CHARS).toBeLessThan(MAX_NEW_TEXT_CHARS);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('defect 2: signature and quote-header patterns are tried line by line on short lines (no cubic backtracking)', () => {
    const crafted = repeatTo('abc. x skrev y:z\n', MAX_NEW_TEXT_CHARS);
    const { result, ms } = timed(() => newTextOf(`Yes.\n${crafted}${repeatTo('~', 20_000)}`));
    expect(result.startsWith('Yes.\nabc. x skrev y:z')).toBe(true);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('defect 2: a 30 MB message is parsed only to its first MiB and read as the reply at its top', async () => {
    const raw = Buffer.from(dateFloodReply(30 * MB));
    const start = performance.now();
    const mail = await parseMail(raw);
    const reading = readReply(toIncomingReply(mail), context);
    expect(performance.now() - start).toBeLessThan(GENEROUS_MS);
    expect(mail.text?.length).toBeLessThanOrEqual(MAX_MAIL_BYTES_PARSED);
    expect(mail.text?.startsWith('Yes, happy to talk. Monday')).toBe(true);
    expect(reading.intent).toBe('accepted');
    expect(reading.body.length).toBeLessThanOrEqual(MAX_NEW_TEXT_CHARS);
  });

  it('defect 2: an HTML-only 30 MB message reads in bounded time', async () => {
    const raw = Buffer.from(
      htmlOnlyReply(`<p>No, sorry, I am not able to help.</p>${repeatTo('<style', 30 * MB)}`),
    );
    const start = performance.now();
    const reading = readReply(toIncomingReply(await parseMail(raw)), context);
    expect(performance.now() - start).toBeLessThan(GENEROUS_MS);
    expect(reading.intent).toBe('declined');
  });
});
