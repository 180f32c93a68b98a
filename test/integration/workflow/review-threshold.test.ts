/**
 * A campaign's `policy.reviewThreshold` (issue 13): replies read below it wait for the coach. Replies
 * arrive over the local SMTP MX (→ S3 → inbound), the campaign is set through the API function, and
 * the outcomes are read where they land (the queue's lists, the contact in DynamoDB Local).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#domain/types.ts';
import { type ApiStack, startApiStack } from '../api/support.ts';
import { fixture, type InboundStack, replyAddress, startInboundStack } from './inbound-stack.ts';

// Monday 2026-11-30 08:00 UTC: the fixtures are replies written on 1 December 2026.
const START = '2026-11-30T08:00:00.000Z';

describe("a campaign's review threshold", () => {
  let world: InboundStack;
  let api: ApiStack;

  beforeAll(async () => {
    world = await startInboundStack({ start: START });
    api = await startApiStack(START, world.stack);
  });
  afterAll(async () => {
    await world.stop();
  });

  /** A contacted contact whose campaign takes `policy`, and its reply `name` delivered. */
  async function replyUnder(policy: Record<string, unknown>, name: string) {
    const { contact, campaign } = await world.contacted();
    const set = await api.call('PATCH', `/campaigns/${campaign.id}`, { body: { policy } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const outcome = await world.deliver(
      fixture(name, { from: contact.email }),
      replyAddress(contact.replyToken),
    );
    const listed = async (state: string) => {
      const page = await api.call('GET', '/replies', { query: { state, limit: '100' } });
      return page.body.items.find((i: { contactId: string }) => i.contactId === contact.id);
    };
    return { contact, outcome, open: await listed('open'), read: await listed('read') };
  }

  it('a confident reading below a strict threshold (0.99) waits for the coach, follow-ups held', async () => {
    const { contact, outcome, open, read } = await replyUnder(
      { reviewThreshold: 0.99 },
      'accept-gmail-times.eml',
    );
    expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'accepted' } });
    const confidence = open?.reading?.confidence;
    // Sure enough under the reader's own threshold: only the campaign's makes it wait.
    expect(confidence).toBeGreaterThanOrEqual(0.6);
    expect(confidence).toBeLessThan(0.99);
    expect(open).toMatchObject({ reason: 'unsure', state: 'open', applied: 'held' });
    expect(read).toBeUndefined();
    const now = (await world.stack.store.getContact(contact.id)) as Contact;
    expect(now.reviewHold).toBeDefined();
  });

  it('an unsure reading under threshold 0 is taken as read: listed as read, nothing held', async () => {
    const { contact, outcome, open, read } = await replyUnder({ reviewThreshold: 0 }, 'unsure-noted.eml');
    expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'other' } });
    // Under the reader's default (0.6) the same reply waits (review-queue.test.ts): here it does not.
    expect(open).toBeUndefined();
    expect(read?.reading?.confidence).toBeLessThan(0.6);
    expect(read).toMatchObject({ reason: 'read', state: 'read' });
    const now = (await world.stack.store.getContact(contact.id)) as Contact;
    expect(now.reviewHold).toBeUndefined();
  });

  it('a threshold outside 0–1 is refused naming the field, and the campaign is unchanged', async () => {
    const { campaign } = await world.contacted();
    const before = await api.call('GET', `/campaigns/${campaign.id}`);
    for (const reviewThreshold of [1.5, -0.1, 'high']) {
      const refused = await api.call('PATCH', `/campaigns/${campaign.id}`, {
        body: { policy: { reviewThreshold } },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'invalid_input', field: 'policy.reviewThreshold' });
    }
    expect((await api.call('GET', `/campaigns/${campaign.id}`)).body).toEqual(before.body);
  });
});
