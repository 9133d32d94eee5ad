import { addDays, isoWeekday, toUtc } from './calendarDate.js';
import { localTime } from './localTime.js';

export interface IsoWeek {
  /** e.g. "2026-W48": the digest's period. */
  key: string;
  monday: string;
  sunday: string;
  /** Unix ms of Monday 00:00 in the zone. */
  start: number;
}

/** The ISO 8601 week that `ms` falls in, in `timeZone`. */
export function isoWeek(ms: number, timeZone: string): IsoWeek {
  const { date, time } = localTime(ms, timeZone);
  const weekday = isoWeekday(date);
  const monday = addDays(date, 1 - weekday);
  // A week belongs to the year of its Thursday: Friday 2027-01-01 is in 2026-W53.
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor((toUtc(thursday).getTime() - toUtc(`${year}-01-01`).getTime()) / (7 * 86_400_000));
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  // Minutes elapsed on the wall clock since Monday 00:00; off by the shift in zones that changed
  // to or from daylight saving during the week, which China does not.
  const elapsed = ((weekday - 1) * 1440 + hours * 60 + minutes) * 60_000 + (ms % 60_000);
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday, sunday: addDays(monday, 6), start: ms - elapsed };
}
