/**
 * The outreach check on the shipped outreach template: its fixed text is at most 50 words in every
 * branch, and with realistic data (its sample, the demo contacts of examples/contacts.csv, every
 * way a contact is found and every resume mode) it raises no error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportRow, readImportFile } from '#domain/import-file.ts';
import { countWords } from '#domain/outreach-check.ts';
import type { Contact, ResumeMode } from '#domain/types.ts';
import { bodyOf } from '#mail/contact-emails.ts';
import { makeOutreachChecker } from '#mail/outreach-findings.ts';
import { renderTemplate } from '#mail/render.ts';
import { config, makeCampaign, makeClient, makeContact } from './fixtures.ts';

const root = join(import.meta.dirname, '../../..');
const sample = JSON.parse(readFileSync(join(root, 'templates/outreach/sample.json'), 'utf8'));
const KINDS = ['referral', 'association', 'instructor', 'alumni', 'event', 'other'] as const;
const MODES: ResumeMode[] = ['attach', 'link', 'none'];
const REALISTIC_NAMES: Record<(typeof KINDS)[number], string> = {
  referral: 'Dana Whitfield',
  association: 'the UX Professionals Association',
  instructor: 'Prof. Alan Reyes',
  alumni: 'Edinburgh Nursing School',
  event: 'UX Scotland 2026',
  other: 'your blog on research operations',
};
const now = new Date('2027-03-02T09:00:00.000Z');

describe('the outreach template and the outreach check', () => {
  it('its fixed text is at most 50 words, whichever branch renders', () => {
    // Every variable a single placeholder word ("V"), every number 0: what is left is the fixed text.
    const blank = {
      ...sample,
      contact: { firstName: 'V', lastName: 'V', fullName: 'V', company: 'V', role: 'V', personalLine: null },
      client: { firstName: 'V', lastName: 'V', fullName: 'V', field: 'V', introduction: 'V' },
      meetingMinutes: 0,
    };
    for (const kind of KINDS) {
      for (const mode of MODES) {
        const out = renderTemplate('outreach', {
          ...blank,
          foundVia: { kind, name: 'V' },
          resume: { mode, url: mode === 'link' ? 'https://r.example/x' : null },
        });
        const fixed = bodyOf(out.text)
          .split(/\s+/)
          .filter((w) => !/^V\W*$|^0$|^https:/.test(w));
        expect(countWords(fixed.join(' ')), `${kind}/${mode}: ${fixed.join(' ')}`).toBeLessThanOrEqual(50);
      }
    }
  });

  const check = makeOutreachChecker(config);

  it('the sample, every way of finding a contact, every resume mode: no error', () => {
    for (const kind of KINDS) {
      for (const mode of MODES) {
        const contact = makeContact({
          foundVia: {
            kind,
            name: REALISTIC_NAMES[kind],
          },
          personalLine: sample.contact.personalLine,
        });
        const findings = check({
          contact,
          client: makeClient({ resumeMode: mode }),
          campaign: makeCampaign(),
          now,
        });
        expect(findings, `${kind}/${mode}: ${JSON.stringify(findings)}`).toEqual([]);
      }
    }
  });

  it('the demo contacts (examples/contacts.csv): no error; without a referrer or personal line, a warning', () => {
    const file = readImportFile(
      readFileSync(join(root, 'examples/contacts.csv'), 'utf8'),
      'text/csv',
      'file',
    );
    let checked = 0;
    for (let i = 0; i < file.rows.length; i++) {
      const row = parseImportRow(file, i, { timeZone: 'Europe/London' });
      if (!('contact' in row)) continue; // the file's two deliberately bad rows
      const contact: Contact = makeContact({ ...row.contact });
      const findings = check({ contact, client: makeClient(), campaign: makeCampaign(), now });
      expect(
        findings.filter((f) => f.severity === 'error'),
        contact.email,
      ).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
