/**
 * The public-holiday calendar a launch uses: the table generated at build time from date-holidays
 * (`generated/holidays.ts`, Brotli-compressed, base64: ~8 KB instead of ~14 KB), decompressed once
 * per container. Only the jobs function (and the local stack) imports this.
 */
import { brotliDecompressSync } from 'node:zlib';
import { type HolidayTable, makeHolidayCalendar, type PublicHolidays } from '#domain/holiday-calendar.ts';
import { HOLIDAY_TABLE } from './generated/holidays.ts';

let calendar: PublicHolidays | undefined;

export function holidayTable(): HolidayTable {
  return JSON.parse(brotliDecompressSync(Buffer.from(HOLIDAY_TABLE, 'base64')).toString('utf8'));
}

/** The calendar, built on first use. */
export function holidayCalendar(): PublicHolidays {
  calendar ??= makeHolidayCalendar(holidayTable());
  return calendar;
}
