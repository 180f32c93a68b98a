/**
 * The outreach of a launch with one contact per employer at a time (the "3B7" routine): the first
 * contact of each employer is planned as usual (`planOutreach`); the next one no earlier than
 * `EMPLOYER_GAP_BUSINESS_DAYS` business days after the one before (in that contact's zone), and so
 * on — each still inside its window, staggered and under the daily cap. A reply from anyone at
 * the employer pauses the ones still waiting (`#usecases/employer-queue.ts`). Contacts without an
 * employer (a webmail address, no company) and referrals are never held back. Pure.
 */
import { EMPLOYER_GAP_BUSINESS_DAYS, employerWaves } from './employer.ts';
import { type OutreachPlanInput, planOutreach } from './plan-outreach.ts';
import { addBusinessDays, type Holidays } from './timing.ts';
import type { Contact } from './types.ts';

export type EmployerCandidate = Pick<
  Contact,
  'id' | 'timeZone' | 'company' | 'email' | 'referredByContactId' | 'foundVia'
> & { holidays?: Holidays };

export interface EmployerPlanInput extends Omit<OutreachPlanInput, 'contacts'> {
  contacts: EmployerCandidate[];
  /** `policy.onePerEmployer` (absent: on). Off: every contact planned as `planOutreach` does. */
  onePerEmployer: boolean;
  /** The latest outreach (UTC) already planned per employer key by an earlier launch: the next waits for it. */
  lastPlannedByEmployer?: ReadonlyMap<string, string>;
}

export function planEmployerOutreach(input: EmployerPlanInput): Map<string, string> {
  const { onePerEmployer, lastPlannedByEmployer, ...rest } = input;
  if (!onePerEmployer) return planOutreach(rest);
  const plan = new Map<string, string>();
  const last = new Map(lastPlannedByEmployer ?? []);
  const planned = [...(input.alreadyPlanned ?? [])];
  for (const wave of employerWaves(input.contacts)) {
    const candidates = wave.map(({ contact, employer }) => {
      const before = employer === undefined ? undefined : last.get(employer);
      return {
        id: contact.id,
        timeZone: contact.timeZone,
        ...(contact.holidays === undefined ? {} : { holidays: contact.holidays }),
        ...(before === undefined
          ? {}
          : {
              notBefore: addBusinessDays(
                before,
                EMPLOYER_GAP_BUSINESS_DAYS,
                contact.timeZone,
                contact.holidays,
              ),
            }),
      };
    });
    const waved = planOutreach({ ...rest, contacts: candidates, alreadyPlanned: planned });
    for (const { contact, employer } of wave) {
      const at = waved.get(contact.id);
      if (at === undefined) continue;
      plan.set(contact.id, at);
      planned.push(at);
      if (employer !== undefined) last.set(employer, at);
    }
  }
  return plan;
}
