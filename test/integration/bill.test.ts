/**
 * Issue 14 item 7: the AWS bill per 1,000 contacts, from the AWS calls the functions really make
 * (recorded per function by the SDK-call hook, as in the IAM contract test) while a campaign runs its
 * whole plan through the real handlers on the emulators: import, launch, the outreach and both
 * follow-ups, one reply in ten (which withdraws that contact's follow-ups). The measured run (CONTACTS
 * contacts; `npm run bench:bill -- N` via BILL_CONTACTS) is scaled to 1,000 × the prices in
 * bill/prices.ts, printed as a table (README → Deploy quotes it).
 */
import { describe, expect, it } from 'vitest';
import type { SdkCall } from '#adapters/sdk-calls.ts';
import { aClientBody, uploadResume } from './api/support.ts';
import { bill, billTable, PRICES_CHECKED } from './bill/prices.ts';
import { FUNCTIONS, startRecordedFunctions } from './iam-contract/stack.ts';
import { fixture, replyAddress } from './workflow/inbound-stack.ts';

const CONTACTS = Number(process.env.BILL_CONTACTS ?? 10);
const REPLY_EVERY = 10;
const START = '2027-03-01T08:00:00.000Z';

describe('the AWS bill per 1,000 contacts', () => {
  it(`runs ${CONTACTS} contacts through the whole plan and prices the calls`, async () => {
    const t = await startRecordedFunctions(START);
    let apiRequests = 0;
    const call: typeof t.call = async (...args) => {
      apiRequests += 1;
      return t.call(...args);
    };
    try {
      const body = <T>(answer: { status: number; body: unknown }) => {
        if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body as T;
      };
      const client = body<{ id: string }>(await call('POST', '/clients', { body: aClientBody('bill') }));
      body((await uploadResume({ call }, client.id)).confirmed);
      const campaign = body<{ id: string }>(
        await call('POST', `/clients/${client.id}/campaigns`, { body: { name: 'bill' } }),
      );
      const contacts = Array.from({ length: CONTACTS }, (_, i) => ({
        email: `contact${i}@lumen${i % 7}.example`,
        firstName: `Ana${i}`,
        lastName: 'Lima',
        // One employer each: one contact per employer would queue them days apart.
        company: `Lumen Health ${i}`,
        role: 'UX Researcher',
        timeZone: 'America/New_York',
        foundVia: { kind: 'association', name: 'UXPA' },
      }));
      body(await call('POST', `/campaigns/${campaign.id}/imports`, { body: { contacts } }));
      await t.settled();
      body(
        await call('POST', `/campaigns/${campaign.id}/launch`, {
          headers: { 'idempotency-key': `launch-${campaign.id}` },
        }),
      );
      await t.settled();

      const all = async () =>
        Promise.all(
          contacts.map(async (c) =>
            t.store.getContact((await t.store.findContactByEmail(campaign.id, c.email))?.id ?? ''),
          ),
        );
      let replies = 0;
      const replied = new Set<string>();
      // A day at a time until no schedule is left; every tenth contact replies once contacted.
      for (let day = 0; day < 40; day++) {
        const now = await all();
        if (day > 0 && now.every((c) => (c?.schedules.length ?? 0) === 0)) break;
        for (const [i, c] of now.entries()) {
          if (i % REPLY_EVERY !== 0 || !c || c.stage !== 'contacted' || replied.has(c.id)) continue;
          await t.receive(fixture('decline-polite.eml', { from: c.email }), replyAddress(c.replyToken));
          replied.add(c.id);
          replies += 1;
        }
        await t.emulator.advanceBy(86_400_000);
      }

      const finished = await all();
      const sentSteps = finished.flatMap((c) => c?.sent.map((s) => s.step) ?? []);
      // The plan ran: each contact its outreach, those who did not reply both follow-ups, no email twice.
      expect(sentSteps.filter((s) => s === 'outreach')).toHaveLength(CONTACTS);
      expect(sentSteps.filter((s) => s === 'follow-up-2')).toHaveLength(CONTACTS - replies);
      expect(finished.flatMap((c) => c?.schedules ?? [])).toEqual([]);
      expect(replies).toBe(Math.ceil(CONTACTS / REPLY_EVERY));

      const calls: SdkCall[] = FUNCTIONS.flatMap((fn) => t.calls[fn]);
      const emails = calls.filter((c) => c.service === 'SES' && c.operation === 'SendRawEmail').length;
      expect(emails).toBe(t.sent.length);
      const schedulesFired = t.emulator.invocations.length;
      const jobs = t.calls.api.filter((c) => c.service === 'Lambda' && c.operation === 'Invoke').length;
      const usage = {
        calls,
        sentBytes: t.sent.reduce((n, raw) => n + raw.length, 0),
        received: replies,
        // dispatch per schedule fired, ses-events per SES event (Send and Delivery of each email),
        // inbound per reply, the API per request, the jobs it started.
        invocations: schedulesFired + 2 * emails + replies + apiRequests + jobs,
        apiRequests,
        schedulesFired,
      };
      const perOp = new Map<string, number>();
      for (const c of calls)
        perOp.set(`${c.service}.${c.operation}`, (perOp.get(`${c.service}.${c.operation}`) ?? 0) + 1);
      console.info(
        `[bill] ${CONTACTS} contacts, ${emails} emails, ${replies} replies, ${schedulesFired} schedules fired; calls per contact: ${[
          ...perOp,
        ]
          .sort()
          .map(([op, n]) => `${op} ${(n / CONTACTS).toFixed(1)}`)
          .join(', ')}`,
      );
      console.info(`[bill] prices: ${PRICES_CHECKED}\n${billTable(bill(usage, 1000 / CONTACTS), 1000)}`);
    } finally {
      await t.stop();
    }
  }, 240_000);
});
