import type { Deadline } from '../ledger/item.js';
import { foldFullWidth } from '../text/foldFullWidth.js';

const LONG_TERM = /长期|持续|常态|久久为功/;
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };
/** Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * 整改时限 in every form a 台账 holds it: a real Excel date (a Date from exceljs, or a serial number), or
 * text such as 2025年6月30日, 2025/6/30, 2026年12月底前, 2025年年底, 2025年上半年, 长期坚持. Dates
 * are calendar dates, read in UTC, so no time zone can move them. Blank → undefined.
 */
export function parseDeadline(value: unknown): Deadline | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : fromDate(value);
  if (typeof value === 'number') return value > 20_000 && value < 80_000 ? fromSerial(value) : { text: String(value) };
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return undefined;
  if (/^\d{5}(\.\d+)?$/.test(text)) return { ...fromSerial(Number(text)), text };
  const date = dateIn(foldFullWidth(text));
  return { text, ...(date && { date }), ...(LONG_TERM.test(text) && { longTerm: true as const }) };
}

function fromDate(value: Date): Deadline {
  const date = iso(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  return { text: date, date };
}

function fromSerial(serial: number): Deadline {
  return fromDate(new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS));
}

function dateIn(text: string): string | undefined {
  const day = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})/.exec(text);
  if (day) return valid(Number(day[1]), Number(day[2]), Number(day[3]));
  const month = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?/.exec(text);
  if (month) return valid(Number(month[1]), Number(month[2]), lastDay(Number(month[1]), Number(month[2])));
  const quarter = /(\d{4})年?第?([一二三四1-4])季度/.exec(text);
  if (quarter) {
    const q = CHINESE_DIGITS[quarter[2]] ?? Number(quarter[2]);
    return iso(Number(quarter[1]), q * 3, lastDay(Number(quarter[1]), q * 3));
  }
  const half = /(\d{4})年?(上|下)半年/.exec(text);
  if (half) return half[2] === '上' ? iso(Number(half[1]), 6, 30) : iso(Number(half[1]), 12, 31);
  const year = /(\d{4})年?(?:年?底|年?末|年内|全年)/.exec(text);
  if (year) return iso(Number(year[1]), 12, 31);
  return undefined;
}

function valid(year: number, month: number, day: number): string | undefined {
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDay(year, month) ? iso(year, month, day) : undefined;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
