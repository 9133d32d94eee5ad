import { WALL_CLOCK } from './formatDateTime.js';

const formats = new Map<string, Intl.DateTimeFormat>();

export interface ZonedParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS, 24-hour */
  time: string;
  /** +0800, -0330, +0000 */
  offset: string;
}

/** Wall-clock date, time to the second and UTC offset in a zone: for logs and file names a person reads. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      ...WALL_CLOCK,
      second: '2-digit',
      timeZoneName: 'longOffset',
      timeZone,
    });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(ms).map((x) => [x.type, x.value]));
  // longOffset is "GMT+08:00", or bare "GMT" at offset zero.
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '').replace(':', '') || '+0000';
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}`, offset };
}

/** "2026-12-07 09:00:00+0800": a moment in the configured zone that still says which zone it is. */
export function formatZoned(ms: number, timeZone: string): string {
  const { date, time, offset } = zonedParts(ms, timeZone);
  return `${date} ${time}${offset}`;
}
