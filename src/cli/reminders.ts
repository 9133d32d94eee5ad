import type { Config } from '../config.js';
import { formatPlanLine } from '../schedule/formatPlanLine.js';
import { loadHolidayOverrides } from '../schedule/loadHolidayOverrides.js';
import { localTime } from '../schedule/localTime.js';
import { reminderPlan } from '../schedule/reminderPlan.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const remindersUsage = 'reminders [--year 2026]   打印某年的廉洁提醒计划：发送日期、节日、放假时间';

/** One line per reminder of the year, with FESTIVALS and DATA_DIR/holidays.json applied, as the bot will send them. */
export async function reminders(argv: string[], config: Config): Promise<string> {
  const { values } = parseCommandArgs(argv, { usage: remindersUsage, options: { year: { type: 'string' } } });
  if (values.year !== undefined && !/^\d{4}$/.test(values.year)) throw new CliUsageError(remindersUsage);
  const year = Number(values.year ?? localTime(Date.now(), config.timeZone).date.slice(0, 4));
  const overrides = await loadHolidayOverrides(config.dataDir);
  try {
    return reminderPlan(year, config.schedule.festivals, overrides).map(formatPlanLine).join('\n');
  } catch (err) {
    throw new CliFailure((err as Error).message);
  }
}
