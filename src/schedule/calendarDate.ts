/**
 * Calendar dates as "YYYY-MM-DD" strings, computed in UTC so the machine's time zone can never
 * shift a day. Which day it is *now* is a separate question, answered by localDateTime.
 */
export function toUtc(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && toUtc(value).toISOString().startsWith(value);
}

/** 1 = Monday … 7 = Sunday, as ISO 8601 counts. */
export function isoWeekday(date: string): number {
  return toUtc(date).getUTCDay() || 7;
}
