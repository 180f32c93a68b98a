/** Data builders of the store tests (the table itself: `../store-fixture.ts`). */
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Campaign, Client, Contact, ContactEventType, Stage, TransitionResult } from '#domain/types.ts';

export const T0 = '2025-03-03T09:00:00.000Z';

export function aClient(overrides: Partial<Client> = {}): Client {
  return {
    id: randomUUID(),
    firstName: 'Ada',
    lastName: 'Moreau',
    email: 'ada@example.org',
    senderLocalPart: 'ada.moreau',
    timeZone: 'Europe/Paris',
    field: 'UX research',
    introduction: 'I spent ten years in logistics and am exploring UX research.',
    createdAt: T0,
    ...overrides,
  };
}

export function aCampaign(clientId: string, overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: randomUUID(),
    clientId,
    name: 'UX research — spring',
    policy: { ...DEFAULT_POLICY, noResponseAfterBusinessDays: 5 },
    questionBank: [{ domain: 'field', text: 'Where is the field going?' }],
    status: 'draft',
    createdAt: T0,
    ...overrides,
  };
}

export function aContact(campaign: Campaign, overrides: Partial<Contact> = {}): Contact {
  const id = randomUUID();
  return {
    id,
    campaignId: campaign.id,
    clientId: campaign.clientId,
    email: `${id.slice(0, 8)}@example.com`,
    firstName: 'Sam',
    lastName: 'Okafor',
    company: 'Acme',
    timeZone: 'America/New_York',
    foundVia: { kind: 'association', name: 'UXPA' },
    stage: 'prospect',
    version: 1,
    planVersion: 0,
    replyToken: randomUUID().replaceAll('-', ''),
    schedules: [],
    sent: [],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A client and a campaign of theirs, stored. */
export async function seedCampaign(store: Store): Promise<Campaign> {
  const client = aClient();
  await store.putClient(client);
  const campaign = aCampaign(client.id);
  await store.putCampaign(campaign);
  return campaign;
}

/** A transition result built by hand (the store does not depend on the lifecycle module). */
export function moved(
  before: Contact,
  to: Stage,
  at: string,
  event: ContactEventType = 'pause',
  changes: Partial<Contact> = {},
): TransitionResult {
  return {
    contact: { ...before, ...changes, stage: to, version: before.version + 1, updatedAt: at },
    effects: [],
    timeline: { contactId: before.id, at, event, from: before.stage, to },
  };
}

/** `T0` plus `minutes`, as an ISO instant. */
export function minutesAfter(minutes: number, from = T0): string {
  return new Date(Date.parse(from) + minutes * 60_000).toISOString();
}
