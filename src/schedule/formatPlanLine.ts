import type { ReminderPlanEntry } from './reminderPlan.js';

// Official lines carry no marker; the others must stand out, since their dates are not the
// State Council's and an operator may need to confirm or override them.
const SOURCE_MARKS: Record<ReminderPlanEntry['source'], string> = {
  official: '',
  computed: '  （推算，放假安排待国务院通知）',
  override: '  （人工指定）',
};

/**
 * One line of `reminders`: send date, festival, holiday range. A computed entry knows only the
 * festival day, so it shows that day, never a range that would pass for the official holiday.
 */
export function formatPlanLine(e: ReminderPlanEntry): string {
  const when =
    e.source === 'computed'
      ? `${e.holidayStart}（${e.festival === '春节' ? '除夕' : '节日当天'}）`
      : `${e.holidayStart}~${e.holidayEnd}`;
  return `${e.send}  ${e.festival}  ${when}${SOURCE_MARKS[e.source]}`;
}
