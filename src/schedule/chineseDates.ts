import { daysBetween, toUtc } from './calendarDate.js';

/** "2026年2月15日", or "2月15日" without the year. */
export function chineseDate(date: string, withYear: boolean): string {
  const d = toUtc(date);
  const monthDay = `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
  return withYear ? `${d.getUTCFullYear()}年${monthDay}` : monthDay;
}

/** "2026年2月15日至2月23日，共9天"; the year repeats only when the range crosses New Year. */
export function chineseRange(start: string, end: string): string {
  if (start === end) return `${chineseDate(start, true)}，共1天`;
  const days = daysBetween(start, end) + 1;
  return `${chineseDate(start, true)}至${chineseDate(end, start.slice(0, 4) !== end.slice(0, 4))}，共${days}天`;
}
