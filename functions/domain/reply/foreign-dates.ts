/**
 * German, French and Spanish days, months and times of day spelled in English ("Donnerstag, 10.
 * Dezember um 15 Uhr" → "Thursday, 10 December at 15:00"), so one English date parser reads them
 * all: three more chrono locales would cost the inbound function ~24 KB (issue 12, bundle budget).
 * Only names of days and months and clock times are rewritten; cue words ("bis", "jusqu'au") stay.
 * Linear: one pass of one pattern.
 */

const MONTHS: Record<string, string> = {
  januar: 'January',
  janvier: 'January',
  enero: 'January',
  februar: 'February',
  février: 'February',
  fevrier: 'February',
  febrero: 'February',
  märz: 'March',
  mars: 'March',
  marzo: 'March',
  avril: 'April',
  abril: 'April',
  mai: 'May',
  mayo: 'May',
  juni: 'June',
  juin: 'June',
  junio: 'June',
  juli: 'July',
  juillet: 'July',
  julio: 'July',
  août: 'August',
  aout: 'August',
  agosto: 'August',
  septembre: 'September',
  septiembre: 'September',
  setiembre: 'September',
  oktober: 'October',
  octobre: 'October',
  octubre: 'October',
  novembre: 'November',
  noviembre: 'November',
  dezember: 'December',
  décembre: 'December',
  decembre: 'December',
  diciembre: 'December',
};

const WEEKDAYS: Record<string, string> = {
  montag: 'Monday',
  lundi: 'Monday',
  lunes: 'Monday',
  dienstag: 'Tuesday',
  mardi: 'Tuesday',
  martes: 'Tuesday',
  mittwoch: 'Wednesday',
  mercredi: 'Wednesday',
  miércoles: 'Wednesday',
  miercoles: 'Wednesday',
  donnerstag: 'Thursday',
  jeudi: 'Thursday',
  jueves: 'Thursday',
  freitag: 'Friday',
  vendredi: 'Friday',
  viernes: 'Friday',
  samstag: 'Saturday',
  samedi: 'Saturday',
  sábado: 'Saturday',
  sabado: 'Saturday',
  sonntag: 'Sunday',
  dimanche: 'Sunday',
  domingo: 'Sunday',
};

const NAMES = [...Object.keys(MONTHS), ...Object.keys(WEEKDAYS)]
  .sort((a, b) => b.length - a.length)
  .join('|');

/**
 * One pattern, four shapes: "10. Dezember" / "7 de diciembre" (a day before a month), a bare month
 * or weekday name, "15 Uhr" / "15h30" / "15 h" (a clock time), and "um" / "à" / "a las" before one.
 */
const FOREIGN = new RegExp(
  `(?<![\\p{L}])(?:(\\d{1,2})(?:\\.|er)?\\s*(?:de\\s+)?(${NAMES})(?:\\s+de)?|(${NAMES}))(?![\\p{L}])|(?<![\\d:])(\\d{1,2})\\s*(?:uhr|h)\\s*(\\d{2})?(?![\\p{L}\\d])|(?<![\\p{L}])(?:um|à|a las|vers|gegen)(?=\\s+\\d{1,2}(?:[:h]|\\s*uhr|\\s*h\\b))`,
  'giu',
);

/** `text` with its de/fr/es day and month names and clock times in English. */
export function foreignDatesInEnglish(text: string): string {
  return text.replace(
    FOREIGN,
    (_whole, day?: string, month?: string, name?: string, hour?: string, minute?: string) => {
      if (month !== undefined) return `${day} ${MONTHS[month.toLowerCase()] ?? month}`;
      if (name !== undefined) {
        const lower = name.toLowerCase();
        return MONTHS[lower] ?? WEEKDAYS[lower] ?? name;
      }
      if (hour !== undefined) return `${hour}:${minute ?? '00'}`;
      return 'at';
    },
  );
}
