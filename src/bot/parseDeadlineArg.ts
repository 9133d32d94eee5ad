import { parseDeadline } from '../import/parseDeadline.js';
import type { Deadline } from '../ledger/item.js';
import { foldFullWidth } from '../text/foldFullWidth.js';

/** What 时限 accepts, for refusals: every form the reader below takes. */
export const DEADLINE_FORMS =
  '2026-12-31、2026/12/31、2026年12月31日、12月31日、12月底、2026年12月底前、月底、下月底、年底，' +
  '或「长期」「取消」';

export type DeadlineArg = { deadline?: Deadline } | { error: string };

const CLEAR = /^(取消|清除|无)$/;
const LONG_TERM_ONLY = /^(长期|长期坚持|持续|常态化)$/;
/** A whole date and nothing else: stored as the date, so 进度 does not echo 2026/12/31 beside 2026-12-31. */
const PLAIN_DATE = /^\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*[日号]?$/;
/** 12月31日, 12-31, 12/31 (a day without a year): the next such day, today included. */
const MONTH_DAY = /^(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?\s*前?$/;
/** 12月底, 12月底前, 12月末 (a month without a year): the end of the next such month, this one included. */
const MONTH_END = /^(\d{1,2})\s*月\s*(?:底|末|份)?\s*前?$/;
/** 月底, 本月底, 下月底, 年底, 年内, 明年底: counted from today, the words kept as typed. */
const THIS_MONTH_END = /^(?:本|这个?|当)?月(?:底|末)前?$/;
const NEXT_MONTH_END = /^下个?月(?:底|末)前?$/;
const YEAR_END = /^(今|本|明)?年(?:底|末|内)前?$/;
/** Further ahead than this is taken for a typo (2062 for 2026), not a plan. */
const MAX_YEARS_AHEAD = 10;

/**
 * The deadline an admin typed after 时限: any date form a 台账 uses (read by the importer's
 * parseDeadline), a month and day without a year, 长期 (long-term, no date) or 取消 (no deadline).
 * `today` is YYYY-MM-DD in the ledger's zone.
 */
export function parseDeadlineArg(typed: string, today: string): DeadlineArg {
  const text = foldFullWidth(typed).trim();
  if (CLEAR.test(text)) return {};
  if (LONG_TERM_ONLY.test(text)) return { deadline: { text: '长期', longTerm: true } };
  const read = parseDeadline(withYear(text, today)) ?? { text };
  if (read.date === undefined) return { error: `「${typed.slice(0, 20)}」读不出日期。` };
  const year = Number(read.date.slice(0, 4));
  const thisYear = Number(today.slice(0, 4));
  if (year < 2000 || year > thisYear + MAX_YEARS_AHEAD) return { error: `${year} 年看起来不对，请检查年份。` };
  if (PLAIN_DATE.test(text)) return { deadline: { text: read.date, date: read.date } };
  // The words as typed are kept (12月底 → 2026-12-31（12月底）); a long-term marker in them is not a date's.
  return { deadline: { text, date: read.date } };
}

/**
 * A month (and day) without a year gets this year, or next year when that day has already passed;
 * a month or year end said relative to today becomes that date.
 */
function withYear(text: string, today: string): string {
  const thisYear = Number(today.slice(0, 4));
  const thisMonth = Number(today.slice(5, 7));
  const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  if (THIS_MONTH_END.test(text)) return monthEnd(thisYear, thisMonth);
  if (NEXT_MONTH_END.test(text)) return monthEnd(thisYear, thisMonth + 1);
  const year = YEAR_END.exec(text);
  if (year) return `${year[1] === '明' ? thisYear + 1 : thisYear}-12-31`;
  const day = MONTH_DAY.exec(text);
  const month = day ? undefined : MONTH_END.exec(text);
  if (!day && !month) return text;
  const m = Number((day ?? month)![1]);
  const last = (y: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = (y: number) => (day ? Number(day[2]) : last(y));
  const iso = (y: number) => `${y}-${String(m).padStart(2, '0')}-${String(d(y)).padStart(2, '0')}`;
  return iso(iso(thisYear) < today ? thisYear + 1 : thisYear);
}
