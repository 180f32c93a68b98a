import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { makeDynamoStore } from '#adapters/dynamo-store.ts';
import { DEFAULT_POLICY } from '#domain/policy.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Campaign, Client, Contact, ContactEventType, Stage, TransitionResult } from '#domain/types.ts';
import { createTable } from '#local/dynamodb-local.ts';

export interface TestTable {
  store: Store;
  client: DynamoDBClient;
  tableName: string;
  /** Names of the DynamoDB commands sent through the store's client, in order. */
  commands: string[];
  drop(): Promise<void>;
}

/** A fresh, uniquely named table on DynamoDB Local, a store on it, and a counter of its requests. */
export async function createTestTable(prefix: string): Promise<TestTable> {
  const client = new DynamoDBClient({ endpoint: inject('dynamoEndpoint') });
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  const tableName = `${prefix}-${randomUUID()}`;
  await createTable(client, tableName);
  commands.length = 0;
  return {
    store: makeDynamoStore({ tableName, client }),
    client,
    tableName,
    commands,
    async drop() {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

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
