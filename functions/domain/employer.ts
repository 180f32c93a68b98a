/**
 * One contact per employer at a time (the "3B7" routine): contacts are grouped by employer — the
 * company field, else the address's domain unless it is a webmail domain (then the contact has no
 * employer and is never held back). Pure.
 */
import { PUBLIC_MAIL_DOMAINS } from './reply/hold-check.ts';
import type { Contact } from './types.ts';

/** Business days between the outreach of one contact at an employer and the next one's. */
export const EMPLOYER_GAP_BUSINESS_DAYS = 3;

/** Mailbox providers (the reply check's list): an address there says nothing about the employer. */
export const WEBMAIL_DOMAINS = PUBLIC_MAIL_DOMAINS;

/** Legal-form words that do not tell two employers apart ("Lumen Health Inc." = "Lumen Health"). */
const LEGAL_FORMS =
  /\b(inc|incorporated|ltd|limited|llc|llp|plc|gmbh|ag|sa|sas|bv|corp|corporation|co|company)\b\.?/g;

/**
 * The employer of a contact as a key (`company:lumen health`, `domain:lumen-health.example`), or
 * undefined when nothing tells it (no company, a webmail address).
 */
export function employerOf(contact: Pick<Contact, 'company' | 'email'>): string | undefined {
  const company = contact.company
    ?.toLowerCase()
    .replace(/[.,&'’()-]/g, ' ')
    .replace(LEGAL_FORMS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (company) return `company:${company}`;
  const domain = contact.email.slice(contact.email.lastIndexOf('@') + 1).toLowerCase();
  if (!domain || WEBMAIL_DOMAINS.has(domain)) return undefined;
  return `domain:${domain}`;
}

/** The domain of an address as an employer's (lower case), or undefined: no domain, or a webmail one. */
export function employerDomainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  const domain =
    at < 0
      ? ''
      : address
          .slice(at + 1)
          .trim()
          .toLowerCase();
  return domain && !WEBMAIL_DOMAINS.has(domain) ? domain : undefined;
}

/**
 * A reply from someone at `domain` who is none of the contacts (a colleague, an assistant): the
 * contacts it concerns among `contacts` — those at that domain and their colleagues at the same
 * employer (company, else domain), never a referred person. Nothing for a webmail domain.
 */
export function colleaguesAtDomain<
  C extends Pick<Contact, 'company' | 'email' | 'referredByContactId' | 'foundVia'>,
>(contacts: readonly C[], domain: string): C[] {
  const at = employerDomainOf(`@${domain}`);
  if (at === undefined) return [];
  const queued = contacts.filter(queuesByEmployer);
  const employers = new Set(
    queued.filter((c) => employerDomainOf(c.email) === at).flatMap((c) => employerOf(c) ?? []),
  );
  return queued.filter((c) => employers.has(employerOf(c) ?? ''));
}

/** The employer as a person reads it: the company as written, else the domain. */
export function employerName(contact: Pick<Contact, 'company' | 'email'>): string {
  return contact.company ?? contact.email.slice(contact.email.lastIndexOf('@') + 1);
}

/**
 * Whether the one-per-employer rule holds this contact back: not a person another contact referred
 * (`foundVia.contactId`, a colleague's introduction from a reply) — that one is invited in.
 */
export function queuesByEmployer(contact: Pick<Contact, 'referredByContactId' | 'foundVia'>): boolean {
  const referredBy = contact.foundVia.kind === 'referral' ? contact.foundVia.contactId : undefined;
  return contact.referredByContactId === undefined && referredBy === undefined;
}

/**
 * The prospects in waves: wave 0 holds every contact without an employer, every referral and the
 * first contact of each employer; wave k the (k+1)-th of each employer. Within an employer, in
 * the order given (the import's).
 */
export function employerWaves<
  C extends Pick<Contact, 'company' | 'email' | 'referredByContactId' | 'foundVia'>,
>(contacts: readonly C[]): { contact: C; employer?: string }[][] {
  const waves: { contact: C; employer?: string }[][] = [[]];
  const seen = new Map<string, number>();
  for (const contact of contacts) {
    const employer = queuesByEmployer(contact) ? employerOf(contact) : undefined;
    if (employer === undefined) {
      waves[0]?.push({ contact });
      continue;
    }
    const index = seen.get(employer) ?? 0;
    seen.set(employer, index + 1);
    if (waves[index] === undefined) waves[index] = [];
    waves[index]?.push({ contact, employer });
  }
  return waves;
}

/** Per employer, the latest outreach planned for the given (queued) contacts: a later launch's next waits for it. */
export function lastOutreachByEmployer(contacts: readonly Contact[]): Map<string, string> {
  const last = new Map<string, string>();
  for (const contact of contacts) {
    const employer = queuesByEmployer(contact) ? employerOf(contact) : undefined;
    const at = contact.schedules.find((s) => s.step === 'outreach')?.at;
    if (employer === undefined || at === undefined) continue;
    const before = last.get(employer);
    if (before === undefined || at > before) last.set(employer, at);
  }
  return last;
}
