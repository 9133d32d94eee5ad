import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { type BackupSet, KEEP_SETS, listBackupSets } from '../storage/files/backups.js';
import { DataLockedError } from '../storage/files/DataLockedError.js';
import { DB_FILE, EVENTS_FILE, LEDGERS_DIR } from '../storage/files/fileNames.js';
import { restoreBackup } from '../storage/files/restoreBackup.js';
import { ledgerFolders } from '../storage/files/takeBackup.js';
import { CliFailure } from './CliFailure.js';
import { CliUsageError } from './CliUsageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';

export const restoreUsage = 'restore <备份名>   用一组备份替换数据文件（需先停止机器人；被替换的文件先另存一组备份）';

export async function restore(argv: string[], config: Config, now = Date.now()): Promise<string> {
  const { positionals } = parseCommandArgs(argv, { usage: restoreUsage, options: {}, positionals: true });
  const sets = await listBackupSets(config.dataDir);
  const available = `现有备份（最新 ${KEEP_SETS} 组）：\n${sets.map((s) => `  ${s.name}`).join('\n') || '  （无）'}`;
  if (positionals.length !== 1) throw new CliUsageError(restoreUsage, `请指定一组备份。${available}`);
  // The folder's path, as `backup` prints it, or just its name.
  const name = path.basename(positionals[0]!);
  const set = sets.find((s) => s.name === name);
  if (!set) throw new CliFailure(`没有名为 ${name} 的备份。${available}`);
  const missing = [DB_FILE, EVENTS_FILE].filter((f) => !set.files[f]);
  if (missing.length)
    throw new CliFailure(`备份 ${name} 缺少 ${missing.join('、')}（旧版本的单个文件备份），不能整组恢复。`);
  const summary = await describe(set);
  try {
    const { before, written, removedLedgers } = await restoreBackup(config.dataDir, set, now, config.timeZone);
    return [
      `已恢复备份 ${name}：${written.join('、')}（${summary}）`,
      ...(removedLedgers.length
        ? [`备份之后新建的台账已移除：${removedLedgers.map((id) => `ledgers/${id}`).join('、')}`]
        : []),
      before ? `恢复前的文件已备份到 ${before.dir}` : '恢复前数据目录中没有数据文件。',
    ].join('\n');
  } catch (err) {
    if (!(err instanceof DataLockedError)) throw err;
    throw new CliFailure(`机器人正在运行（pid ${err.pid}），不能在它写数据时恢复。请先停止机器人再运行 restore。`);
  }
}

/** What the set holds: items and history lines over every ledger in it. */
async function describe(set: BackupSet): Promise<string> {
  const folders = [path.dirname(set.files[DB_FILE]!)];
  const more = set.files[LEDGERS_DIR];
  if (more) folders.push(...(await ledgerFolders(path.dirname(more))).map((id) => path.join(more, id)));
  let items = 0;
  let lines = 0;
  for (const folder of folders) {
    const doc = JSON.parse(await readFile(path.join(folder, DB_FILE), 'utf8')) as { items?: unknown[] };
    const history = await readFile(path.join(folder, EVENTS_FILE), 'utf8').catch(() => '');
    items += doc.items?.length ?? 0;
    lines += history.split('\n').filter(Boolean).length;
  }
  const ledgers = folders.length > 1 ? `${folders.length} 本台账共 ` : '台账 ';
  return `${ledgers}${items} 项，历史记录 ${lines} 行`;
}
