import type { Config } from '../config.js';
import { formatPlanLine } from '../schedule/formatPlanLine.js';
import { loadHolidayOverrides } from '../schedule/loadHolidayOverrides.js';
import { localTime } from '../schedule/localTime.js';
import { PLAN_YEARS, reminderPlan, upcomingReminders } from '../schedule/reminderPlan.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const remindersUsage =
  'reminders [--year 2027]   廉洁提醒计划：发送日期、节日、放假时间（不带 --year：接下来的各个节日）';

/** One line per reminder of the year, with FESTIVALS and DATA_DIR/holidays.json applied, as the bot will send them. */
export async function reminders(argv: string[], config: Config, now = Date.now()): Promise<string> {
  const { values } = parseCommandArgs(argv, { usage: remindersUsage, options: { year: { type: 'string' } } });
  const year = values.year === undefined ? undefined : Number(values.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= PLAN_YEARS.first && year <= PLAN_YEARS.last))
    throw new CliUsageError(
      remindersUsage,
      `--year ${values.year} 不在支持范围内：${PLAN_YEARS.first}–${PLAN_YEARS.last}（${PLAN_YEARS.first} 年起有国务院放假安排）`,
    );
  const overrides = await loadHolidayOverrides(config.dataDir);
  const { festivals } = config.schedule;
  try {
    const plan =
      year === undefined
        ? upcomingReminders(localTime(now, config.timeZone).date, festivals, overrides)
        : reminderPlan(year, festivals, overrides);
    return plan.map(formatPlanLine).join('\n');
  } catch (err) {
    throw new CliFailure((err as Error).message);
  }
}
