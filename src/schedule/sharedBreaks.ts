import type { ReminderPlanEntry } from './reminderPlan.js';

/**
 * A plan (sorted by send date) in groups of festivals that share one break and one send date,
 * like 中秋 and 国庆 when the State Council merges them: one notice names them all.
 */
export function sharedBreaks(plan: readonly ReminderPlanEntry[]): ReminderPlanEntry[][] {
  const groups: ReminderPlanEntry[][] = [];
  for (const entry of plan) {
    const last = groups.at(-1)?.[0];
    const same =
      last &&
      last.send === entry.send &&
      last.holidayStart === entry.holidayStart &&
      last.holidayEnd === entry.holidayEnd;
    if (same) groups.at(-1)!.push(entry);
    else groups.push([entry]);
  }
  return groups;
}
