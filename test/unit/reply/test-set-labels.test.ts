// The held-out replies test set (test/fixtures/replies/test/): its labels are well formed, every .eml
// file is labelled exactly once, and the set is big enough to measure the reader on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { LABEL_INTENTS } from '../../eval/reply-metrics.ts';

const dir = join(import.meta.dirname, '../../fixtures/replies/test');

const isZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isRealDay = (day: string): boolean => new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;

const label = z.strictObject({
  file: z.string().regex(/^\d{3}-[a-z0-9-]+\.eml$/),
  intent: z.enum(LABEL_INTENTS),
  autoReply: z.boolean(),
  returnDate: z.iso.date().refine(isRealDay, 'not a calendar day').nullable(),
  proposedTimes: z.array(z.iso.datetime()),
  referrals: z.array(z.strictObject({ name: z.string().min(1).nullable(), email: z.email() })),
  contactTimeZone: z.string().refine(isZone, 'not an IANA zone'),
  receivedAt: z.iso.datetime(),
  hasMeeting: z.boolean(),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/)),
});

const labels = z.array(label).parse(JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')));
const emlFiles = readdirSync(dir).filter((name) => name.endsWith('.eml'));

const header = (raw: string, name: string): string | undefined => {
  const head = raw.split('\r\n\r\n')[0] ?? '';
  const match = head.match(new RegExp(`^${name}: (.*)$`, 'im'));
  return match?.[1];
};

describe('replies test set labels', () => {
  it('labels every .eml file exactly once, and every label names a file that exists', () => {
    const labelled = labels.map((entry) => entry.file);
    expect(new Set(labelled).size).toBe(labelled.length);
    expect([...labelled].sort()).toEqual([...emlFiles].sort());
    for (const entry of labels) expect(existsSync(join(dir, entry.file)), entry.file).toBe(true);
  });

  it('holds at least 200 replies and at least 15 of every intent', () => {
    expect(labels.length).toBeGreaterThanOrEqual(200);
    for (const intent of LABEL_INTENTS) {
      const count = labels.filter((entry) => entry.intent === intent).length;
      expect(count, intent).toBeGreaterThanOrEqual(15);
    }
  });

  it('keeps receivedAt in 2027, a few seconds after the Date header when there is one', () => {
    for (const entry of labels) {
      const received = Date.parse(entry.receivedAt);
      expect(new Date(received).getUTCFullYear(), entry.file).toBe(2027);
      const date = header(readFileSync(join(dir, entry.file), 'latin1'), 'Date');
      if (date === undefined) continue;
      const sent = Date.parse(date);
      expect(Number.isNaN(sent), entry.file).toBe(false);
      expect(received - sent, entry.file).toBeGreaterThanOrEqual(0);
      expect(received - sent, entry.file).toBeLessThan(5 * 60_000);
    }
  });

  it('gives a return date only to out-of-office replies, after the reply arrived', () => {
    for (const entry of labels) {
      if (entry.returnDate === null) continue;
      expect(entry.intent, entry.file).toBe('out_of_office');
      expect(entry.returnDate > entry.receivedAt.slice(0, 10), entry.file).toBe(true);
    }
  });

  it('proposes only times after the reply arrived, and marks every reschedule as having a meeting', () => {
    for (const entry of labels) {
      for (const time of entry.proposedTimes) expect(time > entry.receivedAt, entry.file).toBe(true);
      if (entry.intent === 'reschedule') expect(entry.hasMeeting, entry.file).toBe(true);
      if (entry.intent === 'referral') expect(entry.referrals.length, entry.file).toBeGreaterThan(0);
      if (entry.intent === 'out_of_office') expect(entry.autoReply, entry.file).toBe(true);
    }
  });

  it('tags every calendar RSVP and delivery report so the eval can group them', () => {
    for (const entry of labels) {
      const raw = readFileSync(join(dir, entry.file), 'latin1');
      expect(/method=REPLY/i.test(raw), entry.file).toBe(entry.tags.includes('rsvp'));
      expect(/report-type=delivery-status/i.test(raw), entry.file).toBe(entry.tags.includes('dsn'));
      expect(header(raw, 'From'), entry.file).toBeDefined();
      expect(header(raw, 'Message-ID'), entry.file).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
      expect(header(raw, 'To'), entry.file).toMatch(/reply\+[0-9a-f]+@in\.northwind-careers\.example/);
    }
  });
});
