import { DateTime } from 'luxon';

function inZone(iso: string, timeZone: string): DateTime {
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).setLocale('en-GB');
  if (!dt.isValid) throw new RangeError(`cannot show ${iso} in zone ${timeZone}: ${dt.invalidExplanation}`);
  return dt;
}

/** "Tuesday, 3 March 2027 at 14:00 (Europe/Berlin)" */
export function formatWhen(iso: string, timeZone: string): string {
  return `${inZone(iso, timeZone).toFormat("cccc, d LLLL yyyy 'at' HH:mm")} (${timeZone})`;
}

/** "Tue 3 Mar, 14:00" — for subjects. */
export function formatShortWhen(iso: string, timeZone: string): string {
  return inZone(iso, timeZone).toFormat('ccc d LLL, HH:mm');
}

/** "Tuesday, 3 March" — a day without time. */
export function formatDay(iso: string, timeZone: string): string {
  return inZone(iso, timeZone).toFormat('cccc, d LLLL');
}

/** "Mon, 22 Feb 2027 at 14:00" — the date line above a quoted email. */
export function formatQuoteDate(iso: string, timeZone: string): string {
  return inZone(iso, timeZone).toFormat("ccc, d LLL yyyy 'at' HH:mm");
}
