/** The funnel's file name: the campaign's name kept, characters file systems refuse replaced. */
import { describe, expect, it } from 'vitest';

// Loaded by a computed path: web/src is typed for the DOM (web/tsconfig.json), this file for Node.
const WEB = '../../../web/src/';
const { fileNameOf } = (await import(`${WEB}download.ts`)) as {
  fileNameOf: (label: string, extension: string) => string;
};

describe('fileNameOf', () => {
  it('keeps the name, spaces and accents included', () => {
    expect(fileNameOf('funnel-Spring outreach', 'csv')).toBe('funnel-Spring outreach.csv');
    expect(fileNameOf('funnel-Été à Zürich', 'csv')).toBe('funnel-Été à Zürich.csv');
  });

  it('replaces what Windows, macOS or Linux refuse in a file name', () => {
    expect(fileNameOf('funnel-Q1/Q2: "Berlin" <UX>?*|\\\\', 'csv')).toBe('funnel-Q1-Q2- -Berlin- -UX-.csv');
    expect(fileNameOf('funnel-a\nb\tc', 'csv')).toBe('funnel-a-b-c.csv');
  });

  it('never yields an empty name', () => {
    expect(fileNameOf('  ', 'csv')).toBe('download.csv');
    expect(fileNameOf('///', 'csv')).toBe('download.csv');
  });
});
