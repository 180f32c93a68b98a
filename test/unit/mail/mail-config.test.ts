import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { parseMailConfig } from '#mail/config.ts';
import { config } from './fixtures.ts';

function unsubscribeIssue(unsubscribeBaseUrl: string): string | undefined {
  try {
    parseMailConfig({ ...config, unsubscribeBaseUrl });
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.find((i) => i.field === 'mail.unsubscribeBaseUrl')?.message;
  }
}

describe('MailConfig unsubscribeBaseUrl', () => {
  it.each([
    'https://unsubscribe.northwind-careers.example/u',
    'http://127.0.0.1:4590/u',
    'http://localhost:4590/u',
    'http://[::1]:4590/u',
  ])('accepts %s', (url) => {
    expect(unsubscribeIssue(url)).toBeUndefined();
  });

  it.each([
    'http://unsubscribe.northwind-careers.example/u',
    'http://127.0.0.2.example/u',
    'http://localhost.evil.example/u',
    'http://10.0.0.5/u',
    'ftp://127.0.0.1/u',
    'not a url',
    '',
  ])('refuses %s: plain http is for a loopback host only', (url) => {
    expect(unsubscribeIssue(url)).toBe('must be an https URL (plain http only on 127.0.0.1 or localhost)');
  });

  it('still refuses a plain-http logo, even on loopback', () => {
    expect(() => parseMailConfig({ ...config, logoUrl: 'http://127.0.0.1/logo.png' })).toThrow(
      'mail.logoUrl: must be an https URL',
    );
  });
});
