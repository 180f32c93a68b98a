/**
 * The outreach check of a launch, one home for the API's check and the job's second look:
 * every prospect counted (not referrals awaiting approval), errors listed first, and the refusal's
 * words — the count, the first five contacts with their errors' codes, the way out.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '#domain/outreach-check.ts';
import type { Contact } from '#domain/types.ts';
import { checkProspects, launchRefusal, MAX_LISTED } from '#usecases/launch-check.ts';
import { aCampaign, aClient, aContact } from '../../integration/store/fixtures.ts';

const client = aClient();
const campaign = aCampaign(client.id);
const now = new Date('2027-03-01T08:00:00.000Z');
const error = (code: string): Finding => ({ severity: 'error', code, message: `${code} found` }) as Finding;
const warning = (code: string): Finding =>
  ({ severity: 'warning', code, message: `${code} found` }) as Finding;

/** Findings by the contact's first name. */
const check = (prospects: Contact[], byName: Record<string, Finding[]>) =>
  checkProspects(prospects, {
    client,
    campaign,
    now,
    checkOutreach: ({ contact }) => byName[contact.firstName] ?? [],
  });

describe('the outreach check of a launch', () => {
  it('counts every prospect, skips referrals awaiting approval, lists errors first', () => {
    const prospects = [
      aContact(campaign, { id: 'a', firstName: 'Ana', email: 'ana@x.example' }),
      aContact(campaign, { id: 'b', firstName: 'Bo', email: 'bo@x.example' }),
      aContact(campaign, { id: 'c', firstName: 'Cy', email: 'cy@x.example' }),
      aContact(campaign, {
        id: 'd',
        firstName: 'Di',
        email: 'di@x.example',
        foundVia: { kind: 'referral', name: 'Ana', contactId: 'a' },
      }),
    ];
    const report = check(prospects, {
      Ana: [warning('long')],
      Bo: [error('job-ask'), warning('long')],
      Di: [error('job-ask')],
    });
    expect(report).toMatchObject({ checked: 3, errors: 1, warnings: 2 });
    expect(report.contacts.map((c) => c.contactId)).toEqual(['b', 'a']);
    expect(launchRefusal(report)?.message).toBe(
      'the outreach check found 1 error in 3 outreach emails (bo@x.example: job-ask): fix them (preview a contact\'s outreach) or launch with {"override": {"reason": "…"}}',
    );
    // The job's refusal (no findings beside it) says what each code means.
    expect(launchRefusal(report, { explain: true })?.message).toContain(
      'bo@x.example: job-ask (job-ask found)',
    );
    expect(launchRefusal(check(prospects, { Ana: [warning('long')] }))).toBeUndefined();
  });

  it('names five contacts at most and lists MAX_LISTED', () => {
    const prospects = Array.from({ length: MAX_LISTED + 10 }, (_, i) =>
      aContact(campaign, { id: `p${i}`, firstName: 'Pat', email: `p${i}@x.example` }),
    );
    const report = check(prospects, { Pat: [error('job-ask'), error('too-long')] });
    expect(report).toMatchObject({ checked: MAX_LISTED + 10, errors: 2 * (MAX_LISTED + 10) });
    expect(report.contacts).toHaveLength(MAX_LISTED);
    const refusal = launchRefusal(report);
    expect(refusal?.message).toContain('p4@x.example: job-ask, too-long; …)');
    expect(refusal?.message).not.toContain('p5@x.example');
  });
});
