/**
 * A reply from an employer's domain matching no contact (issue 16 item 1): which contacts it
 * concerns — those at the domain and their colleagues of the same company; never a referred
 * person; nothing for a webmail domain.
 */
import { describe, expect, it } from 'vitest';
import { colleaguesAtDomain, employerDomainOf } from '#domain/employer.ts';

const person = (email: string, company?: string, referredBy?: string) => ({
  email,
  ...(company ? { company } : {}),
  foundVia: referredBy
    ? { kind: 'referral' as const, name: 'A colleague', contactId: referredBy }
    : { kind: 'association' as const, name: 'UXPA' },
});

describe('employerDomainOf', () => {
  it('is the lower-case domain of an address, none for webmail or no domain', () => {
    expect(employerDomainOf('Pat.Chen@Lumen-Health.example ')).toBe('lumen-health.example');
    expect(employerDomainOf('someone@gmail.com')).toBeUndefined();
    expect(employerDomainOf('no-domain')).toBeUndefined();
    expect(employerDomainOf('trailing@')).toBeUndefined();
  });
});

describe('colleaguesAtDomain', () => {
  const anna = person('anna@lumen-health.example', 'Lumen Health');
  const eve = person('eve@lumenhealth-labs.example', 'Lumen Health Inc.');
  const noCompany = person('ops@lumen-health.example');
  const carl = person('carl@contoso.example', 'Contoso');
  const referred = person('rita@lumen-health.example', 'Lumen Health', 'anna-id');

  it('takes those at the domain and their colleagues of the same company, not a referred person', () => {
    expect(colleaguesAtDomain([anna, eve, noCompany, carl, referred], 'lumen-health.example')).toEqual([
      anna,
      eve,
      noCompany,
    ]);
  });

  it('concerns nobody for a webmail domain or a domain no contact has', () => {
    const webmail = person('x@gmail.com', 'Lumen Health');
    expect(colleaguesAtDomain([webmail, anna], 'gmail.com')).toEqual([]);
    expect(colleaguesAtDomain([anna, carl], 'fabrikam.example')).toEqual([]);
  });
});
