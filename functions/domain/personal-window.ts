import type { CampaignPolicy, SendWindow, Weekday } from './types.ts';

/**
 * The personal emails after a meeting (thank-you, the referrer note): every day, 08:00–20:00 in the
 * contact's zone, so a Friday meeting is thanked on Friday evening or Saturday morning. A module of
 * its own (no zod, no luxon) so the dashboard can show it without bundling the policy's checks.
 */
export const DEFAULT_PERSONAL_WINDOW: SendWindow = Object.freeze({
  days: [1, 2, 3, 4, 5, 6, 7] as Weekday[],
  start: '08:00',
  end: '20:00',
}) as SendWindow;

/** The window of the personal emails after a meeting (a campaign stored before the setting: the default). */
export function personalWindowOf(policy: Pick<CampaignPolicy, 'personalWindow'>): SendWindow {
  return policy.personalWindow ?? DEFAULT_PERSONAL_WINDOW;
}
