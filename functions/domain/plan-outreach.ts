import { DateTime } from 'luxon';
import { type Holidays, nextInWindow } from './timing.ts';
import type { CampaignPolicy } from './types.ts';

export interface OutreachCandidate {
  id: string;
  timeZone: string;
  /** Not before this instant (UTC): the next contact at an employer waits for the one before. */
  notBefore?: string;
  /** The public holidays of the contact's country: no outreach on them. */
  holidays?: Holidays;
}

export interface OutreachPlanInput {
  contacts: OutreachCandidate[];
  now: Date;
  policy: CampaignPolicy;
  /** The sender's (client's) zone: the daily cap counts per local day of the sender. */
  senderTimeZone: string;
  /** Outreach already planned for this sender (other campaigns, earlier launches): UTC instants. */
  alreadyPlanned?: string[];
}

const MINUTE = 60_000;

/**
 * Plans each prospect's outreach: inside the send window in the contact's own zone, at least
 * `staggerMinutes` apart from every other outreach of the same sender, and at most
 * `dailyCapPerSender` per local day of the sender — the rest spills to the next window day.
 *
 * Pure and deterministic: contacts are taken in order of their earliest window opening, then id.
 * Contacts that share a zone share a cursor, so the plan is linear in practice even for 10,000.
 */
export function planOutreach(input: OutreachPlanInput): Map<string, string> {
  const { policy, senderTimeZone } = input;
  const cap = policy.dailyCapPerSender;
  const stagger = Math.max(1, policy.staggerMinutes) * MINUTE;
  const perDay = new Map<string, number>();
  const taken: number[] = []; // sorted instants (ms) of this sender's outreach
  const dayOf = (ms: number) => DateTime.fromMillis(ms, { zone: senderTimeZone }).toISODate() as string;
  const nextSenderDay = (ms: number) =>
    DateTime.fromMillis(ms, { zone: senderTimeZone }).plus({ days: 1 }).startOf('day').toMillis();

  const insert = (ms: number) => {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((taken[mid] as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    taken.splice(lo, 0, ms);
  };
  /** The end of the stagger gap around a taken slot too close to `ms`, or undefined when `ms` is free. */
  const clash = (ms: number): number | undefined => {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((taken[mid] as number) < ms - stagger + 1) lo = mid + 1;
      else hi = mid;
    }
    const near = taken[lo];
    return near !== undefined && near < ms + stagger ? near + stagger : undefined;
  };
  const book = (ms: number) => {
    insert(ms);
    const day = dayOf(ms);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  };

  for (const at of input.alreadyPlanned ?? []) book(Date.parse(at));

  const nowMs = input.now.getTime();
  // Contacts share a cursor when they share a zone and a holiday calendar (one Set per country).
  const calendars = new Map<Holidays | undefined, number>();
  const cursorKey = (c: OutreachCandidate) => {
    if (!calendars.has(c.holidays)) calendars.set(c.holidays, calendars.size);
    return `${c.timeZone} ${calendars.get(c.holidays)}`;
  };
  const opening = new Map<string, number>();
  const openingOf = (c: OutreachCandidate) => {
    const key = cursorKey(c);
    let ms = opening.get(key);
    if (ms === undefined) {
      ms = Date.parse(nextInWindow(new Date(nowMs), c.timeZone, policy.sendWindow, c.holidays));
      opening.set(key, ms);
    }
    return ms;
  };
  const earliest = (c: OutreachCandidate) =>
    c.notBefore === undefined
      ? openingOf(c)
      : Date.parse(
          nextInWindow(
            new Date(Math.max(nowMs, Date.parse(c.notBefore))),
            c.timeZone,
            policy.sendWindow,
            c.holidays,
          ),
        );
  const ordered = [...input.contacts].sort(
    (a, b) => earliest(a) - earliest(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const cursorByZone = new Map<string, number>();
  const plan = new Map<string, string>();
  for (const contact of ordered) {
    const zone = contact.timeZone;
    const key = cursorKey(contact);
    const window = (ms: number) =>
      Date.parse(nextInWindow(new Date(ms), zone, policy.sendWindow, contact.holidays));
    const from = Math.max(
      cursorByZone.get(key) ?? nowMs,
      contact.notBefore ? Date.parse(contact.notBefore) : nowMs,
    );
    let t = window(from);
    for (let guard = 0; ; guard++) {
      if (guard > 100_000) throw new Error(`no outreach slot found for contact ${contact.id}`);
      if ((perDay.get(dayOf(t)) ?? 0) >= cap) {
        t = window(nextSenderDay(t));
        continue;
      }
      const free = clash(t);
      if (free === undefined) break;
      t = window(free);
    }
    book(t);
    cursorByZone.set(key, t + stagger);
    plan.set(contact.id, new Date(t).toISOString());
  }
  return plan;
}
