import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#domain/types.ts';
import { makeUnsubscribePage, type UnsubscribeRequest } from '#handlers/unsubscribe.ts';
import { DEMO_KEY_RING } from '#local/demo-data.ts';
import { makeEmailBuilder } from '#mail/email-builder.ts';
import { fixedKeyRing, keyRingFrom, rotatedValue } from '#mail/key-ring.ts';
import { verifyUnsubscribeToken } from '#mail/unsubscribe-token.ts';
import { makeUnsubscribe } from '#usecases/unsubscribe.ts';
import { legacyUnsubscribeToken } from '../../unit/mail/legacy-token.ts';
import { aProspect, MAIL_CONFIG, startWorkflowStack, type WorkflowStack } from './harness.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const DAY = 86_400_000;
const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe('one-click unsubscribe (RFC 8058) on the emulators', () => {
  let stack: WorkflowStack;
  let respond: ReturnType<typeof makeUnsubscribePage>;

  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
    // What the unsubscribe function builds: the use case on the same store, workflow and clock.
    const unsubscribe = makeUnsubscribe({
      store: stack.store,
      workflow: stack.workflow,
      clock: stack.clock,
      keys: fixedKeyRing(DEMO_KEY_RING),
    });
    respond = makeUnsubscribePage({ unsubscribe, consultancyName: MAIL_CONFIG.consultancyName });
  });
  afterAll(() => stack.stop());

  /** A contact whose outreach went out; its follow-ups are planned. */
  async function contacted(email?: string) {
    const { campaign } = await stack.seed();
    const row = aProspect(email ? { email } : {});
    const { created } = await stack.workflow.importContacts(campaign.id, [row]);
    await stack.workflow.launchCampaign(campaign.id);
    const contactId = created[0]?.id as string;
    const at = (await stack.store.getContact(contactId))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Math.max(Date.parse(at), stack.clock.now().getTime()) + 60_000));
    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('contacted');
    expect(contact?.schedules.some((s) => s.step.startsWith('follow-up-'))).toBe(true);
    return { contactId, email: row.email, campaignId: campaign.id };
  }

  async function sentTo(email: string) {
    return (await stack.sent()).filter((m) => m.to === email);
  }

  /** The List-Unsubscribe header of the email, as a mail provider reads it: `<https://…?token=…>`. */
  async function unsubscribeUrlOf(email: string): Promise<URL> {
    const [outreach] = await sentTo(email);
    const line = outreach?.mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line ?? '';
    const url = /^List-Unsubscribe:\s*<(https:\/\/[^>]+)>$/i.exec(line.replace(/\r?\n\s+/g, ' '))?.[1];
    if (!url) throw new Error(`no HTTPS List-Unsubscribe in ${line}`);
    expect(outreach?.mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toMatch(
      /^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click$/i,
    );
    return new URL(url);
  }

  const request = (method: string, url: URL, body?: string): UnsubscribeRequest => ({
    method,
    query: Object.fromEntries(url.searchParams),
    ...(body === undefined ? {} : { body }),
  });

  function liveSchedulesOf(contactId: string) {
    return stack.emulator.schedules().filter((s) => s.name.startsWith(contactId) && s.status === 'scheduled');
  }

  it('the one-click POST from the email header unsubscribes: suppressed, no schedules, no follow-ups, idempotent', async () => {
    const { contactId, email } = await contacted();
    const url = await unsubscribeUrlOf(email);

    // A link scanner's GET changes nothing.
    const shown = await respond(request('GET', url));
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(`p***@${email.split('@')[1]}`);
    expect((await stack.store.getContact(contactId))?.stage).toBe('contacted');
    expect(await stack.store.isSuppressed(email)).toBe(false);

    const done = await respond(request('POST', url, ONE_CLICK));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('unsubscribed');

    const contact = await stack.store.getContact(contactId);
    expect(contact?.stage).toBe('unsubscribed');
    expect(contact?.schedules).toEqual([]);
    expect(liveSchedulesOf(contactId)).toEqual([]);
    const suppression = await stack.store.getSuppression(email);
    expect(suppression).toMatchObject({ email, reason: 'unsubscribed', at: stack.clock.now().toISOString() });
    const timeline = await stack.store.listTimeline(contactId);
    expect(timeline.at(-1)).toMatchObject({ event: 'unsubscribed', from: 'contacted', to: 'unsubscribed' });

    // The provider retries (or the human clicks again): same answer, nothing changes.
    const again = await respond(request('POST', url, ONE_CLICK));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('already unsubscribed');
    expect(await stack.store.getSuppression(email)).toEqual(suppression);
    expect((await stack.store.getContact(contactId))?.version).toBe(contact?.version);
    expect(await stack.store.listTimeline(contactId)).toHaveLength(timeline.length);

    await stack.emulator.advanceBy(30 * DAY);
    const emails = await sentTo(email);
    expect(emails.map((m) => m.subject)).toHaveLength(1);
    expect((await stack.store.getContact(contactId))?.stage).toBe('unsubscribed');
  });

  it('the same address in another campaign (another client) gets nothing', async () => {
    const first = await contacted();
    // Imported into another client's campaign before the unsubscribe: refused when its outreach is claimed.
    const { campaign } = await stack.seed();
    const { created } = await stack.workflow.importContacts(campaign.id, [aProspect({ email: first.email })]);
    const url = await unsubscribeUrlOf(first.email);
    expect((await respond(request('POST', url, ONE_CLICK))).statusCode).toBe(200);
    // Imported after it: refused at import.
    const later = await stack.seed();
    expect(
      await stack.workflow.importContacts(later.campaign.id, [aProspect({ email: first.email })]),
    ).toMatchObject({ created: [], suppressed: [{ index: 0, email: first.email }] });

    await stack.workflow.launchCampaign(campaign.id);
    await stack.emulator.advanceBy(30 * DAY);

    expect(await sentTo(first.email)).toHaveLength(1);
    const other = await stack.store.getContact(created[0]?.id as string);
    expect(other?.stage).toBe('unsubscribed');
    expect(liveSchedulesOf(other?.id as string)).toEqual([]);
  });

  it('a tampered token changes nothing', async () => {
    const { contactId, email } = await contacted();
    const url = await unsubscribeUrlOf(email);
    const token = url.searchParams.get('token') as string;
    const [keyId = '', payload = '', signature = ''] = token.split('.');
    // The first character is 6 bits of the MAC's first byte: changing it always changes the signature.
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    const before = await stack.store.getContact(contactId);

    for (const bad of [
      `${keyId}.${payload}.${flipped}`,
      `${keyId}.${payload.slice(0, -2)}.${signature}`,
      `k9.${payload}.${signature}`,
      `${payload}.${signature}`,
      'garbage',
    ]) {
      const tampered = new URL(url);
      tampered.searchParams.set('token', bad);
      const res = await respond(request('POST', tampered, ONE_CLICK));
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('This link is not valid');
    }

    expect(await stack.store.isSuppressed(email)).toBe(false);
    const after = await stack.store.getContact(contactId);
    expect(after?.stage).toBe('contacted');
    expect(after?.version).toBe(before?.version);
    expect(liveSchedulesOf(contactId).length).toBeGreaterThan(0);
  });

  it('after a rotation: a link sent before it and a link sent by an earlier version still unsubscribe; new links use the new key', async () => {
    const LEGACY = 'the-one-secret-of-earlier-versions-0123456789';
    const sentBefore = await contacted();
    const oldUrl = await unsubscribeUrlOf(sentBefore.email);
    expect(oldUrl.searchParams.get('token')?.startsWith(`${DEMO_KEY_RING.keys[0]?.id}.`)).toBe(true);
    const earlier = await contacted();
    // What earlier versions put in their emails: the address inside, signed with the one secret.
    const legacyUrl = new URL(oldUrl);
    legacyUrl.searchParams.set(
      'token',
      legacyUnsubscribeToken(
        { contactId: earlier.contactId, email: earlier.email, campaignId: earlier.campaignId },
        LEGACY,
      ),
    );

    // The ring as the deployment's secret holds it after `rotate:unsubscribe-key`.
    const value = rotatedValue(JSON.stringify({ ...DEMO_KEY_RING, legacySecret: LEGACY }), {
      id: 'k2',
      secret: 'the-key-added-by-the-rotation-0123456789abcdef',
      createdAt: stack.clock.now().toISOString(),
    });
    const keys = keyRingFrom({ value: async () => value });
    const rotated = makeUnsubscribePage({
      unsubscribe: makeUnsubscribe({
        store: stack.store,
        workflow: stack.workflow,
        clock: stack.clock,
        keys,
      }),
      consultancyName: MAIL_CONFIG.consultancyName,
    });
    for (const [url, who] of [
      [oldUrl, sentBefore],
      [legacyUrl, earlier],
    ] as const) {
      expect((await rotated(request('POST', url, ONE_CLICK))).statusCode).toBe(200);
      expect((await stack.store.getContact(who.contactId))?.stage).toBe('unsubscribed');
      expect(await stack.store.isSuppressed(who.email)).toBe(true);
    }
    // New links are signed with k2 and verify.
    const fresh = await contacted();
    const builder = makeEmailBuilder(MAIL_CONFIG, stack.blobs, keys);
    const contact = await stack.store.getContact(fresh.contactId);
    const { campaign, client } = await stack.seed();
    const built = await builder.step({
      step: 'follow-up-1',
      contact: contact as Contact,
      client,
      campaign,
      now: stack.clock.now(),
    });
    const header = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(
      built.raw.toString('utf8').replace(/\r?\n\s+/g, ' '),
    );
    const token = new URL(header?.[1] ?? 'https://x.invalid/').searchParams.get('token') ?? '';
    expect(token.startsWith('k2.')).toBe(true);
    expect(verifyUnsubscribeToken(token, await keys.ring(), stack.clock.now())).toEqual({
      contactId: fresh.contactId,
    });
    // A year after the rotation, the link signed with the superseded key is refused.
    const yearLater = { now: () => new Date(stack.clock.now().getTime() + 366 * DAY) };
    const later = makeUnsubscribe({ store: stack.store, workflow: stack.workflow, clock: yearLater, keys });
    await expect(later.describe(oldUrl.searchParams.get('token') as string)).resolves.toEqual({
      outcome: 'invalid_link',
    });
  });
});
