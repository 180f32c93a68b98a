import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmailRefused } from '#mail/errors.ts';
import { renderTemplate } from '#mail/render.ts';

const sample = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../templates', name, 'sample.json'), 'utf8'));

function refusal(fn: () => unknown): EmailRefused {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EmailRefused);
    return error as EmailRefused;
  }
  throw new Error('expected a refusal');
}

describe('renderTemplate: Liquid only, strict, escaped', () => {
  it('a missing value is refused naming template and variable, never "Hi ,"', () => {
    const data = sample('outreach');
    delete data.contact.firstName;
    const error = refusal(() => renderTemplate('outreach', data));
    expect(error.message).toBe('template outreach: missing variable contact.firstName');
    expect(error.reason).toBe('MissingVariable');
    expect(error.details.variables).toEqual(['contact.firstName']);
  });

  it('a blank value counts as missing', () => {
    const data = sample('follow-up');
    data.contact.firstName = '   ';
    data.client.fullName = '';
    expect(refusal(() => renderTemplate('follow-up', data)).message).toBe(
      'template follow-up: missing variable contact.firstName, client.fullName',
    );
  });

  it('wrong types are refused by name', () => {
    const data = sample('outreach');
    data.meetingMinutes = '20';
    expect(refusal(() => renderTemplate('outreach', data)).message).toBe(
      'template outreach: invalid data: meetingMinutes: not a number',
    );
  });

  it('optional values fall back: no personal line, no empty paragraph', () => {
    const data = sample('thank-you');
    delete data.personalLine;
    const out = renderTemplate('thank-you', data);
    expect(out.text).not.toContain('undefined');
    expect(out.text).not.toMatch(/\n\n\n/);
    expect(out.html).not.toContain('<p style="margin: 0 0 12px 0;"></p>');
    const withDefault = sample('reply-forward');
    withDefault.reply.fromName = null;
    expect(renderTemplate('reply-forward', withDefault).text).toContain(
      'From: priya.raman@lumen-health.example <priya.raman@lumen-health.example>',
    );
  });

  it('escapes values in the HTML part only', () => {
    const data = sample('thank-you');
    data.contact.firstName = '<img src=x onerror=alert(1)>';
    data.personalLine = 'Tom & Jerry\'s "advice"';
    const out = renderTemplate('thank-you', data);
    expect(out.html).toContain('Hi &lt;img src=x onerror=alert(1)&gt;,');
    expect(out.html).toContain('Tom &amp; Jerry&#39;s &#34;advice&#34;');
    expect(out.text).toContain('Hi <img src=x onerror=alert(1)>,');
    expect(out.text).toContain('Tom & Jerry\'s "advice"');
    expect(out.subject).toBe('Thank you, <img src=x onerror=alert(1)>');
  });

  it('a newline in a value cannot break out of the subject line', () => {
    const data = sample('thank-you');
    data.contact.firstName = 'Priya\r\nBcc: victim@example.com';
    expect(renderTemplate('thank-you', data).subject).toBe('Thank you, Priya Bcc: victim@example.com');
  });

  it('only declared data reaches Liquid (no prototype or extra keys)', () => {
    const data = sample('thank-you');
    data.contact.constructor = 'x';
    data.secret = 'do not render';
    const out = renderTemplate('thank-you', data);
    expect(out.html).not.toContain('do not render');
  });
});
