import { formatDateTime } from '../text/formatDateTime.js';

export interface LocalTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM, 24-hour */
  time: string;
}

/** The wall-clock date and time in the ledger's zone: the schedule follows the ledger, not the machine. */
export function localTime(ms: number, timeZone: string): LocalTime {
  const text = formatDateTime(ms, timeZone);
  return { date: text.slice(0, 10), time: text.slice(11) };
}
