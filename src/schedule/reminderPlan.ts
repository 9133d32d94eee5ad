import officialCalendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { Lunar } from 'lunar-javascript';
import { addDays, isIsoDate, isoWeekday } from './calendarDate.js';
import { FESTIVALS, isFestival, type Festival } from './festivals.js';

/**
 * One reminder: sent on `send`, about the holiday period `holidayStart`..`holidayEnd` (inclusive).
 * - official: period and send date come from the State Council schedule (chinese-days data).
 * - computed: the data does not cover the festival that year, so the period is only the festival
 *   day itself and `send` is the last working day before it — check against the State Council
 *   notice once it is published.
 * - override: an operator supplied the dates in holidays.json.
 */
export interface ReminderPlanEntry {
  festival: Festival;
  send: string;
  holidayStart: string;
  holidayEnd: string;
  source: 'official' | 'computed' | 'override';
}

export interface HolidayOverride {
  start: string;
  end: string;
  /** When absent, the last working day before `start`. */
  send?: string;
}

/** Keyed by plan year, e.g. { "2027": { "春节": { start, end } } }. */
export type HolidayOverrides = Record<string, Partial<Record<Festival, HolidayOverride>>>;

interface Period {
  start: string;
  end: string;
}

// Read the package's JSON rather than calling isWorkday(): its API formats dates with local-time
// getters, so west of UTC every lookup lands on the previous day.
const calendar: { holidays: Record<string, string>; workdays: Record<string, string> } = officialCalendar;

/** From the first year of the State Council data to the last that lunar-javascript computes. */
export const PLAN_YEARS = { first: 2004, last: 2100 } as const;

/**
 * A make-up day (调休上班) works even on a weekend; a weekday holiday does not. Outside the years
 * the data covers this degrades to plain Monday–Friday, which is the computed-plan rule.
 */
function isWorkday(date: string): boolean {
  if (Object.hasOwn(calendar.workdays, date)) return true;
  return isoWeekday(date) <= 5 && !Object.hasOwn(calendar.holidays, date);
}

function lastWorkdayBefore(date: string): string {
  let day = addDays(date, -1);
  while (!isWorkday(day)) day = addDays(day, -1);
  return day;
}

function lunarToSolar(year: number, month: number, day: number): string {
  return Lunar.fromYmd(year, month, day).getSolar().toYmd();
}

/**
 * A day that is a statutory holiday whenever the festival has one. 春节 anchors on 正月初一 because
 * 除夕 was a working day in several official schedules (2014–2019, 2024).
 */
function anchorDay(year: number, festival: Festival): string {
  switch (festival) {
    case '元旦':
      return `${year}-01-01`;
    case '春节':
      return lunarToSolar(year, 1, 1);
    case '端午':
      return lunarToSolar(year, 5, 5);
    case '中秋':
      return lunarToSolar(year, 8, 15);
    case '国庆':
      return `${year}-10-01`;
  }
}

/** Without official data the 春节 reminder must go out before 除夕, the first day people travel home. */
function computedDay(year: number, festival: Festival): string {
  return festival === '春节' ? addDays(anchorDay(year, festival), -1) : anchorDay(year, festival);
}

/**
 * The run of rest days around the anchor. Because the run is found by walking rest days, 中秋 and
 * 国庆 that the State Council merged into one break get the same period. A run with no listed
 * holiday is an ordinary weekend: the data does not cover that year, or the festival had no
 * statutory holiday then (端午/中秋 before 2008).
 */
function officialPeriod(anchor: string): Period | undefined {
  if (isWorkday(anchor)) return undefined;
  let start = anchor;
  while (!isWorkday(addDays(start, -1))) start = addDays(start, -1);
  let end = anchor;
  while (!isWorkday(addDays(end, 1))) end = addDays(end, 1);
  for (let day = start; day <= end; day = addDays(day, 1)) {
    if (Object.hasOwn(calendar.holidays, day)) return { start, end };
  }
  return undefined;
}

function planEntry(year: number, festival: Festival, override: HolidayOverride | undefined): ReminderPlanEntry {
  if (override) {
    const send = override.send ?? lastWorkdayBefore(override.start);
    return { festival, send, holidayStart: override.start, holidayEnd: override.end, source: 'override' };
  }
  const period = officialPeriod(anchorDay(year, festival));
  if (period) {
    return {
      festival,
      send: lastWorkdayBefore(period.start),
      holidayStart: period.start,
      holidayEnd: period.end,
      source: 'official',
    };
  }
  const day = computedDay(year, festival);
  return { festival, send: lastWorkdayBefore(day), holidayStart: day, holidayEnd: day, source: 'computed' };
}

/**
 * Reminders for the holidays of `year`. The 元旦 entry is the holiday that starts around
 * `year`-01-01, so its send date (and sometimes its start) falls in December of `year - 1`;
 * the 元旦 of `year + 1` belongs to next year's plan.
 */
export function reminderPlan(
  year: number,
  festivals: readonly Festival[],
  overrides: HolidayOverrides = {},
): ReminderPlanEntry[] {
  if (!Number.isInteger(year) || year < PLAN_YEARS.first || year > PLAN_YEARS.last) {
    throw new Error(`年份 ${year} 无效，应为 ${PLAN_YEARS.first}–${PLAN_YEARS.last} 之间的整数`);
  }
  const yearOverrides = overrides[String(year)] ?? {};
  // FESTIVALS order plus a stable sort gives "by send date, then festival order", and drops duplicates.
  return FESTIVALS.filter((festival) => festivals.includes(festival))
    .map((festival) => planEntry(year, festival, yearOverrides[festival]))
    .sort(bySend);
}

function bySend(a: ReminderPlanEntry, b: ReminderPlanEntry): number {
  return a.send < b.send ? -1 : a.send > b.send ? 1 : 0;
}

/**
 * Reminders due on or after `today`, soonest first, one per festival (the coming twelve months).
 * Next year's plan is included because its 元旦 reminder is sent in this December.
 */
export function upcomingReminders(
  today: string,
  festivals: readonly Festival[],
  overrides?: HolidayOverrides,
): ReminderPlanEntry[] {
  if (!isIsoDate(today)) throw new Error(`日期“${today}”无效，应为 YYYY-MM-DD`);
  const year = Number(today.slice(0, 4));
  const seen = new Set<Festival>();
  return [...reminderPlan(year, festivals, overrides), ...reminderPlan(year + 1, festivals, overrides)]
    .sort(bySend)
    .filter((entry) => entry.send >= today && !seen.has(entry.festival) && seen.add(entry.festival));
}

/** The next reminder due on or after `today`. */
export function nextReminder(
  today: string,
  festivals: readonly Festival[],
  overrides?: HolidayOverrides,
): ReminderPlanEntry | undefined {
  return upcomingReminders(today, festivals, overrides)[0];
}

const OVERRIDE_FIELDS = ['start', 'end', 'send'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function overrideError(path: string, problem: string): Error {
  return new Error(`节假日覆盖配置 holidays.json 中 ${path} ${problem}`);
}

function dateField(path: string, value: unknown): string {
  if (value === undefined) throw overrideError(path, '缺失，应为 YYYY-MM-DD 日期');
  if (!isIsoDate(value)) throw overrideError(path, `不是有效日期（应为 YYYY-MM-DD）：${JSON.stringify(value)}`);
  return value;
}

function parseOverride(path: string, value: unknown): HolidayOverride {
  if (!isPlainObject(value)) throw overrideError(path, '应为 { "start": …, "end": …, "send": … } 对象');
  for (const key of Object.keys(value)) {
    if (!OVERRIDE_FIELDS.includes(key)) throw overrideError(`${path}.${key}`, '是未知字段，只允许 start、end、send');
  }
  const start = dateField(`${path}.start`, value.start);
  const end = dateField(`${path}.end`, value.end);
  if (end < start) throw overrideError(`${path}.end`, `（${end}）早于 start（${start}）`);
  if (value.send === undefined) return { start, end };
  const send = dateField(`${path}.send`, value.send);
  if (send >= start) throw overrideError(`${path}.send`, `（${send}）应早于放假开始日期 start（${start}）`);
  return { start, end, send };
}

/** Validates the text of DATA_DIR/holidays.json; the caller does the reading. */
export function parseHolidayOverrides(json: string): HolidayOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`节假日覆盖配置 holidays.json 不是有效的 JSON：${(error as Error).message}`);
  }
  if (!isPlainObject(parsed))
    throw new Error('节假日覆盖配置 holidays.json 顶层应为以年份为键的对象，如 { "2027": { "春节": { … } } }');
  const overrides: HolidayOverrides = {};
  for (const [year, festivals] of Object.entries(parsed)) {
    if (!/^\d{4}$/.test(year)) throw overrideError(`“${year}”`, '不是有效的年份键，应为四位年份，如 "2027"');
    if (!isPlainObject(festivals)) throw overrideError(year, '应为以节日名为键的对象');
    const yearOverrides: Partial<Record<Festival, HolidayOverride>> = {};
    for (const [festival, value] of Object.entries(festivals)) {
      if (!isFestival(festival))
        throw overrideError(`${year}.${festival}`, `不是可识别的节日，可选：${FESTIVALS.join('、')}`);
      yearOverrides[festival] = parseOverride(`${year}.${festival}`, value);
    }
    overrides[year] = yearOverrides;
  }
  return overrides;
}
