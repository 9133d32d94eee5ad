import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config.js';
import { parseHolidayOverrides, type HolidayOverrides } from './reminderPlan.js';

export const HOLIDAYS_FILE = 'holidays.json';

/**
 * DATA_DIR/holidays.json, if the operator wrote one. A broken file stops start-up rather than silently sending on
 * computed dates.
 */
export async function loadHolidayOverrides(dataDir: string): Promise<HolidayOverrides> {
  const file = path.join(dataDir, HOLIDAYS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    return parseHolidayOverrides(text);
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}（${file}）`);
  }
}
