/**
 * Resume mode `link` on the emulators: the outreach carries a signed link to rapport's resume page
 * (no attachment); the link serves the PDF from the bucket 30 days later on the virtual clock, and
 * is refused after 61 (the default validity is 60 days). A tampered link is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '#domain/types.ts';
import { makeResumePage } from '#handlers/resume.ts';
import { DEMO_KEY_RING } from '#local/demo-data.ts';
import { fixedKeyRing } from '#mail/key-ring.ts';
import { makeResumeLink } from '#usecases/resume-link.ts';
import { startWorkflowStack, type WorkflowStack } from './harness.ts';

const START = '2027-03-01T08:00:00.000Z';
const DAY = 86_400_000;

describe('resume mode link', () => {
  let stack: WorkflowStack;
  beforeAll(async () => {
    stack = await startWorkflowStack({ start: START });
  });
  afterAll(() => stack.stop());

  /** A client in `client`'s resume mode, one contact launched, and the outreach they got. */
  async function outreachTo(
    client: Partial<Client>,
    contact: { email: string; firstName: string; company: string },
  ) {
    const seeded = await stack.seed({ client });
    const { created } = await stack.workflow.importContacts(seeded.campaign.id, [
      { ...contact, timeZone: 'Europe/London', foundVia: { kind: 'referral', name: 'Dana Whitfield' } },
    ]);
    await stack.workflow.launchCampaign(seeded.campaign.id);
    const at = (await stack.store.getContact(created[0]?.id as string))?.schedules[0]?.at as string;
    await stack.emulator.advanceTo(new Date(Date.parse(at) + 60_000));
    const outreach = (await stack.sent()).find((m) => m.to === contact.email);
    return { client: seeded.client, outreach };
  }

  it('the outreach links the resume; the link works after 30 days and is refused after 61', async () => {
    const { client, outreach } = await outreachTo(
      { resumeMode: 'link' },
      { email: 'ines.alvarez@harbourlabs.example', firstName: 'Ines', company: 'Harbour Labs' },
    );
    expect(outreach).toBeDefined();
    expect(outreach?.mail.attachments).toEqual([]);
    const link = /My resume is here: (\S+)/.exec(outreach?.mail.text ?? '')?.[1] as string;
    expect(link).toMatch(/^https:\/\/unsubscribe\.northwind-careers\.example\/resume\?token=/);
    expect(outreach?.mail.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);
    const sentAt = stack.clock.now().getTime();

    const page = makeResumePage(
      makeResumeLink({
        blobs: stack.blobs,
        clock: stack.clock,
        keys: fixedKeyRing(DEMO_KEY_RING),
      }),
    );
    const open = (url: string) =>
      page({ method: 'GET', query: { token: new URL(url).searchParams.get('token') ?? '' } });

    await stack.emulator.advanceTo(new Date(sentAt + 30 * DAY));
    const day30 = await open(link);
    expect(day30.statusCode).toBe(200);
    expect(day30.headers['content-type']).toBe('application/pdf');
    const pdf = Buffer.from(day30.body, 'base64');
    expect(pdf.equals(await stack.blobs.get(client.resumeKey as string))).toBe(true);

    // Another resume's key under the same signature, or a changed character: not valid.
    const token = new URL(link).searchParams.get('token') as string;
    const tampered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
    expect((await page({ method: 'GET', query: { token: tampered } })).statusCode).toBe(400);
    expect((await page({ method: 'GET', query: {} })).statusCode).toBe(400);

    await stack.emulator.advanceTo(new Date(sentAt + 61 * DAY));
    const day61 = await open(link);
    expect(day61.statusCode).toBe(410);
    expect(day61.body).toContain('expired');
    expect(day61.body).not.toContain('%PDF');
  });

  it('resume mode none: no attachment, no link, and no resume needed', async () => {
    const { outreach } = await outreachTo(
      { resumeMode: 'none', resumeKey: undefined },
      { email: 'tom.berg@kumo-apps.example', firstName: 'Tom', company: 'Kumo Apps' },
    );
    expect(outreach?.mail.attachments).toEqual([]);
    expect(outreach?.mail.text).not.toMatch(/resume/i);
  });
});
