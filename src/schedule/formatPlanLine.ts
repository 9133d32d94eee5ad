import type { ReminderPlanEntry } from './reminderPlan.js';

// Official lines carry no marker; the others must stand out, since their dates are not the
// State Council's and an operator may need to confirm or override them.
const SOURCE_MARKS: Record<ReminderPlanEntry['source'], string> = {
  official: '',
  computed: '  （推算，待国务院通知）',
  override: '  （人工指定）',
};

/** One line of `reminders --year Y`: send date, festival, holiday range. */
export function formatPlanLine(e: ReminderPlanEntry): string {
  return `${e.send}  ${e.festival}  ${e.holidayStart}~${e.holidayEnd}${SOURCE_MARKS[e.source]}`;
}
