/**
 * The canonical spelling of a time-zone name. Zone lookups ignore case (`europe/paris` works), so
 * without this one zone would be stored in several spellings. The runtime's own name is used when
 * it differs from the input only in case (`europe/paris` → `Europe/Paris`, `asia/calcutta` →
 * `Asia/Calcutta`) or when the input is all one case (`us/pacific` → `America/Los_Angeles`). A
 * mixed-case name the runtime files under another one (`Asia/Kolkata`, which ICU still calls
 * `Asia/Calcutta`; `Etc/UTC`) is kept as typed: it is already how IANA spells it.
 */
export function canonicalZoneName(zone: string): string {
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  const oneCase = zone === zone.toLowerCase() || zone === zone.toUpperCase();
  return resolved.toLowerCase() === zone.toLowerCase() || oneCase ? resolved : zone;
}
