import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DataLockedError } from '../storage/files/DataLockedError.js';
import { type OpenedLedger, openLedger } from '../storage/openLedger.js';
import { CliFailure } from './CliFailure.js';

/**
 * Opens the data folder for writing. The running bot holds it and a second writer would race its
 * outbox, so a held lock becomes `refusal` (after "机器人正在运行（pid N），").
 */
export async function openWritable(
  config: Pick<Config, 'dataDir' | 'database'>,
  clock: Clock,
  refusal: string,
): Promise<OpenedLedger> {
  try {
    return await openLedger(config.dataDir, { clock, database: config.database });
  } catch (err) {
    if (!(err instanceof DataLockedError)) throw err;
    throw new CliFailure(`机器人正在运行（pid ${err.pid}），${refusal}`);
  }
}
