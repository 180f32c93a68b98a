/**
 * The canonical spelling of a time-zone name. Zone lookups ignore case (`europe/paris` works), so
 * without this a contact in `europe/paris` and one in `Europe/Paris` would be stored in two
 * spellings. ICU's list keeps some zones under their old names (`Asia/Calcutta`), so the current
 * IANA names of those are listed here: what a person types is kept in the spelling IANA gives it.
 */
const RENAMED_IN_ICU = [
  'UTC',
  'Etc/UTC',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Ho_Chi_Minh',
  'Asia/Yangon',
  'Asia/Dhaka',
  'Asia/Thimphu',
  'Asia/Ulaanbaatar',
  'Europe/Kyiv',
  'America/Nuuk',
  'America/Atikokan',
  'America/Argentina/Buenos_Aires',
  'America/Argentina/Catamarca',
  'America/Argentina/Cordoba',
  'America/Argentina/Jujuy',
  'America/Argentina/Mendoza',
  'America/Indiana/Indianapolis',
  'America/Kentucky/Louisville',
  'Atlantic/Faroe',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
  'Pacific/Kanton',
];

let byLowerCase: Map<string, string> | undefined;

/**
 * `zone` as IANA spells it (`europe/paris` → `Europe/Paris`), given that the runtime accepts it. A
 * name in neither list (an old alias in any case, like `us/pacific`) becomes the zone it stands
 * for, as the runtime names it (`America/Los_Angeles`).
 */
export function canonicalZoneName(zone: string): string {
  byLowerCase ??= new Map(
    [...Intl.supportedValuesOf('timeZone'), ...RENAMED_IN_ICU].map((name) => [name.toLowerCase(), name]),
  );
  return (
    byLowerCase.get(zone.toLowerCase()) ??
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  );
}
