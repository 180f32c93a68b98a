/**
 * Times as people read them, with the browser's Intl only (no date library in the bundle): an
 * instant in a zone, the viewer's zone, and a local date + time in a zone as an ISO instant with
 * that zone's offset (what `POST /contacts/{id}/meeting` takes as `start`). Pure.
 */

export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Tue 2 Mar, 09:00" in `zone`. */
export function formatIn(instant: string | number, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(instant));
}

/** The wall-clock parts of an instant in a zone. */
export function partsIn(instant: number, zone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    second: Number(parts.second),
  };
}

/** The zone's offset from UTC at `instant`, in minutes. */
export function offsetMinutes(instant: number, zone: string): number {
  const { date, time, second } = partsIn(instant, zone);
  const asUtc = Date.parse(`${date}T${time}:${String(second).padStart(2, '0')}Z`);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/**
 * `date` (YYYY-MM-DD) at `time` (HH:mm) in `zone` as ISO with the offset, e.g.
 * 2027-03-04T14:00:00-05:00; undefined when the inputs are not a date and a time.
 */
export function localToIso(date: string, time: string, zone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const wall = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wall)) return undefined;
  // Two rounds settle the offset on either side of a DST change.
  let offset = offsetMinutes(wall, zone);
  offset = offsetMinutes(wall - offset * 60_000, zone);
  return `${date}T${time}:00${offsetText(offset)}`;
}

/** An ISO instant with an offset back into the date, time and the offset's own wall clock. */
export function isoToLocal(iso: string): { date: string; time: string } {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return { date: m?.[1] ?? '', time: m?.[2] ?? '' };
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
