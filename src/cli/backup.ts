import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { pruneBackups } from '../storage/files/backups.js';
import { DB_FILE } from '../storage/files/fileNames.js';
import { takeBackup } from '../storage/files/takeBackup.js';
import { CliFailure } from './CliFailure.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const backupUsage =
  'backup   立即把 db.json、outbox.json、events.jsonl（及 ledgers/ 下其他台账）备份为一组（机器人运行时也可以）';

/** Needs no lock: every file is read whole (see takeBackup), so the bot may keep running. */
export async function backup(argv: string[], config: Config, now = Date.now()): Promise<string> {
  parseCommandArgs(argv, { usage: backupUsage, options: {} });
  const db = path.join(config.dataDir, DB_FILE);
  if (
    !(await access(db).then(
      () => true,
      () => false,
    ))
  )
    throw new CliFailure(`${db} 不存在：还没有台账，无需备份。`);
  const taken = await takeBackup(config.dataDir, now, config.timeZone);
  await pruneBackups(config.dataDir);
  return `已备份到 ${taken.dir}：${taken.files.map((f) => path.relative(taken.dir, f)).join('、')}`;
}
