/**
 * Shared data for the mail tests and the render bench: the demo world's client, campaign and mail
 * configuration (local/demo-data.ts) under the fixed ids these tests assert on, plus meetings,
 * contacts and in-memory blobs.
 */

import { NotFound } from '#domain/errors.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Campaign, Client, Contact, Meeting, QuestionSet } from '#domain/types.ts';
import { DEMO_MAIL_CONFIG, demoCampaign, demoClient } from '#local/demo-data.ts';
import type { SigningMailConfig } from '#mail/config.ts';

export const config: SigningMailConfig = DEMO_MAIL_CONFIG;

export const questions: QuestionSet = [
  { domain: 'interviewee', text: 'How did you find your way into UX research?' },
  { domain: 'interviewee', text: 'What does a typical week in your role really involve?' },
  { domain: 'field', text: 'How do you see the field changing over the next five years?' },
  { domain: 'advice', text: 'Does my resume show the skills a research team looks for?' },
  { domain: 'advice', text: 'Who else would you suggest I talk to?' },
];

export function makeClient(overrides: Partial<Client> = {}): Client {
  return demoClient({ id: 'cli_sam', resumeKey: 'resumes/cli_sam.pdf', ...overrides });
}

export function makeCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return demoCampaign({
    id: 'cmp_ux',
    clientId: 'cli_sam',
    name: 'UX research spring 2027',
    policy: { ...DEFAULT_POLICY, noResponseAfterBusinessDays: 5 },
    questionBank: questions,
    status: 'active',
    ...overrides,
  });
}

export function makeMeeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 'mtg_01',
    start: '2027-03-03T13:00:00.000Z',
    durationMinutes: 20,
    timeZone: 'Europe/Berlin',
    mode: 'remote',
    videoLink: 'https://meet.example/abc-defg-hij',
    sequence: 0,
    questions,
    status: 'booked',
    ...overrides,
  };
}

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'con_priya',
    campaignId: 'cmp_ux',
    clientId: 'cli_sam',
    email: 'priya.raman@lumen-health.example',
    firstName: 'Priya',
    lastName: 'Raman',
    company: 'Lumen Health',
    role: 'Senior UX Researcher',
    timeZone: 'Europe/Berlin',
    foundVia: { kind: 'referral', name: 'Dana Whitfield' },
    stage: 'contacted',
    version: 3,
    planVersion: 1,
    replyToken: 'tok8Hq2xZ',
    schedules: [],
    sent: [],
    createdAt: '2027-01-01T00:00:00.000Z',
    updatedAt: '2027-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A BlobStore in memory. */
export function memoryBlobs(
  initial: Record<string, Buffer> = {},
): BlobStore & { objects: Map<string, Buffer> } {
  const objects = new Map(Object.entries(initial));
  return {
    objects,
    async put(key, body) {
      objects.set(key, body);
    },
    async get(key) {
      const body = objects.get(key);
      if (!body) throw new NotFound('blob', key);
      return body;
    },
    async delete(key) {
      objects.delete(key);
    },
  };
}

/** A small stand-in resume: a real PDF header and some bytes. */
export function fakeResume(bytes = 40_000): Buffer {
  const head = Buffer.from('%PDF-1.4\n% resume of Sam Okafor\n');
  const body = Buffer.alloc(Math.max(0, bytes - head.length));
  for (let i = 0; i < body.length; i++) body[i] = (i * 31 + 7) % 256;
  return Buffer.concat([head, body]);
}
