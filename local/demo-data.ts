/**
 * The demo world, in one place: Northwind Careers (the consultancy), its client Sam Okafor and his
 * campaign. The local stack seeds it on first start (local/seed-demo.ts), and the tests and benches
 * use the same records as their standard client, campaign and mail configuration (overriding ids,
 * dates or settings where a test needs its own).
 *
 * It lives in local/ because it is runtime data of the local stack, which must never import from
 * test/; tests already import the local stack's modules (`#local/*`: emulators, SES event publishing).
 * Plain data with no dependencies beyond domain types and defaults.
 */
import { DEFAULT_POLICY } from '#domain/policy.ts';
import { DEFAULT_QUESTION_BANK } from '#domain/questions.ts';
import type { Campaign, Client } from '#domain/types.ts';
import type { MailConfig, SigningMailConfig } from '#mail/config.ts';
import { type KeyRing, signingKey } from '#mail/key-ring.ts';

export const DEMO_CLIENT_ID = 'demo-client';
export const DEMO_CAMPAIGN_ID = 'demo-campaign';

/** A fixed instant for records whose creation time does not matter. */
export const DEMO_CREATED_AT = '2027-01-01T00:00:00.000Z';

/** The consultancy's mail settings: the branding and the domains it sends from and receives on. */
export const DEMO_CONSULTANCY = {
  consultancyName: 'Northwind Careers',
  brandColor: '#1a6b5c',
  logoUrl: 'https://northwind-careers.example/logo.png',
  postalAddress: '12 Harbour Street, Edinburgh EH6 6LP, United Kingdom',
  senderDomain: 'mail.northwind-careers.example',
  inboundDomain: 'in.northwind-careers.example',
} as const satisfies Omit<MailConfig, 'unsubscribeBaseUrl'>;

/**
 * The key ring of the tests and benches: one fixed key (not a secret: the local stack signs with its
 * own per-install ring, see local/secrets-extension.ts).
 */
export const DEMO_KEY_RING: KeyRing = {
  keys: [
    {
      id: 'k1',
      secret: 'a-test-secret-that-is-long-enough-0123456789',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  ],
  oldKeysValidForDays: 365,
};

/** The mail configuration of the tests and benches: the demo consultancy, a fixed link base and key. */
export const DEMO_MAIL_CONFIG: SigningMailConfig = {
  ...DEMO_CONSULTANCY,
  unsubscribeBaseUrl: 'https://unsubscribe.northwind-careers.example/u',
  unsubscribeKey: signingKey(DEMO_KEY_RING),
};

/** Sam Okafor, a former science teacher exploring UX research. */
export function demoClient(overrides: Partial<Client> = {}): Client {
  return {
    id: DEMO_CLIENT_ID,
    firstName: 'Sam',
    lastName: 'Okafor',
    email: 'sam.okafor@client.example',
    senderLocalPart: 'sam.okafor',
    timeZone: 'Europe/London',
    field: 'UX research',
    introduction:
      'I spent eight years teaching secondary-school science and have been studying human-centred design in the evenings.',
    resumeKey: 'resumes/demo-client.pdf',
    createdAt: DEMO_CREATED_AT,
    ...overrides,
  };
}

/** Sam's campaign: the default policy and question bank, not launched yet. */
export function demoCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: DEMO_CAMPAIGN_ID,
    clientId: DEMO_CLIENT_ID,
    name: 'UX research — first conversations',
    policy: { ...DEFAULT_POLICY },
    questionBank: [...DEFAULT_QUESTION_BANK],
    status: 'draft',
    createdAt: DEMO_CREATED_AT,
    ...overrides,
  };
}
