import { formatDateTime } from './formatDateTime.js';

/** "11-27 14:05" in the ledger's time zone, whatever zone the machine is in: short enough for a phone line. */
export function formatTime(ms: number, timeZone: string): string {
  return formatDateTime(ms, timeZone).slice(5);
}
